/*
 * Copyright 2026 the Agora authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except in compliance with
 * the License. You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software distributed under the License is distributed on
 * an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the
 * specific language governing permissions and limitations under the License.
 */
package org.agora.testing.topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A copy of the master distribution ({@code karaf-dist/master/target/assembly}) run as its own process, with the
 * keys of {@code etc/org.agora.master.cfg} set by key: {@code port}, {@code ip}, {@code hostname}, {@code zk} and
 * whatever else the caller gives ({@code zk.session.timeout.ms}, {@code agent.unreachable.timeout.ms}, ...).
 */
public final class MasterNode extends KarafNode {
    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(2);

    private final String address;
    private final int port;

    /**
     * @param name         short name, e.g. {@code m1}
     * @param distribution the built master distribution
     * @param home         where its copy goes
     * @param ip           value of the {@code ip} key: the address it listens on ({@code 0.0.0.0} for every
     *                     interface of its network namespace)
     * @param address      the address it advertises and this harness reaches it on (set as {@code hostname})
     * @param port         its HTTP port
     * @param zk           the {@code zk://} URL of the ensemble
     * @param keys         further keys of {@code org.agora.master.cfg}
     * @param prefix       a command prefix for {@code bin/start} (e.g. {@code ip netns exec ns}), or empty
     */
    public MasterNode(String name, Path distribution, Path home, String ip, String address, int port, String zk,
            Map<String, ?> keys, List<String> prefix) {
        super(name, distribution, home, address, prefix);
        this.address = address;
        this.port = port;
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("port", port);
        all.put("ip", ip);
        all.put("hostname", address);
        all.put("zk", zk);
        all.putAll(keys);
        cfg("org.agora.master.cfg", all);
    }

    /** {@code http://address:port}. */
    public String url() {
        return "http://" + address + ":" + port;
    }

    /** {@code master@address:port}, the {@code pid} it reports in its state. */
    public String pidName() {
        return "master@" + address + ":" + port;
    }

    public int port() {
        return port;
    }

    public String address() {
        return address;
    }

    /** Its {@code /master/state}, or empty when it does not answer (down, starting, partitioned away). */
    public Optional<MasterState> state() {
        return state(url());
    }

    /** The state of the master at {@code baseUrl} (e.g. through another link to the same master). */
    public static Optional<MasterState> state(String baseUrl) {
        return Http.get(baseUrl + "/master/state", STATE_TIMEOUT).filter(r -> r.statusCode() == 200)
                .map(r -> MasterState.parse(r.body()));
    }

    /** Whether it answers and claims to lead (see {@link MasterState#leading()}). */
    public boolean leading() {
        return state().map(MasterState::leading).orElse(false);
    }

    /** Whether its HTTP server answers {@code /health}. */
    public boolean healthy() {
        return Http.get(url() + "/health", STATE_TIMEOUT).map(r -> r.statusCode() == 200).orElse(false);
    }

    @Override
    public String toString() {
        return name() + "(" + pidName() + ")";
    }
}
