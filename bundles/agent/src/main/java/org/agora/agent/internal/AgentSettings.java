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
package org.agora.agent.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.agora.agent.internal.resources.AttributeParser;
import org.agora.agent.internal.security.SecurityOptions;
import org.agora.agent.internal.task.ExecutorSettings;
import org.agora.agent.internal.task.RecoveryMode;
import org.agora.agent.internal.task.TaskSettings;
import org.agora.api.resources.Resources;
import org.agora.api.tls.TlsMaterial;
import org.agora.api.tls.TlsMaterialException;
import org.agora.api.v1.Protos.Attribute;
import org.agora.discovery.ZkUrl;
import org.agora.http.ClientTls;
import org.agora.http.HttpServerSettings;
import org.agora.http.ServerTls;

/**
 * The agent's options, checked: a malformed value fails construction with a message naming the key, so the
 * component stays unsatisfied instead of half running.
 *
 * @param zk set when the master is found through ZooKeeper
 * @param masterAddress set when a single master is given as host:port
 * @param recover whether checkpointed tasks outlive an agent restart (Mesos's --recover)
 * @param executors how custom executors are treated (registration timeouts, shutdown grace period)
 * @param security who may call the agent (HTTP authentication and authorization, executors' tokens) and the
 *        credential it presents to the master
 * @param http the limits and TLS of the agent's HTTP server
 * @param masterTls TLS to the master's agent channel (wss://), when present
 */
