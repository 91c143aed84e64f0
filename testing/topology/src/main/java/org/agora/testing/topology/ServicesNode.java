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

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A copy of the services distribution ({@code karaf-dist/services/target/assembly}: the Marathon-compatible services
 * scheduler alone) run as its own process, with {@code etc/org.agora.services.cfg} set by key: {@code http.port},
 * {@code http.ip}, {@code hostname}, {@code master}, {@code zk} and whatever else the caller gives
 * ({@code zk.session.timeout.ms}, {@code reconcile.timeout.ms}, ...). Several nodes on the same {@code zk} elect one
 * leader; the others redirect the API to it.
 */
public final class ServicesNode extends KarafNode {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final String address;
    private final int port;

    /**
     * @param name         short name, e.g. {@code s1}
     * @param distribution the built services distribution
     * @param home         where its copy goes
     * @param address      the address it listens on, advertises and is reached on
     * @param port         its REST API's port
     * @param master       the {@code master} key: the masters' {@code zk://} URL, or {@code host:port}
     * @param zk           the {@code zk} key: where its state lives and its leader is elected
     * @param keys         further keys of {@code org.agora.services.cfg}
     */
    public ServicesNode(String name, Path distribution, Path home, String address, int port, String master,
            String zk, Map<String, ?> keys) {
        super(name, distribution, home, address, List.of());
        this.address = address;
        this.port = port;
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("http.port", port);
        all.put("http.ip", address);
        all.put("hostname", address);
        all.put("master", master);
        all.put("zk", zk);
        all.putAll(keys);
        cfg("org.agora.services.cfg", all);
    }

    /** {@code http://address:port}. */
    public String url() {
        return "http://" + address + ":" + port;
    }

    /** {@code address:port}, as {@code /v2/leader} names the leader. */
    public String hostPort() {
        return address + ":" + port;
    }

    /** The leader this node reports on {@code /v2/leader}, or empty (no leader, or it does not answer). */
    public Optional<String> leader() {
        return get("/v2/leader").filter(r -> r.statusCode() == 200)
                .map(r -> (String) JsonTree.object(r.body()).get("leader"));
    }

    /** Whether this node answers and names itself as the leader. */
    public boolean leading() {
        return leader().map(hostPort()::equals).orElse(false);
    }

    /** GET {@code path} on this node (redirects not followed); empty when it does not answer. */
    public Optional<HttpResponse<String>> get(String path) {
        return Http.get(url() + path, CALL_TIMEOUT);
    }

    /** {@code method} {@code path} with a JSON body (or none, for {@code null}); empty when it does not answer. */
    public Optional<HttpResponse<String>> send(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(CALL_TIMEOUT);
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            return Optional.of(Http.client().send(b.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return name() + "(" + hostPort() + ")";
    }
}
