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
package org.agora.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.agora.agent.internal.AgentComponent;
import org.agora.agent.internal.AgentSettings;
import org.agora.agent.internal.security.SecurityOptions;
import org.agora.allocator.firstfit.internal.FirstFitAllocator;
import org.agora.api.tls.TlsMaterial;
import org.agora.http.ClientTls;
import org.agora.http.HttpServerSettings;
import org.agora.http.ServerTls;
import org.agora.master.internal.MasterComponent;
import org.agora.master.internal.MasterSettings;
import org.agora.scheduler.client.SchedulerClient;
import org.agora.scheduler.client.SchedulerClientBuilder;
import org.agora.security.acl.internal.LocalAuthorizer;
import org.agora.security.credentials.internal.CredentialsAuthenticator;
import org.agora.testing.pki.TestPki;

/**
 * A master (first-fit allocator) and one agent in this JVM on loopback, in one of three {@link Mode}s: plaintext;
 * TLS on every hop (the master serves HTTPS only, the agent connects over wss:// and serves HTTPS, frameworks get an
 * SSL context that trusts the test CA); or TLS with authentication and authorization on as {@code bin/agora-secure}
 * sets them (frameworks, agents and HTTP callers authenticate with HTTP Basic against a Mesos credentials file, the
 * Mesos ACLs of the local authorizer decide). Keys come from a {@link TestPki} made once per JVM.
 */
final class BenchCluster implements AutoCloseable {
    /** How the cluster is protected. */
    enum Mode {
        PLAIN, TLS, SECURE;