public record AgentSettings(Optional<ZkUrl> zk, Optional<String> masterAddress, int port, String ip,
        String hostname, Path workDir, Optional<Resources> resources, List<Attribute> attributes,
        Duration backoff, Duration backoffMax, int masterMissedHeartbeats, Duration zkSessionTimeout,
        boolean switchUser, Duration taskKillGracePeriod, RecoveryMode recover, ExecutorSettings executors,
        SecurityOptions security, HttpServerSettings http, Optional<ClientTls> masterTls) {

    static final String PID = "org.agora.agent";

    /** The same settings with other executor timeouts. */
    public AgentSettings withExecutors(ExecutorSettings executorSettings) {
        return new AgentSettings(zk, masterAddress, port, ip, hostname, workDir, resources, attributes, backoff,
                backoffMax, masterMissedHeartbeats, zkSessionTimeout, switchUser, taskKillGracePeriod, recover,
                executorSettings, security, http, masterTls);
    }

    /** The same settings with other security options. */
    public AgentSettings withSecurity(SecurityOptions securityOptions) {
        return new AgentSettings(zk, masterAddress, port, ip, hostname, workDir, resources, attributes, backoff,
                backoffMax, masterMissedHeartbeats, zkSessionTimeout, switchUser, taskKillGracePeriod, recover,
                executors, securityOptions, http, masterTls);
    }

    /** The same settings with another HTTP server (limits, TLS) and TLS to the master (wss://) when present. */
    public AgentSettings withHttp(HttpServerSettings server, Optional<ClientTls> toMaster) {
        return new AgentSettings(zk, masterAddress, port, ip, hostname, workDir, resources, attributes, backoff,
                backoffMax, masterMissedHeartbeats, zkSessionTimeout, switchUser, taskKillGracePeriod, recover,
                executors, security, server, toMaster);
    }

    /**
     * Settings from configuration properties by their keys ({@code etc/org.agora.agent.cfg}'s), defaults for the
     * rest: how tests and embedders configure an agent, so that every option has one source of truth.
     *
     * @throws IllegalArgumentException naming the key and the problem
     */
    public static AgentSettings of(Map<String, ?> properties) {
        return from(org.agora.api.config.TypedConfig.read(AgentConfiguration.class, PID, properties));
    }

    public static AgentSettings from(AgentConfiguration c) {
        check(c.port() >= 0 && c.port() <= 65535, "port", c.port(), "is not a port number (0-65535)");
        check(c.registration_backoff_ms() > 0, "registration.backoff.ms", c.registration_backoff_ms(),
                "must be positive");
        check(c.registration_backoff_max_ms() >= c.registration_backoff_ms(), "registration.backoff.max.ms",
                c.registration_backoff_max_ms(), "must be at least registration.backoff.ms");
        check(c.master_missed_heartbeats() > 0, "master.missed.heartbeats", c.master_missed_heartbeats(),
                "must be positive");
        check(c.zk_session_timeout_ms() > 0, "zk.session.timeout.ms", c.zk_session_timeout_ms(), "must be positive");
        check(c.task_kill_grace_period_ms() >= 0, "task.kill.grace.period.ms", c.task_kill_grace_period_ms(),
                "must not be negative");
        check(c.executor_registration_timeout_ms() > 0, "executor.registration.timeout.ms",
                c.executor_registration_timeout_ms(), "must be positive");
        check(c.executor_reregistration_timeout_ms() > 0, "executor.reregistration.timeout.ms",
                c.executor_reregistration_timeout_ms(), "must be positive");
        check(c.executor_shutdown_grace_period_ms() >= 0, "executor.shutdown.grace.period.ms",
                c.executor_shutdown_grace_period_ms(), "must not be negative");
        check(c.recovery_timeout_ms() > 0, "recovery.timeout.ms", c.recovery_timeout_ms(), "must be positive");
        String master = c.master().trim();
        Optional<ZkUrl> zk = Optional.empty();
        Optional<String> address = Optional.empty();
        if (master.startsWith("zk://")) {
            try {
                zk = Optional.of(ZkUrl.parse(master));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PID + ": master: " + e.getMessage(), e);
            }
        } else {
            check(master.matches("[^:/\\s]+:\\d{1,5}"), "master", master, "must be zk://host:port/path or host:port");
            address = Optional.of(master);
        }
        Optional<Resources> resources;
        try {
            resources = c.resources().isBlank() ? Optional.empty() : Optional.of(Resources.parse(c.resources()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": resources: " + e.getMessage(), e);
        }
        List<Attribute> attributes;
        try {
            attributes = AttributeParser.parse(c.attributes());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": attributes: " + e.getMessage(), e);
        }
        RecoveryMode recover;
        try {
            recover = RecoveryMode.parse(c.recover());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": recover=" + c.recover() + " must be reconnect or cleanup", e);
        }
        String hostname = c.hostname().isBlank() ? localHostname() : c.hostname().trim();
        Path workDir = c.work_dir().isBlank()
                ? Paths.get(System.getProperty("karaf.data", "data"), "agent") : Paths.get(c.work_dir().trim());
        return new AgentSettings(zk, address, c.port(), c.ip().trim(), hostname, workDir.toAbsolutePath(),
                resources, attributes, Duration.ofMillis(c.registration_backoff_ms()),
                Duration.ofMillis(c.registration_backoff_max_ms()), c.master_missed_heartbeats(),
                Duration.ofMillis(c.zk_session_timeout_ms()), c.switch_user(),
                Duration.ofMillis(c.task_kill_grace_period_ms()), recover, new ExecutorSettings(
                        Duration.ofMillis(c.executor_registration_timeout_ms()),
                        Duration.ofMillis(c.executor_reregistration_timeout_ms()),
                        Duration.ofMillis(c.executor_shutdown_grace_period_ms()),
                        ExecutorSettings.DEFAULTS.heartbeatInterval(), Duration.ofMillis(c.recovery_timeout_ms())),
                new SecurityOptions(c.authenticate_http_readonly(), c.authenticate_http_readwrite(),
                        c.authenticate_http_executors(), c.authenticator().trim(), c.authorizer().trim(),
                        file(c.executor_secret_key()), file(c.credential())), http(c), masterTls(c));
    }

    /** The HTTP server's limits and TLS; reads the keystore, so a bad one stops the agent here. */
    private static HttpServerSettings http(AgentConfiguration c) {
        var tls = ServerTls.fromOptions(PID, c.tls_keystore(), c.tls_keystore_password(),
                c.tls_keystore_password_file(), c.tls_truststore(), c.tls_truststore_password(), c.tls_client_auth(),
                c.tls_required());
        return HttpServerSettings.of(PID, c.http_io_threads(), c.http_max_body_bytes(),
                c.http_max_request_line_bytes(), c.http_max_header_bytes(), c.http_idle_timeout_ms(),
                c.http_header_timeout_ms(), c.http_body_timeout_ms(), c.http_max_connections(),
                c.http_max_pipelined_requests(), tls);
    }

    /**
     * TLS to the master: its certificate checked against master.tls.truststore (or the JDK's CAs); the agent's own
     * tls.keystore presented when the master asks for a client certificate.
     */
    private static Optional<ClientTls> masterTls(AgentConfiguration c) {
        if (!c.master_tls()) {
            check(c.master_tls_truststore().isBlank(), "master.tls.truststore", c.master_tls_truststore(),
                    "is set but master.tls is false");
            return Optional.empty();
        }
        TrustManagerFactory trust;
        try {
            trust = c.master_tls_truststore().isBlank() ? null : TlsMaterial.trustManagers(
                    Path.of(c.master_tls_truststore().trim()), c.master_tls_truststore_password().toCharArray());
        } catch (TlsMaterialException e) {
            throw new IllegalArgumentException(PID + ": master.tls.truststore: " + e.getMessage(), e);
        }
        KeyManagerFactory keys = null;
        if (!c.tls_keystore().isBlank()) {
            // already read once for the server, with the same password rules: its errors were reported there
            keys = TlsMaterial.keyManagers(Path.of(c.tls_keystore().trim()), ServerTls.password(PID, "tls.keystore",
                    c.tls_keystore_password(), c.tls_keystore_password_file()));
        }
        return Optional.of(ClientTls.create(trust, keys, c.master_tls_verify_hostname()));
    }

    private static Optional<Path> file(String path) {
        return path.isBlank() ? Optional.empty() : Optional.of(Paths.get(path.trim()).toAbsolutePath());
    }

    /** What command tasks need of these settings, with Mesos's status update retry intervals. */
    public TaskSettings tasks() {
        return TaskSettings.of(workDir, switchUser, taskKillGracePeriod, recover, executors);
    }

    private static void check(boolean ok, String key, Object value, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(PID + ": " + key + "=" + value + " " + problem);
        }
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The effective options by their configuration keys, as the agent's /state reports them. */
    public Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("master", zk.map(ZkUrl::toString).orElse(masterAddress.orElse("")));
        f.put("port", Integer.toString(port));
        f.put("ip", ip);
        f.put("hostname", hostname);
        f.put("work.dir", workDir.toString());
        f.put("resources", resources.map(Resources::toString).orElse(""));
        f.put("registration.backoff.ms", Long.toString(backoff.toMillis()));
        f.put("registration.backoff.max.ms", Long.toString(backoffMax.toMillis()));
        f.put("master.missed.heartbeats", Integer.toString(masterMissedHeartbeats));
        f.put("switch.user", Boolean.toString(switchUser));
        f.put("task.kill.grace.period.ms", Long.toString(taskKillGracePeriod.toMillis()));
        f.put("recover", recover.configValue());
        f.put("executor.registration.timeout.ms", Long.toString(executors.registrationTimeout().toMillis()));
        f.put("executor.reregistration.timeout.ms", Long.toString(executors.reregistrationTimeout().toMillis()));
        f.put("executor.shutdown.grace.period.ms", Long.toString(executors.shutdownGracePeriod().toMillis()));
        f.put("recovery.timeout.ms", Long.toString(executors.recoveryTimeout().toMillis()));
        f.put("authenticate.http.readonly", Boolean.toString(security.authenticateReadonly()));
        f.put("authenticate.http.readwrite", Boolean.toString(security.authenticateReadwrite()));
        f.put("authenticate.http.executors", Boolean.toString(security.authenticateExecutors()));
        f.put("authenticator", security.authenticator());
        f.put("authorizer", security.authorizer());
        // where the key and credential are, never what they hold
        f.put("executor.secret.key", security.executorSecretKey().map(Path::toString).orElse(""));
        f.put("credential", security.credential().map(Path::toString).orElse(""));
        f.put("http.io.threads", Integer.toString(http.ioThreads()));
        f.putAll(http.flags());
        f.put("master.tls", Boolean.toString(masterTls.isPresent()));
        f.put("master.tls.verify.hostname", Boolean.toString(masterTls.map(ClientTls::verifiesHostname)
                .orElse(false)));
        return f;
    }
}
