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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.security.SecurityOptions;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.RunTask;
import org.agora.api.security.Action;
import org.agora.api.security.Authenticator;
import org.agora.api.security.Authorizer;
import org.agora.api.security.Principal;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's HTTP endpoints with authentication on, over real HTTP, with an Authenticator and an Authorizer given to
 * the agent as plain objects (as DS would give services): 401 without or with wrong credentials, 503 when no
 * authenticator is there, and what each principal may see of /state, /files and the rest.
 */
class AgentHttpSecurityTest {
    static final FrameworkInfo ALICE_FW = FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue("f-a"))
            .setName("alice's").setUser("alice-user").build();
    static final FrameworkInfo BOB_FW = FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue("f-b"))
            .setName("bob's").setUser("bob-user").build();

    @TempDir
    Path workDir;

    final HttpClient http = HttpClient.newHttpClient();
    final CountDownLatch slowRelease = new CountDownLatch(1);
    FakeMaster master;
    AgentComponent agent;
    final List<AgentComponent> others = new java.util.ArrayList<>();

    /** alice, bob and slow (who blocks in the authenticator until released), each with a password. */
    final Authenticator passwords = new Authenticator() {
        final Map<String, String> secrets = Map.of("alice", "a-secret", "bob", "b-secret", "slow", "s-secret");

        @Override
        public String name() {
            return "test-passwords";
        }

        @Override
        public Optional<Principal> authenticate(String principal, String secret) {
            if (principal.equals("slow")) {
                try {
                    slowRelease.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return secret.equals(secrets.get(principal)) ? Optional.of(new Principal(principal)) : Optional.empty();
        }
    };

    /** alice may do everything; bob may see only what runs as bob-user, and nothing else. */
    final Authorizer acl = new Authorizer() {
        @Override
        public String name() {
            return "test-acl";
        }

        @Override
        public boolean authorized(Optional<Principal> subject, Action action, Optional<String> object) {
            String who = subject.map(Principal::value).orElse("");
            if (who.equals("alice")) {
                return true;
            }
            return who.equals("bob") && object.equals(Optional.of("bob-user")) && (action == Action.VIEW_FRAMEWORK
                    || action == Action.VIEW_EXECUTOR || action == Action.VIEW_TASK
                    || action == Action.ACCESS_SANDBOX);
        }
    };

    AgentComponent agent(Path dir, String masterAddress, SecurityOptions security) {
        AgentComponent a = new AgentComponent(AgentSettings.of(Map.of("port", 0, "switch.user", false,
                "master", masterAddress, "ip", "127.0.0.1",
                "hostname", "localhost", "work.dir", dir.toString(), "resources", "cpus:8;mem:8192;disk:1000",
                "registration.backoff.ms", 50, "registration.backoff.max.ms", 500, "task.kill.grace.period.ms",
                1000)).withSecurity(security));
        others.add(a);
        return a;
    }

    static int port(AgentComponent a) {
        return await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> a.call(Agent::snapshot).get(5, TimeUnit.SECONDS).info().getPort(), p -> p > 0);
    }

    @BeforeEach
    void start() throws Exception {
        master = new FakeMaster();
        agent = agent(workDir, master.address(), SecurityOptions.DEFAULTS.withHttpAuthentication(true, ""));
        agent.useAuthenticator(passwords);
        agent.useAuthorizer(acl);
        await().atMost(Duration.ofSeconds(20)).until(master::registered);
        run(ALICE_FW, "ta", "echo output-of-alice > out; exec sleep 60");
        run(BOB_FW, "tb", "echo output-of-bob > out; exec sleep 60");
        await().atMost(Duration.ofSeconds(20)).until(() -> master.state("ta").equals(Optional.of(
                TaskState.TASK_RUNNING)) && master.state("tb").equals(Optional.of(TaskState.TASK_RUNNING)));
    }

    @AfterEach
    void stop() {
        slowRelease.countDown();
        others.forEach(AgentComponent::stop);
        master.close();
    }

    void run(FrameworkInfo fw, String taskId, String command) {
        master.toAgent(Envelope.newBuilder().setRunTask(RunTask.newBuilder().setFramework(fw).setTask(TaskInfo
                .newBuilder().setName(taskId).setTaskId(TaskID.newBuilder().setValue(taskId))
                .setAgentId(FakeMaster.ID).setCommand(CommandInfo.newBuilder().setValue(command)))).build());
    }

    HttpResponse<String> get(AgentComponent a, String path, String principal, String secret) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(a) + path));
        if (principal != null) {
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((principal + ":" + secret)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String principal) throws Exception {
        return get(agent, path, principal, principal == null ? null : principal.charAt(0) + "-secret");
    }

    HttpResponse<String> operator(String principal, String secret) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(agent) + "/api/v1"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"GET_HEALTH\"}"));
        if (principal != null) {
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((principal + ":" + secret)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An operator API call as {@code principal} (password: its initial and "-secret"), JSON both ways. */
    HttpResponse<String> call(String principal, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(agent) + "/api/v1"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((principal + ":"
                        + principal.charAt(0) + "-secret").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String containerOf(FrameworkInfo fw) throws Exception {
        return agent.call(Agent::snapshot).get(5, TimeUnit.SECONDS).tasks().frameworks().stream()
                .filter(f -> f.info().getId().equals(fw.getId())).findFirst().orElseThrow().executors().get(0)
                .containerId().getValue();
    }

        String sandboxFile(FrameworkInfo fw, String file) throws Exception {
        Agent.AgentSnapshot s = agent.call(Agent::snapshot).get(5, TimeUnit.SECONDS);
        Path dir = s.tasks().frameworks().stream().filter(f -> f.info().getId().equals(fw.getId())).findFirst()
                .orElseThrow().executors().get(0).directory();
        return java.net.URLEncoder.encode(dir.resolve(file).toString(), StandardCharsets.UTF_8);
    }

    @Test
    void everyEndpointThatReadsOrWritesAsksForCredentialsAndRefusesWrongOnes() throws Exception {
        for (String path : List.of("/state", "/slave(1)/state", "/state.json", "/flags", "/monitor/statistics",
                "/files/browse?path=/", "/files/read?path=x&offset=0", "/files/download?path=x")) {
            HttpResponse<String> none = get(path, null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).as(path).contains("Basic realm=\"agora\"");
            assertThat(get(agent, path, "alice", "wrong").statusCode()).as(path).isEqualTo(401);
            assertThat(get(agent, path, "mallory", "a-secret").statusCode()).as(path).isEqualTo(401);
        }
        assertThat(operator(null, null).statusCode()).isEqualTo(401);
        assertThat(operator("alice", "wrong").statusCode()).isEqualTo(401);
        assertThat(operator("alice", "a-secret").statusCode()).isEqualTo(200);
        // as in Mesos, health and version stay open
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/version", null).statusCode()).isEqualTo(200);
        assertThat(get("/state", "alice").statusCode()).isEqualTo(200);
    }

    @Test
    void stateShowsEachPrincipalOnlyWhatItMayViewAndTheFlagsOnlyToThoseWhoMaySeeThem() throws Exception {
        String asAlice = get("/state", "alice").body();
        String asBob = get("/state", "bob").body();

        assertThat(asAlice).contains("\"id\":\"f-a\"", "\"id\":\"f-b\"", "\"ta\"", "\"tb\"", "\"flags\"");
        // quoted or as a path segment: a bare "f-a" can occur inside a random container id
        assertThat(asBob).contains("\"id\":\"f-b\"", "\"tb\"")
                .doesNotContain("\"f-a\"", "/f-a/", "\"ta\"", "\"flags\"");
        assertThat(get("/flags", "alice").statusCode()).isEqualTo(200);
        assertThat(get("/flags", "bob").statusCode()).isEqualTo(403);
        assertThat(get("/monitor/statistics", "alice").statusCode()).isEqualTo(200);
        assertThat(get("/monitor/statistics", "bob").statusCode()).isEqualTo(403);
    }

    @Test
    void aSandboxIsReadOnlyByThoseWhoMayAccessSandboxesOfItsUser() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/files/read?offset=0&path="
                + sandboxFile(ALICE_FW, "out"), "alice").body().contains("output-of-alice"));
        assertThat(get("/files/read?offset=0&path=" + sandboxFile(BOB_FW, "out"), "bob").body())
                .contains("output-of-bob");

        HttpResponse<String> denied = get("/files/read?offset=0&path=" + sandboxFile(ALICE_FW, "out"), "bob");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).doesNotContain("output-of-alice").contains("principal 'bob'");
        assertThat(get("/files/download?path=" + sandboxFile(ALICE_FW, "out"), "bob").statusCode()).isEqualTo(403);
        assertThat(get("/files/browse?path=" + sandboxFile(ALICE_FW, ""), "bob").statusCode()).isEqualTo(403);
        // above the sandboxes only who may access every sandbox
        assertThat(get("/files/browse?path=" + workDir.resolve("slaves"), "bob").statusCode()).isEqualTo(403);
        assertThat(get("/files/browse?path=" + workDir.resolve("slaves"), "alice").statusCode()).isEqualTo(200);
    }

    @Test
    void theOperatorApiShowsReadsAndKillsOnlyWhatThePrincipalMay() throws Exception {
        String bobsTasks = call("bob", "{\"type\":\"GET_TASKS\"}").body();
        assertThat(bobsTasks).contains("\"value\":\"tb\"").doesNotContain("\"value\":\"ta\"");
        assertThat(call("alice", "{\"type\":\"GET_STATE\"}").body()).contains("\"value\":\"ta\"",
                "\"value\":\"tb\"");
        assertThat(call("bob", "{\"type\":\"GET_FLAGS\"}").statusCode()).isEqualTo(403);

        String alicesOut = java.net.URLDecoder.decode(sandboxFile(ALICE_FW, "out"), StandardCharsets.UTF_8);
        String bobsOut = java.net.URLDecoder.decode(sandboxFile(BOB_FW, "out"), StandardCharsets.UTF_8);
        assertThat(call("bob", "{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\"" + alicesOut
                + "\",\"offset\":0}}").statusCode()).isEqualTo(403);
        HttpResponse<String> own = call("bob", "{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\"" + bobsOut
                + "\",\"offset\":0}}");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains(Base64.getEncoder().encodeToString("output-of-bob\n".getBytes(
                StandardCharsets.UTF_8)));

        // bob may see his task but not kill containers (no KILL_NESTED_CONTAINER), nor set the logging level
        String kill = "{\"type\":\"KILL_CONTAINER\",\"kill_container\":{\"container_id\":{\"value\":\"%s\"}}}";
        assertThat(call("bob", String.format(kill, containerOf(BOB_FW))).statusCode()).isEqualTo(403);
        assertThat(call("bob", "{\"type\":\"SET_LOGGING_LEVEL\",\"set_logging_level\":{\"level\":1,"
                + "\"duration\":{\"nanoseconds\":1000}}}").statusCode()).isEqualTo(403);
        assertThat(master.state("tb")).hasValue(TaskState.TASK_RUNNING);
        assertThat(call("alice", String.format(kill, containerOf(BOB_FW))).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> master.state("tb").equals(Optional.of(
                TaskState.TASK_FAILED)));
    }

    @Test
    void theAgentsEventStreamCarriesOnlyTheTasksThePrincipalMayView() throws Exception {
        HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + port(agent) + "/api/v1")).header("Content-Type", "application/json").header("Accept",
                "application/json").header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "bob:b-secret".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"SUBSCRIBE\"}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        try (java.io.DataInputStream in = new java.io.DataInputStream(r.body())) {
            var subscribed = AgentOperatorApiTest.next(in);
            assertThat(subscribed.getSubscribed().getGetState().getGetTasks().getLaunchedTasksList())
                    .extracting(t -> t.getTaskId().getValue()).containsExactly("tb");
            run(ALICE_FW, "ta2", "exec sleep 60");
            run(BOB_FW, "tb2", "exec sleep 60");
            var first = AgentOperatorApiTest.next(in);
            while (first.getType() == org.agora.api.agentevents.AgentEvents.Event.Type.HEARTBEAT) {
                first = AgentOperatorApiTest.next(in);
            }
            assertThat(first.getType()).isEqualTo(org.agora.api.agentevents.AgentEvents.Event.Type.TASK_ADDED);
            assertThat(first.getTaskAdded().getTask().getTaskId().getValue()).isEqualTo("tb2");
        }
    }

    @Test
    void withoutAnAuthenticatorAuthenticatedEndpointsAnswer503UntilOneComes() throws Exception {
        AgentComponent bare = agent(workDir.resolve("bare"), "127.0.0.1:1",
                SecurityOptions.DEFAULTS.withHttpAuthentication(true, ""));
        HttpResponse<String> unavailable = get(bare, "/state", "alice", "a-secret");
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.body()).contains("no authenticator is installed");
        assertThat(get(bare, "/health", null, null).statusCode()).isEqualTo(200);

        bare.useAuthenticator(passwords);
        assertThat(get(bare, "/state", "alice", "a-secret").statusCode()).isEqualTo(200);
        assertThat(get(bare, "/state", "alice", "nope").statusCode()).isEqualTo(401);
    }

    @Test
    void aNamedAuthenticatorOrAuthorizerThatIsNotInstalledIsNeverReplacedByAnother() throws Exception {
        AgentComponent named = agent(workDir.resolve("named"), "127.0.0.1:1",
                SecurityOptions.DEFAULTS.withHttpAuthentication(true, "ldap"));
        named.useAuthenticator(passwords);
        HttpResponse<String> r = get(named, "/state", "alice", "a-secret");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("authenticator 'ldap' is not installed", "test-passwords");

        AgentComponent acls = agent(workDir.resolve("acls"), "127.0.0.1:1",
                SecurityOptions.DEFAULTS.withAuthorizer("local"));
        acls.useAuthorizer(acl);
        assertThat(get(acls, "/state", null, null).statusCode()).isEqualTo(503);
        assertThat(get(acls, "/state", null, null).body()).contains("Authorizer 'local'");
    }

    @Test
    void aSlowAuthenticatorDoesNotHoldUpTheEventLoops() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> slow = List.of(
                CompletableFuture.supplyAsync(() -> send("slow", "s-secret")),
                CompletableFuture.supplyAsync(() -> send("slow", "s-secret")));
        // both Netty threads of the agent took a slow request: were the authenticator run on them, nothing moves
        for (int i = 0; i < 4; i++) {
            assertThat(get("/health", null).statusCode()).isEqualTo(200);
            assertThat(get("/state", "alice").statusCode()).isEqualTo(200);
        }
        assertThat(slow).noneMatch(CompletableFuture::isDone);
        slowRelease.countDown();
        for (CompletableFuture<HttpResponse<String>> f : slow) {
            assertThat(f.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> send(String principal, String secret) {
        try {
            return get(agent, "/state", principal, secret);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
