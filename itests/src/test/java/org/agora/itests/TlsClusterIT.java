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
package org.agora.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.agora.agent.internal.AgentComponent;
import org.agora.agent.internal.AgentConfiguration;
import org.agora.agent.internal.AgentSettings;
import org.agora.allocator.firstfit.internal.FirstFitAllocator;
import org.agora.api.config.TypedConfig;
import org.agora.api.resources.Resources;
import org.agora.api.tls.TlsMaterial;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.master.internal.MasterComponent;
import org.agora.master.internal.MasterSettings;
import org.agora.scheduler.client.ContentType;
import org.agora.testing.pki.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master and an agent configured with keystores, as their .cfg files would: every hop (framework to master, the
 * agent channel, operator calls to the agent) over TLS with certificates made by keytool, plaintext refused, and
 * a short idle timeout that must not cut the framework's event stream or the agent channel.
 */
class TlsClusterIT {
    @TempDir
    static Path dir;

    private static TestPki pki;
    private static MasterComponent master;
    private static AgentComponent agent;
    private static int masterPort;
    private static SSLContext trustingCa;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        trustingCa = TlsMaterial.clientContext(TlsMaterial.trustManagers(pki.caPem(), null), null);
        Map<String, Object> masterConfig = new HashMap<>(Map.of("port", 0, "ip", "127.0.0.1",
                "hostname", "localhost", "agent.heartbeat.interval.ms", 200, "agent.unreachable.timeout.ms", 2000,
                "allocation.interval.ms", 200, "framework.heartbeat.interval.ms", 1000,
                "http.idle.timeout.ms", 500));
        masterConfig.putAll(Map.of("tls.keystore", pki.serverKeystore().toString(),
                "tls.keystore.password.file", pki.passwordFile().toString()));
        master = new MasterComponent(MasterSettings.of(masterConfig));
        master.useAllocator(new FirstFitAllocator());
        InProcessCluster.awaitLeading(master);
        masterPort = master.snapshot().get(5, TimeUnit.SECONDS).self().getPort();

        Map<String, Object> agentConfig = new HashMap<>(Map.of("master", "127.0.0.1:" + masterPort, "port", 0,
                "ip", "127.0.0.1", "hostname", "localhost", "work.dir", dir.resolve("agent").toString(),
                "resources", "cpus:2;mem:1024;disk:100", "switch.user", false, "http.idle.timeout.ms", 500));
        agentConfig.putAll(Map.of("tls.keystore", pki.serverKeystore().toString(),
                "tls.keystore.password", TestPki.PASSWORD, "master.tls", true,
                "master.tls.truststore", pki.caPem().toString()));
        agent = new AgentComponent(AgentSettings.from(TypedConfig.read(AgentConfiguration.class, "org.agora.agent",
                agentConfig)));
        InProcessCluster.awaitAgents(master, 1);
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.stop();
        }
        if (master != null) {
            master.stop();
        }
    }

    @Test
    void aTaskRunsWithEveryHopOverTls() throws Exception {
        try (Framework f = new Framework("127.0.0.1:" + masterPort, ContentType.PROTOBUF, trustingCa)) {
            f.client.subscribe(Framework.info("tls").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            TaskInfo task = TaskInfo.newBuilder().setName("tls-echo").setTaskId(TaskID.newBuilder()
                    .setValue("tls-echo")).setAgentId(o.getAgentId())
                    .addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                    .setCommand(CommandInfo.newBuilder().setValue("echo over-tls")).build();
            f.client.launch(List.of(o.getId()), List.of(task), Filters.newBuilder().setRefuseSeconds(0).build())
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("tls-echo") == TaskState.TASK_FINISHED);
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theEventStreamAndTheAgentChannelOutliveTheIdleTimeout() throws Exception {
        try (Framework f = new Framework("127.0.0.1:" + masterPort, ContentType.JSON, trustingCa)) {
            f.client.subscribe(Framework.info("tls-idle").build()).get(10, TimeUnit.SECONDS);
            awaitAnIdleTlsConnectionClosed();
            int heartbeats = f.heartbeats.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> f.heartbeats.get() > heartbeats);
            assertThat(f.disconnects).isEmpty();
            assertThat(f.client.isConnected()).isTrue();
            // an agent whose channel had been cut would have re-registered
            assertThat(master.snapshot().get(5, TimeUnit.SECONDS).agents()).singleElement()
                    .satisfies(a -> assertThat(a.reregisteredTime()).isEmpty());
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theAgentServesHttpsAndRefusesPlaintext() throws Exception {
        int agentPort = master.snapshot().get(5, TimeUnit.SECONDS).agents().get(0).info().getPort();
        HttpResponse<String> state = HttpClient.newBuilder().sslContext(trustingCa).build().send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + agentPort + "/state"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(state.body()).contains("\"master.tls\":\"true\"").doesNotContain(TestPki.PASSWORD);
        assertThat(plaintext(agentPort)).startsWith("HTTP/1.1 400 ").contains("HTTPS (TLS) only");
        assertThat(plaintext(masterPort)).startsWith("HTTP/1.1 400 ");
    }

    private static String plaintext(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /state HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** A TLS connection that completes its handshake and sends nothing is closed by the master's idle timeout. */
    private static void awaitAnIdleTlsConnectionClosed() throws Exception {
        try (SSLSocket s = (SSLSocket) trustingCa.getSocketFactory().createSocket("127.0.0.1", masterPort)) {
            s.startHandshake();
            s.setSoTimeout(10_000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }
}
