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

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.security.ExecutorTokens;
import org.agora.agent.internal.security.SecurityOptions;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.RunTask;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor API with executors authenticated (the default): a real executor process gets its token in its
 * environment, and only that token lets calls as that executor through.
 */
class ExecutorApiAuthenticationTest {
    static final FrameworkInfo FW = FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue("f-1"))
            .setName("fw").setUser(System.getProperty("user.name")).build();

    @TempDir
    Path workDir;

    final HttpClient http = HttpClient.newHttpClient();
    FakeMaster master;
    AgentComponent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
        if (master != null) {
            master.close();
        }
    }

    /** An agent running executor {@code e1}, whose process writes the token it got into its sandbox and waits. */
    void start(SecurityOptions security) throws Exception {
        master = new FakeMaster();
        agent = new AgentComponent(AgentSettings.of(Map.of("port", 0, "switch.user", false,
                "master", master.address(), "ip", "127.0.0.1",
                "hostname", "localhost", "work.dir", workDir.toString(), "resources", "cpus:8;mem:8192;disk:1000",
                "registration.backoff.ms", 50, "registration.backoff.max.ms", 500, "task.kill.grace.period.ms",
                1000)).withSecurity(security));
        await().atMost(Duration.ofSeconds(20)).until(master::registered);
        ExecutorInfo executor = ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("e1"))
                .setCommand(CommandInfo.newBuilder().setValue(
                        "printf %s \"$" + ExecutorTokens.ENVIRONMENT_VARIABLE + "\" > token.tmp && mv token.tmp token;"
                                + " exec sleep 60"))
                .addAllResources(Resources.parse("cpus:0.1;mem:32").toList()).build();
        master.toAgent(Envelope.newBuilder().setRunTask(RunTask.newBuilder().setFramework(FW).setTask(TaskInfo
                .newBuilder().setName("t1").setTaskId(TaskID.newBuilder().setValue("t1")).setAgentId(FakeMaster.ID)
                .setExecutor(executor))).build());
    }

    Agent.AgentSnapshot snapshot() throws Exception {
        return agent.call(Agent::snapshot).get(5, TimeUnit.SECONDS);
    }

    /** The token the executor's process found in its environment. */
    String executorsToken() throws Exception {
        Path token = await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> snapshot().tasks()
                .frameworks().get(0).executors().get(0).directory().resolve("token"), Files::exists);
        return Files.readString(token);
    }

    String container() throws Exception {
        return snapshot().tasks().frameworks().get(0).executors().get(0).containerId().getValue();
    }

    HttpResponse<InputStream> call(String body, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + snapshot().info().getPort()
                + "/api/v1/executor")).header("Content-Type", "application/json").header("Accept",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    static String subscribe(String executorId) {
        return "{\"type\":\"SUBSCRIBE\",\"framework_id\":{\"value\":\"f-1\"},\"executor_id\":{\"value\":\""
                + executorId + "\"},\"subscribe\":{}}";
    }

    static final String HEARTBEAT = "{\"type\":\"HEARTBEAT\",\"framework_id\":{\"value\":\"f-1\"},"
            + "\"executor_id\":{\"value\":\"e1\"}}";

    static String text(HttpResponse<InputStream> r) throws Exception {
        try (InputStream in = r.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static int status(HttpResponse<InputStream> r) throws Exception {
        if (r.statusCode() != 200) {
            r.body().close();
        }
        return r.statusCode();
    }

    @Test
    void theExecutorsOwnTokenSubscribesAndNoOtherDoes() throws Exception {
        start(SecurityOptions.DEFAULTS);
        String token = executorsToken();
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        byte[] key = Files.readAllBytes(workDir.resolve("executor_secret_key"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workDir.resolve(
                "executor_secret_key")))).isEqualTo("rw-------");
        ExecutorTokens agentsKey = new ExecutorTokens(key);
        FrameworkID f1 = FW.getId();
        ContainerID running = ContainerID.newBuilder().setValue(container()).build();

        HttpResponse<InputStream> none = call(subscribe("e1"), null);
        assertThat(status(none)).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"agora-executor\"");
        assertThat(status(call(subscribe("e1"), "not.a.token"))).isEqualTo(401);
        String forged = new ExecutorTokens("another agent's key".getBytes(StandardCharsets.UTF_8)).issue(f1,
                ExecutorID.newBuilder().setValue("e1").build(), running);
        assertThat(status(call(subscribe("e1"), forged))).isEqualTo(401);
        // a token of this agent's, but another executor's: the call is made as one it was not given to
        String others = agentsKey.issue(f1, ExecutorID.newBuilder().setValue("e2").build(), running);
        assertThat(status(call(subscribe("e1"), others))).isEqualTo(403);
        // the right executor id, but an earlier run's container
        String stale = agentsKey.issue(f1, ExecutorID.newBuilder().setValue("e1").build(),
                ContainerID.newBuilder().setValue("an-earlier-run").build());
        HttpResponse<InputStream> staleAnswer = call(subscribe("e1"), stale);
        assertThat(staleAnswer.statusCode()).isEqualTo(403);
        assertThat(text(staleAnswer)).contains("an-earlier-run");
        assertThat(status(call(HEARTBEAT, null))).isEqualTo(401);
        assertThat(status(call("{not json", null))).isEqualTo(401);
        assertThat(status(call("{not json", token))).isEqualTo(400);

        HttpResponse<InputStream> subscribed = call(subscribe("e1"), token);
        assertThat(subscribed.statusCode()).isEqualTo(200);
        try (InputStream in = subscribed.body()) {
            String first = new String(in.readNBytes(200), StandardCharsets.UTF_8);
            assertThat(first).contains("\"type\":\"SUBSCRIBED\"");
        }
        assertThat(status(call(HEARTBEAT, token))).isEqualTo(202);
        assertThat(status(call(HEARTBEAT, others))).isEqualTo(403);
    }

    @Test
    void aRefusedExecutorIsLoggedOnceNotOncePerRequest() throws Exception {
        start(SecurityOptions.DEFAULTS);
        executorsToken();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(status(call(HEARTBEAT, null))).isEqualTo(401);
                assertThat(status(call(HEARTBEAT, "forged.forged.forged"))).isEqualTo(401);
            }
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log.lines().filter(l -> l.contains("Refusing executor API calls made as executor e1 of "
                + "framework f-1"))).hasSize(2);
    }

    @Test
    void withExecutorAuthenticationOffNoTokenIsGivenAndNoneIsAsked() throws Exception {
        start(SecurityOptions.DEFAULTS.withExecutorAuthentication(false));
        assertThat(executorsToken()).isEmpty();
        assertThat(workDir.resolve("executor_secret_key")).doesNotExist();
        HttpResponse<InputStream> subscribed = call(subscribe("e1"), null);
        assertThat(subscribed.statusCode()).isEqualTo(200);
        subscribed.body().close();
    }
}
