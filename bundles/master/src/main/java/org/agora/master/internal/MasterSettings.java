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
package org.agora.master.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.agora.discovery.ZkUrl;
import org.agora.http.HttpServerSettings;
import org.agora.http.ServerTls;

/**
 * The master's options, checked. Construction fails with a message that names the key and the problem, so a
 * malformed configuration leaves the component unsatisfied rather than half running.
 */
public record MasterSettings(int port, String ip, String hostname, String advertisedIp, Optional<ZkUrl> zk,
        Duration zkSessionTimeout, String cluster, Duration agentHeartbeatInterval, Duration agentUnreachableTimeout,
        Duration agentReregisterTimeout, Duration registryMaxAgentAge, int agentRegistrationBacklog, int httpIoThreads,
        Duration allocationInterval, Duration offerTimeout, Duration frameworkHeartbeatInterval,
        int maxCompletedFrameworks, int maxCompletedTasksPerFramework, SecuritySettings security,
        HttpServerSettings http) {

    /**
     * Who must authenticate, and with which services.
     *
     * @param authenticator the authenticator's name; empty for the highest ranked installed one
     * @param authorizer    the authorizer's name; empty for the highest ranked installed one, if any
     */
    public record SecuritySettings(boolean authenticateFrameworks, boolean authenticateHttpReadonly,
            boolean authenticateHttpReadwrite, boolean authenticateAgents, String authenticator, String authorizer) {

        /** Whether anything at all must authenticate. */
        public boolean anyAuthentication() {
            return authenticateFrameworks || authenticateHttpReadonly || authenticateHttpReadwrite
                    || authenticateAgents;
        }
    }

    static final String PID = "org.agora.master";

    /**
     * Settings from configuration properties by their keys ({@code etc/org.agora.master.cfg}'s), defaults for the
     * rest: how tests and embedders configure a master, so that every option has one source of truth.
     *
     * @throws IllegalArgumentException naming the key and the problem
     */
    public static MasterSettings of(Map<String, ?> properties) {
        return from(org.agora.api.config.TypedConfig.read(MasterConfiguration.class, PID, properties));
    }

    public static MasterSettings from(MasterConfiguration c) {
        check(c.port() >= 0 && c.port() <= 65535, "port", c.port(), "is not a port number (0-65535)");
        check(c.zk_session_timeout_ms() > 0, "zk.session.timeout.ms", c.zk_session_timeout_ms(), "must be positive");
        check(c.agent_heartbeat_interval_ms() > 0, "agent.heartbeat.interval.ms", c.agent_heartbeat_interval_ms(),
                "must be positive");
        check(c.agent_unreachable_timeout_ms() > c.agent_heartbeat_interval_ms(), "agent.unreachable.timeout.ms",
                c.agent_unreachable_timeout_ms(), "must be longer than agent.heartbeat.interval.ms ("
                        + c.agent_heartbeat_interval_ms() + ")");
        check(!c.cluster().isBlank() && c.cluster().trim().length() <= 255, "cluster", c.cluster(),
                "must be a name of 1 to 255 characters");
        check(c.agent_reregister_timeout_ms() > 0, "agent.reregister.timeout.ms", c.agent_reregister_timeout_ms(),
                "must be positive");
        check(c.registry_max_agent_age_ms() > 0, "registry.max.agent.age.ms", c.registry_max_agent_age_ms(),
                "must be positive");
        check(c.agent_registration_backlog() >= 0, "agent.registration.backlog", c.agent_registration_backlog(),
                "must not be negative (0 queues every registration)");
        check(c.http_io_threads() > 0, "http.io.threads", c.http_io_threads(), "must be positive");
        check(c.allocation_interval_ms() > 0, "allocation.interval.ms", c.allocation_interval_ms(),
                "must be positive");
        check(c.offer_timeout_ms() >= 0, "offer.timeout.ms", c.offer_timeout_ms(), "must not be negative");
        check(c.framework_heartbeat_interval_ms() >= 1000, "framework.heartbeat.interval.ms",
                c.framework_heartbeat_interval_ms(), "must be at least 1000");
        check(c.max_completed_frameworks() >= 0, "max.completed.frameworks", c.max_completed_frameworks(),
                "must not be negative");
        check(c.max_completed_tasks_per_framework() >= 0, "max.completed.tasks.per.framework",
                c.max_completed_tasks_per_framework(), "must not be negative");
        Optional<ZkUrl> zk;
        try {
            zk = c.zk().isBlank() ? Optional.empty() : Optional.of(ZkUrl.parse(c.zk().trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": zk: " + e.getMessage(), e);
        }
        String hostname = c.hostname().isBlank() ? localHostname() : c.hostname().trim();
        String advertisedIp = !c.ip().isBlank() && !c.ip().equals("0.0.0.0") ? c.ip().trim() : resolve(hostname);
        return new MasterSettings(c.port(), c.ip().trim(), hostname, advertisedIp, zk,
                Duration.ofMillis(c.zk_session_timeout_ms()), c.cluster().trim(),
                Duration.ofMillis(c.agent_heartbeat_interval_ms()), Duration.ofMillis(c.agent_unreachable_timeout_ms()),
                Duration.ofMillis(c.agent_reregister_timeout_ms()), Duration.ofMillis(c.registry_max_agent_age_ms()),
                c.agent_registration_backlog(), c.http_io_threads(),
                Duration.ofMillis(c.allocation_interval_ms()), Duration.ofMillis(c.offer_timeout_ms()),
                Duration.ofMillis(c.framework_heartbeat_interval_ms()), c.max_completed_frameworks(),
                c.max_completed_tasks_per_framework(), new SecuritySettings(c.authenticate_frameworks(),
                        c.authenticate_http_readonly(), c.authenticate_http_readwrite(), c.authenticate_agents(),
                        c.authenticator().trim(), c.authorizer().trim()), http(c));
    }

    /** The HTTP server's limits and TLS; reads the keystore, so a bad one stops the master here. */
    private static HttpServerSettings http(MasterConfiguration c) {
        var tls = ServerTls.fromOptions(PID, c.tls_keystore(), c.tls_keystore_password(),
                c.tls_keystore_password_file(), c.tls_truststore(), c.tls_truststore_password(), c.tls_client_auth(),
                c.tls_required());
        return HttpServerSettings.of(PID, c.http_io_threads(), c.http_max_body_bytes(),
                c.http_max_request_line_bytes(), c.http_max_header_bytes(), c.http_idle_timeout_ms(),
                c.http_header_timeout_ms(), c.http_body_timeout_ms(), c.http_max_connections(),
                c.http_max_pipelined_requests(), tls);
    }

    /** The effective options by their configuration keys, as /master/state and GET_FLAGS report them. */
    public Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("port", Integer.toString(port));
        f.put("ip", ip);
        f.put("hostname", hostname);
        f.put("zk", zk.map(ZkUrl::toString).orElse(""));
        f.put("zk.session.timeout.ms", Long.toString(zkSessionTimeout.toMillis()));
        f.put("cluster", cluster);
        f.put("agent.heartbeat.interval.ms", Long.toString(agentHeartbeatInterval.toMillis()));
        f.put("agent.unreachable.timeout.ms", Long.toString(agentUnreachableTimeout.toMillis()));
        f.put("agent.reregister.timeout.ms", Long.toString(agentReregisterTimeout.toMillis()));
        f.put("registry.max.agent.age.ms", Long.toString(registryMaxAgentAge.toMillis()));
        f.put("agent.registration.backlog", Integer.toString(agentRegistrationBacklog));
        f.put("http.io.threads", Integer.toString(httpIoThreads));
        f.put("allocation.interval.ms", Long.toString(allocationInterval.toMillis()));
        f.put("offer.timeout.ms", Long.toString(offerTimeout.toMillis()));
        f.put("framework.heartbeat.interval.ms", Long.toString(frameworkHeartbeatInterval.toMillis()));
        f.put("max.completed.frameworks", Integer.toString(maxCompletedFrameworks));
        f.put("max.completed.tasks.per.framework", Integer.toString(maxCompletedTasksPerFramework));
        f.put("authenticate.frameworks", Boolean.toString(security.authenticateFrameworks()));
        f.put("authenticate.http.readonly", Boolean.toString(security.authenticateHttpReadonly()));
        f.put("authenticate.http.readwrite", Boolean.toString(security.authenticateHttpReadwrite()));
        f.put("authenticate.agents", Boolean.toString(security.authenticateAgents()));
        f.put("authenticator", security.authenticator());
        f.put("authorizer", security.authorizer());
        f.putAll(http.flags());
        return f;
    }

    private static void check(boolean ok, String key, Object value, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(PID + ": " + key + "=" + value + " " + problem);
        }
    }

    static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    static String resolve(String hostname) {
        try {
            return InetAddress.getByName(hostname).getHostAddress();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }
}
