package org.agora.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.agora.agent.internal.AgentComponent;
import org.agora.agent.internal.AgentSettings;
import org.agora.allocator.firstfit.internal.FirstFitAllocator;
import org.agora.api.resources.Resources;
import org.agora.api.tls.TlsMaterial;
import org.agora.http.ClientTls;
import org.agora.http.HttpServerSettings;
import org.agora.http.ServerTls;
import org.agora.master.internal.MasterComponent;
import org.agora.master.internal.MasterSettings;
import org.agora.scheduler.client.SchedulerClient;
import org.agora.scheduler.client.SchedulerClientBuilder;
import org.agora.testing.pki.TestPki;

/**
 * A master (first-fit allocator) and one agent in this JVM on loopback, plaintext or with TLS on every hop: the
 * master serves HTTPS only (tls.required), the agent connects over wss:// and serves HTTPS, and frameworks get an
 * SSL context that trusts the test CA. Keys come from a {@link TestPki} made once per JVM.
 */
final class BenchCluster implements AutoCloseable {
    private static TestPki pki;

    final MasterComponent master;
    final AgentComponent agent;
    final String address;
    final Optional<SSLContext> tls;

    private BenchCluster(MasterComponent master, AgentComponent agent, String address, Optional<SSLContext> tls) {
        this.master = master;
        this.agent = agent;
        this.address = address;
        this.tls = tls;
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
        Map<String, Object> options = new HashMap<>(Map.of("port", 0, "ip", "127.0.0.1", "hostname", "localhost"));
        options.putAll(masterOptions);
        Optional<SSLContext> clientContext = Optional.empty();
        if (tls) {
            options.put("tls.keystore", pki().serverKeystore().toString());
            options.put("tls.keystore.password.file", pki().passwordFile().toString());
            clientContext = Optional.of(TlsMaterial.clientContext(TlsMaterial.trustManagers(pki().caPem(), null),
                    null));
        }
        MasterComponent master = new MasterComponent(MasterSettings.of(options));
        master.useAllocator(new FirstFitAllocator());
        String address = "127.0.0.1:" + awaitPort(master);
        AgentComponent agent = null;
        if (agentResources != null) {
            AgentSettings settings = new AgentSettings(Optional.empty(), Optional.of(address), 0, "127.0.0.1",
                    "localhost", workDir, Optional.of(Resources.parse(agentResources)), List.of(),
                    Duration.ofMillis(50), Duration.ofMillis(500), 3, Duration.ofSeconds(10), false,
                    Duration.ofSeconds(3));
            if (tls) {
                char[] password = TestPki.PASSWORD.toCharArray();
                settings = settings.withHttp(HttpServerSettings.DEFAULTS.withTls(ServerTls.load(
                        pki().serverKeystore(), password, Optional.empty(), new char[0],
                        ServerTls.ClientAuthMode.NONE, true)),
                        Optional.of(ClientTls.trusting(Optional.of(pki().caPem()), null, true)));
            }
            agent = new AgentComponent(settings);
            awaitAgent(master);
        }
        return new BenchCluster(master, agent, address, clientContext);
    }

    /** A scheduler client builder for this cluster's master, with TLS when the cluster has it. */
    SchedulerClientBuilder client() {
        SchedulerClientBuilder b = SchedulerClient.builder(address);
        tls.ifPresent(b::tls);
        return b;
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
