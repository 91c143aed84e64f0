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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A copy of the agent distribution ({@code karaf-dist/agent/target/assembly}) run as its own process, with
 * {@code etc/org.agora.agent.cfg} set by key ({@code master}, {@code port}, {@code ip}, {@code hostname},
 * {@code work.dir}, and the caller's keys), and its isolation either off ({@code isolation} emptied in
 * {@code etc/org.agora.containerizer.mesos.cfg}) or under a cgroups root of its own
 * ({@code cgroups.root} in {@code etc/org.agora.isolator.cgroups.cfg}), which {@link #close()} removes.
 *
 * <p>The agent's tasks are its child processes; when the agent is killed they live on, as they would. This class
 * remembers them at each {@link #kill9()} and kills whatever is left of them, and of the running agent's children,
 * in {@link #close()}.
 */
public final class AgentNode extends KarafNode {
    private final String address;
    private final int port;
    private final Optional<String> cgroupsRoot;
    private final Set<ProcessHandle> tasks = ConcurrentHashMap.newKeySet();

    /**
     * @param name         short name, e.g. {@code a1}
     * @param distribution the built agent distribution
     * @param home         where its copy goes; its work directory is {@code home/work}
     * @param address      the address it listens on and advertises
     * @param port         its HTTP port
     * @param master       the {@code master} key: {@code zk://...} or {@code host:port}
     * @param keys         further keys of {@code org.agora.agent.cfg} ({@code resources}, ...)
     * @param cgroupsRoot  a cgroups root of its own for the cgroups isolators (needs root), or empty to run tasks
     *                     without isolation
     * @param prefix       a command prefix for {@code bin/start} (e.g. {@code ip netns exec ns}), or empty
     */
    public AgentNode(String name, Path distribution, Path home, String address, int port, String master,
            Map<String, ?> keys, Optional<String> cgroupsRoot, List<String> prefix) {
        super(name, distribution, home, address, prefix);
        this.address = address;
        this.port = port;
        this.cgroupsRoot = cgroupsRoot;
        try {
            Files.createDirectories(home.resolve("work"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("master", master);
        all.put("port", port);
        all.put("ip", address);
        all.put("hostname", address);
        all.put("work.dir", home.resolve("work").toString());
        all.putAll(keys);
        cfg("org.agora.agent.cfg", all);
        if (cgroupsRoot.isPresent()) {
            cfg("org.agora.isolator.cgroups.cfg", Map.of("cgroups.root", cgroupsRoot.get()));
        } else {
            cfg("org.agora.containerizer.mesos.cfg", Map.of("isolation", ""));
        }
    }

    /** {@code http://address:port}. */
    public String url() {
        return "http://" + address + ":" + port;
    }

    /** Its {@code /state} as JSON values, or empty when it does not answer. */
    public Optional<Map<String, Object>> state() {
        return Http.get(url() + "/state", Duration.ofSeconds(2)).filter(r -> r.statusCode() == 200)
                .map(r -> JsonTree.object(r.body()));
    }

    /** The agent id it has (from its state), once registered. */
    public Optional<String> id() {
        return state().map(s -> (String) s.get("id"));
    }

    /** Its {@code registration} state ({@code REGISTERED}, ...), or empty when it does not answer. */
    public Optional<String> registration() {
        return state().map(s -> (String) s.get("registration"));
    }

    @Override
    protected void beforeKill(ProcessHandle karaf) {
        karaf.descendants().forEach(tasks::add);
    }

    /** Kills the agent, then what is left of its tasks, then removes its cgroups. */
    @Override
    public void close() {
        handle().ifPresent(p -> p.descendants().forEach(tasks::add));
        try {
            super.close();
        } finally {
            tasks.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            cgroupsRoot.ifPresent(Cgroups::remove);
        }
    }

    @Override
    public String toString() {
        return name() + "(" + address + ":" + port + ")";
    }
}
