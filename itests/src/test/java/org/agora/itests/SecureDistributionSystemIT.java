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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.agora.api.json.ProtoJson;
import org.agora.api.resources.Resources;
import org.agora.api.tls.TlsMaterial;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.master.Protos.Response;
import org.agora.testing.pki.TestPki;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The security suite: the built local distribution with everything on, as {@code bin/agora-secure} (and so
 * {@code ./local-cluster.sh start --secure}) sets it up: HTTP Basic for frameworks, operators and the agent, the Mesos
 * ACLs it writes, TLS on every endpoint with plaintext refused, executor tokens, ZooKeeper digest ACLs. It is driven
 * from outside as a hostile client and as the legitimate principals would drive it; every refusal is checked for its
 * status and message and for having changed nothing.
 */
class SecureDistributionSystemIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static LocalDistribution dist;
    private static Path secure;
    private static HttpClient https;
    private static SSLContext trustingCa;
    private static TestPki strangerPki;

    @BeforeAll
    static void start() throws Exception {
        dist = new LocalDistribution("secure-test");
        StringBuilder out = new StringBuilder();
        int rc = dist.run(Duration.ofSeconds(120), out, "", List.of("bin/agora-secure"));
        assertThat(rc).as("bin/agora-secure: %s", out).isZero();
        secure = dist.home.resolve("etc/secure");
        trustingCa = TlsMaterial.clientContext(TlsMaterial.trustManagers(secure.resolve("ca.pem"), null), null);
        https = HttpClient.newBuilder().sslContext(trustingCa).connectTimeout(Duration.ofSeconds(5)).build();
        strangerPki = TestPki.create(dist.home.resolve("stranger-pki"));
        dist.start();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> get(master("/master/state"), "readonly").body().contains("\"activated_slaves\":1"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (dist != null) {
            dist.close();
        }
    }

    private static URI master(String path) {
        return URI.create("https://127.0.0.1:" + dist.masterPort + path);
    }

    private static URI agent(String path) {
        return URI.create("https://127.0.0.1:" + dist.agentPort + path);
    }

    private static String secret(String principal) throws Exception {
        return Files.readAllLines(secure.resolve(principal + ".secret")).get(0).strip();
    }

    private static String basic(String principal, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((principal + ":" + secret)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The Authorization header of {@code principal}, or none for null. */
    private static String[] as(String principal) throws Exception {
        return principal == null ? new String[0] : new String[] {"Authorization", basic(principal, secret(principal))};
    }

    private static HttpResponse<String> get(URI uri, String principal) throws Exception {
        return send(HttpRequest.newBuilder(uri).GET(), as(principal));
    }

    private static HttpResponse<String> post(URI uri, String json, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)), headers);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b, String... headers) throws Exception {
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return https.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Response operator(String principal, String json) throws Exception {
        HttpResponse<String> r = post(master("/api/v1"), json, as(principal));
        assertThat(r.statusCode()).as("%s as %s: %s", json, principal, r.body()).isEqualTo(200);
        return ProtoJson.merge(r.body(), Response.newBuilder()).build();
    }

    private static ProbeScheduler framework(String principal, String secret) throws Exception {
        return new ProbeScheduler(https, master("/"), FrameworkInfo.newBuilder().setName("suite-" + principal)
                .setUser("nobody").setPrincipal("framework").addRoles("*").addCapabilities(FrameworkInfo.Capability
                        .newBuilder().setType(FrameworkInfo.Capability.Type.MULTI_ROLE)).build(),
                basic(principal, secret));
    }

    private static TaskInfo task(String id, Offer offer, String user, String command) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(offer.getAgentId()).addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                .setCommand(CommandInfo.newBuilder().setValue(command).setUser(user)).build();
    }

    @Test
    void plaintextIsRefusedAndAServerNotSignedByTheTrustedCaIsNotSpokenTo() throws Exception {
        for (int port : new int[] {dist.masterPort, dist.agentPort}) {
            assertThat(plaintext(port, "GET /state HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 400 ")
                    .contains("HTTPS (TLS) only");
        }
        SSLContext stranger = TlsMaterial.clientContext(TlsMaterial.trustManagers(strangerPki.caPem(), null), null);
        HttpClient wrongTrust = HttpClient.newBuilder().sslContext(stranger).build();
        for (URI uri : List.of(master("/health"), agent("/health"))) {
            assertThatThrownBy(() -> wrongTrust.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(
                    javax.net.ssl.SSLHandshakeException.class);
        }
        assertThat(get(master("/health"), null).statusCode()).isEqualTo(200);
    }

    @Test
    void everyEndpointAsksForCredentialsAndRefusesWrongOnes() throws Exception {
        List<HttpRequest.Builder> calls = new ArrayList<>();
        for (String path : List.of("/master/state", "/state", "/state.json", "/metrics/snapshot",
                "/metrics/prometheus")) {
            calls.add(HttpRequest.newBuilder(master(path)).GET());
        }
        for (String type : List.of("GET_STATE", "GET_AGENTS", "GET_FRAMEWORKS", "GET_TASKS", "GET_FLAGS",
                "GET_METRICS", "SUBSCRIBE", "GET_ROLES", "GET_QUOTA")) {
            calls.add(json(master("/api/v1"), "{\"type\":\"" + type + "\"}"));
        }
        calls.add(json(master("/api/v1"), "{\"type\":\"UPDATE_WEIGHTS\",\"update_weights\":{\"weight_infos\":"
                + "[{\"role\":\"suite\",\"weight\":9}]}}"));
        calls.add(json(master("/api/v1/scheduler"), "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":"
                + "{\"user\":\"nobody\",\"name\":\"anonymous\",\"principal\":\"framework\"}}}"));
        for (String path : List.of("/state", "/slave(1)/state", "/flags", "/monitor/statistics",
                "/files/read?path=/etc/passwd&offset=0", "/files/download?path=/etc/passwd",
                "/files/browse?path=/", "/metrics/snapshot", "/metrics/prometheus")) {
            calls.add(HttpRequest.newBuilder(agent(path)).GET());
        }
        calls.add(json(agent("/api/v1"), "{\"type\":\"GET_STATE\"}"));
        calls.add(json(agent("/api/v1"), "{\"type\":\"GET_CONTAINERS\"}"));

        String wrongSecret = basic("operator", secret("operator") + "x");
        for (HttpRequest.Builder call : calls) {
            HttpResponse<String> none = send(call.copy());
            HttpResponse<String> wrong = send(call.copy(), "Authorization", wrongSecret);
            HttpResponse<String> unknown = send(call.copy(), "Authorization", basic("nobody-knows", "x"));
            String what = call.build().method() + " " + call.build().uri();
            assertThat(none.statusCode()).as("%s without credentials: %s", what, none.body()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).as(what).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Basic realm="));
            assertThat(none.body()).as(what).contains("credentials");
            assertThat(wrong.statusCode()).as("%s with a wrong secret: %s", what, wrong.body()).isEqualTo(401);
            assertThat(wrong.body()).as(what).contains("Invalid credentials for principal 'operator'");
            assertThat(unknown.statusCode()).as("%s as an unknown principal", what).isEqualTo(401);
        }
        assertThat(operator("readonly", "{\"type\":\"GET_WEIGHTS\"}").getGetWeights().getWeightInfosList())
                .as("no refused UPDATE_WEIGHTS took effect").noneMatch(w -> w.getRole().equals("suite"));
        assertThat(operator("readonly", "{\"type\":\"GET_FRAMEWORKS\"}").getGetFrameworks().getFrameworksList())
                .as("no refused SUBSCRIBE registered a framework").noneMatch(f -> f.getFrameworkInfo().getName()
                        .equals("anonymous"));
    }

    private static HttpRequest.Builder json(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void aFrameworkRunsTasksOnlyAsAllowedAndOnlyItsPrincipalAndTheOperatorCanTouchIt() throws Exception {
        HttpResponse<String> claim = post(master("/api/v1/scheduler"), "{\"type\":\"SUBSCRIBE\",\"subscribe\":"
                + "{\"framework_info\":{\"user\":\"nobody\",\"name\":\"x\",\"principal\":\"framework\"}}}",
                as("other"));
        assertThat(claim.statusCode()).isEqualTo(403);
        assertThat(claim.body()).isEqualTo("Framework principal 'framework' is not the authenticated principal "
                + "'other'");

        ProbeScheduler fw = framework("framework", secret("framework"));
        try {
            Offer offer = fw.offer();
            fw.launch(offer, task("allowed", offer, "nobody", "sleep 600"), task("as-root", offer, "root", "true"));
            await().atMost(PATIENCE).until(() -> "TASK_RUNNING".equals(fw.state("allowed"))
                    && fw.state("as-root") != null);
            assertThat(fw.state("as-root")).isEqualTo("TASK_ERROR");
            assertThat(fw.statuses.get("as-root").get(0).getMessage())
                    .isEqualTo("Not authorized to run tasks as user 'root' (principal 'framework')");

            String fid = fw.frameworkId().getValue();
            String kill = "{\"type\":\"KILL\",\"framework_id\":{\"value\":\"" + fid + "\"},\"kill\":{\"task_id\":"
                    + "{\"value\":\"allowed\"}}}";
            HttpResponse<String> hijack = post(master("/api/v1/scheduler"), kill,
                    withStream(as("other"), fw.streamId()));
            assertThat(hijack.statusCode()).isEqualTo(403);
            assertThat(hijack.body()).contains("Principal 'other' may not make calls for framework");
            // on a client of its own: the master closes a refused subscription's connection after the ERROR event
            // (as Mesos does, without announcing it), and a pooled connection would fail the next request
            HttpResponse<String> resubscribe = HttpClient.newBuilder().sslContext(trustingCa).build().send(
                    json(master("/api/v1/scheduler"), "{\"type\":\"SUBSCRIBE\",\"framework_id\":{\"value\":\""
                            + fid + "\"},\"subscribe\":{\"framework_info\":{\"id\":{\"value\":\"" + fid + "\"},"
                            + "\"user\":\"nobody\",\"name\":\"x\",\"principal\":\"other\"}}}")
                            .header("Authorization", as("other")[1]).build(), HttpResponse.BodyHandlers.ofString());
            // as Mesos: the subscription is answered with an ERROR event and closed, the framework is untouched
            assertThat(resubscribe.body()).contains("\"type\":\"ERROR\"")
                    .contains("belongs to principal 'framework'; it cannot re-subscribe as 'other'");

            String teardown = "{\"type\":\"TEARDOWN\",\"teardown\":{\"framework_id\":{\"value\":\"" + fid + "\"}}}";
            HttpResponse<String> readonly = post(master("/api/v1"), teardown, as("readonly"));
            assertThat(readonly.statusCode()).isEqualTo(403);
            assertThat(readonly.body()).contains("readonly");
            HttpResponse<String> byFramework = post(master("/api/v1"), teardown, as("framework"));
            assertThat(byFramework.statusCode()).isEqualTo(403);

            assertThat(operator("readonly", "{\"type\":\"GET_TASKS\"}").getGetTasks().getTasksList())
                    .as("after the refused KILL, SUBSCRIBE and TEARDOWNs the task still runs")
                    .anySatisfy(t -> {
                        assertThat(t.getTaskId().getValue()).isEqualTo("allowed");
                        assertThat(t.getState().name()).isEqualTo("TASK_RUNNING");
                    });
            assertThat(fw.state("allowed")).isEqualTo("TASK_RUNNING");
            assertThat(operator("other", "{\"type\":\"GET_FRAMEWORKS\"}").getGetFrameworks().getFrameworksList())
                    .as("principals without view_frameworks see nothing of it").isEmpty();

            assertThat(post(master("/api/v1"), teardown, as("operator")).statusCode()).isEqualTo(200);
            await().atMost(PATIENCE).until(() -> operator("readonly", "{\"type\":\"GET_FRAMEWORKS\"}")
                    .getGetFrameworks().getFrameworksCount() == 0);
        } finally {
            fw.abandon();
        }
    }

    private static String[] withStream(String[] headers, String streamId) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Mesos-Stream-Id";
        all[headers.length + 1] = streamId;
        return all;
    }

    @Test
    void anExecutorWithoutItsTokenCannotSubscribe() throws Exception {
        String subscribe = "{\"type\":\"SUBSCRIBE\",\"framework_id\":{\"value\":\"f-1\"},\"executor_id\":"
                + "{\"value\":\"e-1\"},\"subscribe\":{}}";
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(
                        "{\"fid\":\"f-1\",\"eid\":\"e-1\",\"cid\":\"c-1\"}".getBytes(StandardCharsets.UTF_8))
                + ".c2lnbmF0dXJl";
        for (String[] credential : List.of(new String[0], new String[] {"Authorization", "Bearer " + forged},
                as("operator"))) {
            HttpResponse<String> r = post(agent("/api/v1/executor"), subscribe, credential);
            assertThat(r.statusCode()).as("executor SUBSCRIBE with %s: %s", List.of(credential), r.body())
                    .isEqualTo(401);
        }
    }

    @Test
    void hostileInputsAreAnsweredWith4xxAndNothingIsLost() throws Exception {
        ProbeScheduler fw = framework("framework", secret("framework"));
        try {
            Offer offer = fw.offer();
            fw.launch(offer, task("survivor", offer, "nobody", "sleep 600"));
            await().atMost(PATIENCE).until(() -> "TASK_RUNNING".equals(fw.state("survivor")));
            String auth = "Authorization: " + basic("operator", secret("operator")) + "\r\n";

            Map<String, String> hostile = Map.of(
                    "GET /master/state?" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n", "414",
                    "GET /master/state HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n" + auth
                            + "\r\n", "431",
                    "GET /health?x=%zz HTTP/1.1\r\nHost: x\r\n\r\n", "400",
                    "GET /master/state HTTP/9.9\r\nHost: x\r\n" + auth + "\r\n", "505",
                    "POST /api/v1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                            + (1L << 32) + "\r\n" + auth + "\r\n", "413");
            for (var e : hostile.entrySet()) {
                assertThat(overTls(dist.masterPort, e.getKey())).as(e.getKey().substring(0, 30))
                        .startsWith("HTTP/1.1 " + e.getValue() + " ");
            }
            String deep = "{\"type\":\"GET_STATE\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
            HttpResponse<String> nested = post(master("/api/v1"), deep, as("operator"));
            assertThat(nested.statusCode()).as(nested.body()).isEqualTo(400);
            HttpResponse<String> badId = post(master("/api/v1/scheduler"), "{\"type\":\"SUBSCRIBE\","
                    + "\"subscribe\":{\"framework_info\":{\"id\":{\"value\":\"../../etc\"},\"user\":\"nobody\","
                    + "\"name\":\"x\",\"principal\":\"framework\"}}}", as("framework"));
            assertThat(badId.statusCode()).as(badId.body()).isEqualTo(400);
            HttpResponse<String> nul = get(agent("/files/read?path=%00&offset=0"), "operator");
            assertThat(nul.statusCode()).as(nul.body()).isBetween(400, 404);

            Response state = operator("operator", "{\"type\":\"GET_STATE\"}");
            assertThat(state.getGetState().getGetAgents().getAgentsCount()).isEqualTo(1);
            assertThat(state.getGetState().getGetTasks().getTasksList()).anySatisfy(t -> {
                assertThat(t.getTaskId().getValue()).isEqualTo("survivor");
                assertThat(t.getState().name()).isEqualTo("TASK_RUNNING");
            });
            assertThat(fw.state("survivor")).isEqualTo("TASK_RUNNING");
            fw.call(org.agora.api.v1.scheduler.Protos.Call.newBuilder()
                    .setType(org.agora.api.v1.scheduler.Protos.Call.Type.TEARDOWN));
        } finally {
            fw.abandon();
        }
    }

    @Test
    void theRegistryIsReadableButNotWritableWithoutTheMastersDigest() throws Exception {
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + dist.zkPort, 10_000, event -> { });
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.getState().isConnected());
            List<String> children = zk.getChildren("/agora-secure", false);
            assertThat(children).isNotEmpty();
            assertThatThrownBy(() -> zk.create("/agora-secure/intruder", new byte[0],
                    org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.PERSISTENT))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            for (String child : children) {
                assertThatThrownBy(() -> zk.delete("/agora-secure/" + child, -1))
                        .isInstanceOfAny(KeeperException.NoAuthException.class,
                                KeeperException.NotEmptyException.class);
            }
            assertThat(zk.getChildren("/agora-secure", false)).containsExactlyInAnyOrderElementsOf(children);
        } finally {
            zk.close();
        }
    }

    @Test
    void theShellRefusesTheWellKnownPassword() throws Exception {
        StringBuilder out = new StringBuilder();
        int rc = dist.run(Duration.ofSeconds(60), out, "agora:agents\n", List.of("bin/client", "-a",
                Integer.toString(dist.sshPort), "-u", "karaf", "-p", "karaf", "-r", "1", "-b"));
        assertThat(rc).as(out.toString()).isNotZero();
        assertThat(out.toString()).doesNotContain(":" + dist.agentPort);
    }

    private static String plaintext(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return exchange(s, request);
        }
    }

    private static String overTls(int port, String request) throws Exception {
        try (SSLSocket s = (SSLSocket) trustingCa.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.startHandshake();
            return exchange(s, request);
        } catch (SSLException e) {
            throw new AssertionError("TLS failed for " + request.substring(0, 30), e);
        }
    }

    private static String exchange(Socket s, String request) throws Exception {
        s.setSoTimeout(20_000);
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = s.getInputStream();
        byte[] head = new byte[256];
        int n = 0;
        int r;
        while (n < head.length && (r = in.read(head, n, head.length - n)) > 0) {
            n += r;
            if (new String(head, 0, n, StandardCharsets.ISO_8859_1).contains("\r\n")) {
                break;
            }
        }
        return new String(head, 0, n, StandardCharsets.ISO_8859_1);
    }
}