        /** {@code plain}, {@code tls}, {@code secure}; {@code both} is plain and tls, {@code all} every mode. */
        static List<Mode> parse(String transport) {
            return switch (transport) {
                case "plain" -> List.of(PLAIN);
                case "tls" -> List.of(TLS);
                case "secure" -> List.of(SECURE);
                case "both" -> List.of(PLAIN, TLS);
                case "all" -> List.of(PLAIN, TLS, SECURE);
                default -> throw new IllegalArgumentException("transport '" + transport
                        + "': plain, tls, secure (TLS with authentication and ACLs), both (plain, tls) or all");
            };
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The principal frameworks authenticate as in {@link Mode#SECURE}, and its secret. */
    static final String PRINCIPAL = "bench";
    static final String SECRET = "bench-secret";

    private static TestPki pki;

    final MasterComponent master;
    final AgentComponent agent;
    final String address;
    final Optional<SSLContext> tls;
    final Mode mode;

    private BenchCluster(MasterComponent master, AgentComponent agent, String address, Optional<SSLContext> tls,
            Mode mode) {
        this.master = master;
        this.agent = agent;
        this.address = address;
        this.tls = tls;
        this.mode = mode;
    }

    static synchronized TestPki pki() {
        if (pki == null) {
            pki = TestPki.createTemporary();
        }
        return pki;
    }

    /**
     * @param masterOptions master options on top of port 0 on 127.0.0.1 (and the TLS ones)
     * @param agentResources the agent's resources, or null for no agent
     */
    static BenchCluster start(boolean tls, Path workDir, Map<String, Object> masterOptions, String agentResources)
            throws Exception {
        return start(tls ? Mode.TLS : Mode.PLAIN, workDir, masterOptions, agentResources);
    }

    /**
     * @param masterOptions master options on top of port 0 on 127.0.0.1 (and those of the mode)
     * @param agentResources the agent's resources, or null for no agent
     */
    static BenchCluster start(Mode mode, Path workDir, Map<String, Object> masterOptions, String agentResources)
            throws Exception {
        boolean tls = mode != Mode.PLAIN;
        Map<String, Object> options = new HashMap<>(Map.of("port", 0, "ip", "127.0.0.1", "hostname", "localhost"));
        options.putAll(masterOptions);
        if (mode == Mode.SECURE) {
            for (String k : List.of("authenticate.frameworks", "authenticate.agents", "authenticate.http.readonly",
                    "authenticate.http.readwrite")) {
                options.put(k, true);
            }
        }
        Optional<SSLContext> clientContext = Optional.empty();
        if (tls) {
            options.put("tls.keystore", pki().serverKeystore().toString());
            options.put("tls.keystore.password.file", pki().passwordFile().toString());
            clientContext = Optional.of(TlsMaterial.clientContext(TlsMaterial.trustManagers(pki().caPem(), null),
                    null));
        }
        MasterComponent master = new MasterComponent(MasterSettings.of(options));
        master.useAllocator(new FirstFitAllocator());
        Optional<Path> agentCredential = Optional.empty();
        if (mode == Mode.SECURE) {
            agentCredential = Optional.of(secure(workDir, master));
        }
        String address = "127.0.0.1:" + awaitPort(master);
        AgentComponent agent = null;
        if (agentResources != null) {
            AgentSettings settings = AgentSettings.of(Map.of("master", address, "port", 0, "ip", "127.0.0.1",
                    "hostname", "localhost", "work.dir", workDir.toString(), "resources", agentResources,
                    "registration.backoff.ms", 50, "registration.backoff.max.ms", 500, "switch.user", false));
            if (tls) {
                char[] password = TestPki.PASSWORD.toCharArray();
                settings = settings.withHttp(HttpServerSettings.DEFAULTS.withTls(ServerTls.load(
                        pki().serverKeystore(), password, Optional.empty(), new char[0],
                        ServerTls.ClientAuthMode.NONE, true)),
                        Optional.of(ClientTls.trusting(Optional.of(pki().caPem()), null, true)));
            }
            if (agentCredential.isPresent()) {
                settings = settings.withSecurity(new SecurityOptions(false, false, true, "", "", Optional.empty(),
                        agentCredential));
            }
            agent = new AgentComponent(settings);
            awaitAgent(master);
        }
        return new BenchCluster(master, agent, address, clientContext, mode);
    }

    /**
     * Gives the master the real credentials authenticator and local authorizer, on files in {@code dir} as
     * bin/agora-secure writes them; returns the agent's credential file.
     */
    private static Path secure(Path dir, MasterComponent master) throws Exception {
        Path credentials = dir.resolve("credentials.json");
        Files.createFile(credentials, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(credentials, "{\"credentials\": [{\"principal\": \"" + PRINCIPAL + "\", \"secret\": \""
                + SECRET + "\"}, {\"principal\": \"agent\", \"secret\": \"agent-secret\"}]}");
        Path acls = dir.resolve("acls.json");
        Files.writeString(acls, """
                {"permissive": false,
                 "register_frameworks": [{"principals": {"values": ["%1$s"]}, "roles": {"type": "ANY"}}],
                 "run_tasks": [{"principals": {"values": ["%1$s"]}, "users": {"values": ["root"]}}],
                 "teardown_frameworks": [{"principals": {"values": ["%1$s"]},
                                          "framework_principals": {"values": ["%1$s"]}}],
                 "register_agents": [{"principals": {"values": ["agent"]}, "agents": {"type": "ANY"}}]}
                """.formatted(PRINCIPAL));
        master.useAuthenticator(new CredentialsAuthenticator(Map.of("path", credentials.toString(),
                "reload.interval.ms", 0)));
        master.useAuthorizer(new LocalAuthorizer(Map.of("path", acls.toString(), "reload.interval.ms", 0)));
        Path agentCredential = dir.resolve("agent-credential.json");
        Files.createFile(agentCredential, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(agentCredential, "{\"principal\": \"agent\", \"secret\": \"agent-secret\"}");
        return agentCredential;
    }

    /** A scheduler client builder for this cluster's master, with TLS and credentials when the cluster has them. */
    SchedulerClientBuilder client() {
        SchedulerClientBuilder b = SchedulerClient.builder(address);
        tls.ifPresent(b::tls);
        if (mode == Mode.SECURE) {
            b.credentials(PRINCIPAL, SECRET);
        }
        return b;
    }

    /** {@code info} with the principal frameworks subscribe as in this mode. */
    org.agora.api.v1.Protos.FrameworkInfo framework(org.agora.api.v1.Protos.FrameworkInfo.Builder info) {
        return (mode == Mode.SECURE ? info.setPrincipal(PRINCIPAL) : info).build();
    }

    /** The Authorization header line frameworks send in this mode, if any. */
    Optional<String> authorizationHeader() {
        return mode != Mode.SECURE ? Optional.empty() : Optional.of("Authorization: Basic " + java.util.Base64
                .getEncoder().encodeToString((PRINCIPAL + ":" + SECRET).getBytes(StandardCharsets.UTF_8)));
    }

    int port() {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1));
    }

    private static int awaitPort(MasterComponent master) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                var s = master.snapshot().get(5, TimeUnit.SECONDS);
                if (s.leading()) {
                    return s.self().getPort();
                }
            } catch (Exception starting) {
                // still starting
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("master did not start");
    }

    private static void awaitAgent(MasterComponent master) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (master.snapshot().get(5, TimeUnit.SECONDS).agents().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("agent did not register");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.stop();
        }
        master.stop();
    }
}
