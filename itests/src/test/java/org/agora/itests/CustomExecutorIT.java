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

import com.google.protobuf.ByteString;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.Agent;
import org.agora.agent.internal.AgentComponent;
import org.agora.agent.internal.security.ExecutorTokens;
import org.agora.agent.internal.task.ExecutorSettings;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.executor.Protos.Event;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.MasterComponent;
import org.agora.scheduler.client.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A framework's own executor ({@link TestExecutor}, a real JVM speaking the v1 executor API over HTTP) run by a real
 * agent for a real master: tasks, messages both ways, kills, shutdown, crashes and registration timeouts.
 */
class CustomExecutorIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path workDir;

    private static InProcessCluster.SingleAgent cluster;
    private static String address;

    @BeforeAll
    static void start() throws Exception {
        cluster = InProcessCluster.SingleAgent.start(workDir, "cpus:4;mem:4096;disk:1000");
        address = cluster.address();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static TaskInfo task(Offer offer, String id, ExecutorInfo executor, String behaviour) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(offer.getAgentId()).addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                .setExecutor(executor).setData(ByteString.copyFromUtf8(behaviour)).build();
    }

    static Filters refuse(double seconds) {
        return Filters.newBuilder().setRefuseSeconds(seconds).build();
    }

    private static FrameworkSnapshot snapshot(Framework f) throws Exception {
        String id = f.client.frameworkId().orElseThrow().getValue();
        return cluster.master().snapshot().get(5, TimeUnit.SECONDS).frameworks().frameworks().stream()
                .filter(fw -> fw.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aCustomExecutorRunsItsTaskToTheEndAndTradesMessagesWithItsScheduler() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("custom-executor").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            ExecutorInfo e = TestExecutors.testExecutor("echo");
            long accepted = System.nanoTime();
            f.client.launch(List.of(o.getId()), List.of(task(o, "c-run", e, "run")), refuse(0))
                    .get(10, TimeUnit.SECONDS);

            await().atMost(Framework.patience()).until(() -> f.state("c-run") == TaskState.TASK_RUNNING);
            System.out.printf("custom executor: ACCEPT to TASK_RUNNING in %d ms (JVM start included)%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - accepted));
            TaskStatus running = f.last("c-run");
            assertThat(running.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
            assertThat(running.getExecutorId().getValue()).isEqualTo("echo");
            assertThat(snapshot(f).used().scalar("cpus")).as("the task's and the executor's cpus").isEqualTo(0.2);

            f.client.message(o.getAgentId(), e.getExecutorId(), ByteString.copyFromUtf8("ping"))
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> !f.messages.isEmpty());
            assertThat(f.messages.get(0).getData().toStringUtf8()).isEqualTo("echo:ping");
            assertThat(f.messages.get(0).getExecutorId().getValue()).isEqualTo("echo");
            assertThat(f.messages.get(0).getAgentId()).isEqualTo(o.getAgentId());

            Path sandbox = TestExecutors.sandbox(workDir, "echo").orElseThrow();
            String env = Files.readString(sandbox.resolve("env"));
            String agentPort = Integer.toString(agentPort());
            assertThat(env).contains("MESOS_FRAMEWORK_ID=" + f.client.frameworkId().orElseThrow().getValue(),
                    "MESOS_EXECUTOR_ID=echo", "MESOS_SLAVE_ID=" + o.getAgentId().getValue(),
                    "MESOS_AGENT_ENDPOINT=127.0.0.1:" + agentPort, "MESOS_DIRECTORY=" + sandbox,
                    "MESOS_SANDBOX=" + sandbox, "MESOS_CHECKPOINT=0", "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD=5secs",
                    "MESOS_HTTP_COMMAND_EXECUTOR=0", "MESOS_EXECUTOR_AUTHENTICATION_TOKEN=")
                    .doesNotContain("MESOS_RECOVERY_TIMEOUT");

            Files.createFile(sandbox.resolve("release-c-run"));
            await().atMost(Framework.patience()).until(() -> f.state("c-run") == TaskState.TASK_FINISHED);
            assertThat(f.statuses.get("c-run")).extracting(TaskStatus::getState)
                    .containsExactly(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);

            // the executor exits once its task's end is acknowledged: its resources are free and the scheduler hears
            await().atMost(Framework.patience()).until(() -> !f.failures.isEmpty());
            assertThat(f.failures.get(0).getExecutorId().getValue()).isEqualTo("echo");
            assertThat(f.failures.get(0).getStatus()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> snapshot(f).executors().isEmpty()
                    && snapshot(f).used().isEmpty());
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKilledTaskIsKilledByItsExecutorAndAShutdownExecutorKillsTheRest() throws Exception {
        try (Framework f = new Framework(address, ContentType.JSON)) {
            f.client.subscribe(Framework.info("custom-kill").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            ExecutorInfo e = TestExecutors.testExecutor("killer");
            f.client.launch(List.of(o.getId()), List.of(task(o, "k-1", e, "run"), task(o, "k-2", e, "run")),
                    refuse(0)).get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("k-1") == TaskState.TASK_RUNNING
                    && f.state("k-2") == TaskState.TASK_RUNNING);

            f.client.kill(TaskID.newBuilder().setValue("k-1").build(), o.getAgentId()).get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("k-1") == TaskState.TASK_KILLED);
            assertThat(f.last("k-1").getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
            assertThat(f.state("k-2")).isEqualTo(TaskState.TASK_RUNNING);

            f.client.shutdown(e.getExecutorId(), o.getAgentId()).get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("k-2") == TaskState.TASK_KILLED);
            await().atMost(Framework.patience()).until(() -> !f.failures.isEmpty());
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void teardownShutsDownAnExecutorThatHasNoLiveTasks() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("custom-teardown").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            ExecutorInfo e = TestExecutors.testExecutor("lingerer");
            f.client.launch(List.of(o.getId()), List.of(task(o, "l-1", e, "linger")), refuse(0))
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("l-1") == TaskState.TASK_FINISHED);
            Path sandbox = TestExecutors.sandbox(workDir, "lingerer").orElseThrow();
            await().atMost(Framework.patience()).until(() -> Files.exists(sandbox.resolve("executor.pid")));
            ProcessHandle executor = ProcessHandle.of(Long.parseLong(Files.readString(sandbox
                    .resolve("executor.pid")).strip())).orElseThrow();
            await().atMost(Framework.patience()).until(() -> snapshot(f).tasks().isEmpty());
            assertThat(executor.isAlive()).as("the executor outlives its task").isTrue();
            assertThat(snapshot(f).executors()).as("and the master counts it").isNotEmpty();

            f.client.teardown().get(10, TimeUnit.SECONDS);

            // as Mesos's Master::removeFramework: every agent is told, not only those that still run its tasks
            executor.onExit().get(Framework.patience().toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void aTaskGroupForACustomExecutorReachesItAsOneLaunchGroup() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("custom-group").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            ExecutorInfo e = TestExecutors.testExecutor("grouped").toBuilder()
                    .addAllResources(Resources.parse("disk:10").toList()).build();
            TaskInfo one = task(o, "cg-1", e, "finish").toBuilder().clearExecutor().build();
            TaskInfo two = task(o, "cg-2", e, "finish").toBuilder().clearExecutor().build();
            f.client.accept(List.of(o.getId()), List.of(Offer.Operation.newBuilder()
                    .setType(Offer.Operation.Type.LAUNCH_GROUP).setLaunchGroup(Offer.Operation.LaunchGroup
                            .newBuilder().setExecutor(e).setTaskGroup(org.agora.api.v1.Protos.TaskGroupInfo
                                    .newBuilder().addTasks(one).addTasks(two))).build()), refuse(0))
                    .get(10, TimeUnit.SECONDS);

            await().atMost(Framework.patience()).until(() -> f.state("cg-1") == TaskState.TASK_FINISHED
                    && f.state("cg-2") == TaskState.TASK_FINISHED);
            assertThat(f.last("cg-2").getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
            await().atMost(Framework.patience()).until(() -> !f.failures.isEmpty());
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void killingTheExecutorProcessFailsItsTasksAsExecutorTerminated() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("custom-crash").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            f.client.launch(List.of(o.getId()), List.of(task(o, "crash", TestExecutors.testExecutor("crasher"),
                    "run")), refuse(0)).get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("crash") == TaskState.TASK_RUNNING);

            long pid = TestExecutors.pid(workDir, "crasher");
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            await().atMost(Framework.patience()).until(() -> f.state("crash") == TaskState.TASK_FAILED);
            TaskStatus failed = f.last("crash");
            assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
            assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
            assertThat(failed.getMessage()).contains("SIGKILL");
            await().atMost(Framework.patience()).until(() -> !f.failures.isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> snapshot(f).used().isEmpty());
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSubscriptionForAnUnknownFrameworkOrExecutorIsRefused() throws Exception {
        String agentUrl = "http://127.0.0.1:" + agentPort() + "/api/v1/executor";
        String nobodysSubscription = "{\"type\":\"SUBSCRIBE\",\"framework_id\":{\"value\":\"nobody\"},"
                + "\"executor_id\":{\"value\":\"e\"},\"subscribe\":{}}";
        // executors authenticate by default: without the token the agent signed, nobody gets as far as a lookup
        assertThat(post(agentUrl, nobodysSubscription, null).statusCode()).isEqualTo(401);
        HttpResponse<String> noFramework = post(agentUrl, nobodysSubscription, token(workDir, "nobody", "e", "c"));
        assertThat(noFramework.statusCode()).isEqualTo(400);
        assertThat(noFramework.body()).contains("Framework nobody cannot be found");

        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            String fid = f.client.subscribe(Framework.info("custom-refused").build()).get(10, TimeUnit.SECONDS)
                    .getFrameworkId().getValue();
            Offer o = f.offer();
            f.client.launch(List.of(o.getId()), List.of(task(o, "r-run", TestExecutors.testExecutor("known"),
                    "run")), refuse(0)).get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("r-run") == TaskState.TASK_RUNNING);
            String known = token(workDir, fid, "known", container(cluster.agent(), "known"));

            HttpResponse<String> noExecutor = post(agentUrl, "{\"type\":\"SUBSCRIBE\",\"framework_id\":{\"value\":\""
                    + fid + "\"},\"executor_id\":{\"value\":\"unknown\"},\"subscribe\":{}}",
                    token(workDir, fid, "unknown", "c"));
            assertThat(noExecutor.statusCode()).isEqualTo(400);
            assertThat(noExecutor.body()).contains("Executor unknown of framework " + fid + " cannot be found");
            String staging = "{\"type\":\"UPDATE\",\"framework_id\":{\"value\":\""
                    + fid + "\"},\"executor_id\":{\"value\":\"known\"},\"update\":{\"status\":{\"task_id\":{\"value\":"
                    + "\"r-run\"},\"state\":\"TASK_STAGING\",\"source\":\"SOURCE_EXECUTOR\",\"uuid\":"
                    + "\"AAAAAAAAAAAAAAAAAAAAAA==\"}}}";
            // another task's executor cannot speak for this one
            assertThat(post(agentUrl, staging, token(workDir, fid, "other", "c")).statusCode()).isEqualTo(403);
            HttpResponse<String> stagingAnswer = post(agentUrl, staging, known);
            assertThat(stagingAnswer.statusCode()).isEqualTo(400);
            assertThat(stagingAnswer.body()).contains("TASK_STAGING");
            HttpResponse<String> noTask = post(agentUrl, "{\"type\":\"UPDATE\",\"framework_id\":{\"value\":\""
                    + fid + "\"},\"executor_id\":{\"value\":\"known\"},\"update\":{\"status\":{\"task_id\":{\"value\":"
                    + "\"other\"},\"state\":\"TASK_RUNNING\",\"source\":\"SOURCE_EXECUTOR\",\"uuid\":"
                    + "\"AAAAAAAAAAAAAAAAAAAAAA==\"}}}", known);
            assertThat(noTask.statusCode()).isEqualTo(400);
            assertThat(noTask.body()).contains("Task other is not a task of executor known");
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anExecutorThatNeverSubscribesIsKilledAndItsTasksFail() throws Exception {
        MasterComponent m = InProcessCluster.leadingMaster();
        String at = InProcessCluster.address(m);
        Path dir = workDir.resolve("silent");
        AgentComponent a = InProcessCluster.agent(at, dir, "cpus:1;mem:512;disk:100", new ExecutorSettings(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(30),
                Duration.ofMinutes(15)));
        try (Framework f = new Framework(at, ContentType.PROTOBUF)) {
            InProcessCluster.awaitAgents(m, 1);
            f.client.subscribe(Framework.info("silent-executor").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            ExecutorInfo silent = ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("silent"))
                    .setCommand(CommandInfo.newBuilder().setValue("exec sleep 600"))
                    .addAllResources(Resources.parse("cpus:0.1;mem:32").toList()).build();
            f.client.launch(List.of(o.getId()), List.of(task(o, "s-1", silent, "run")), refuse(0))
                    .get(10, TimeUnit.SECONDS);

            await().atMost(Framework.patience()).until(() -> f.state("s-1") == TaskState.TASK_FAILED);
            TaskStatus failed = f.last("s-1");
            assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT);
            assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
            assertThat(failed.getMessage()).contains("did not subscribe within 1secs");
            await().atMost(Framework.patience()).until(() -> !f.failures.isEmpty());
        } finally {
            a.stop();
            m.stop();
        }
    }

    @Test
    void anExecutorSpeakingJsonGetsItsQueuedTaskHeartbeatsAcknowledgementsAndShutdown() throws Exception {
        MasterComponent m = InProcessCluster.leadingMaster();
        String at = InProcessCluster.address(m);
        AgentComponent a = InProcessCluster.agent(at, workDir.resolve("json"), "cpus:1;mem:512;disk:100",
                new ExecutorSettings(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(5),
                        Duration.ofMillis(200), Duration.ofMinutes(15)));
        try (Framework f = new Framework(at, ContentType.PROTOBUF)) {
            InProcessCluster.awaitAgents(m, 1);
            String fid = f.client.subscribe(Framework.info("json-executor").build()).get(10, TimeUnit.SECONDS)
                    .getFrameworkId().getValue();
            Offer o = f.offer();
            // the executor's process does nothing: this test speaks for it
            ExecutorInfo byHand = ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("by-hand"))
                    .setCommand(CommandInfo.newBuilder().setValue("exec sleep 600"))
                    .addAllResources(Resources.parse("cpus:0.1;mem:32").toList()).build();
            f.client.launch(List.of(o.getId()), List.of(task(o, "j-1", byHand, "run")), refuse(0))
                    .get(10, TimeUnit.SECONDS);
            String url = "http://127.0.0.1:" + m.snapshot().get(5, TimeUnit.SECONDS).agents().get(0).info().getPort()
                    + "/api/v1/executor";
            String ids = "\"framework_id\":{\"value\":\"" + fid + "\"},\"executor_id\":{\"value\":\"by-hand\"}";
            String token = await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(
                    () -> token(workDir.resolve("json"), fid, "by-hand", container(a, "by-hand")), t -> true);
            HttpResponse<java.io.InputStream> stream = await().atMost(Duration.ofSeconds(10)).until(
                    () -> HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + token)
                            .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"type\":\"SUBSCRIBE\"," + ids + ",\"subscribe\":{}}")).build(),
                            HttpResponse.BodyHandlers.ofInputStream()), r -> r.statusCode() == 200);
            try (java.io.InputStream in = stream.body()) {
                Event subscribed = next(in);
                assertThat(subscribed.getType()).isEqualTo(Event.Type.SUBSCRIBED);
                assertThat(subscribed.getSubscribed().getExecutorInfo().getExecutorId().getValue())
                        .isEqualTo("by-hand");
                assertThat(subscribed.getSubscribed().getFrameworkInfo().getId().getValue()).isEqualTo(fid);
                assertThat(subscribed.getSubscribed().getAgentInfo().getId()).isEqualTo(o.getAgentId());
                assertThat(subscribed.getSubscribed().hasContainerId()).isTrue();
                Event launch = next(in);
                assertThat(launch.getType()).isEqualTo(Event.Type.LAUNCH);
                assertThat(launch.getLaunch().getTask().getTaskId().getValue()).isEqualTo("j-1");
                assertThat(next(in).getType()).isEqualTo(Event.Type.HEARTBEAT);

                String uuid = "EjRWeJq83vASNFZ4mrze8A==";
                assertThat(post(url, "{\"type\":\"UPDATE\"," + ids + ",\"update\":{\"status\":{\"task_id\":"
                        + "{\"value\":\"j-1\"},\"state\":\"TASK_RUNNING\",\"source\":\"SOURCE_EXECUTOR\","
                        + "\"uuid\":\"" + uuid + "\"}}}", token).statusCode()).isEqualTo(202);
                Event acknowledged = nextOtherThanHeartbeat(in);
                assertThat(acknowledged.getType()).isEqualTo(Event.Type.ACKNOWLEDGED);
                assertThat(acknowledged.getAcknowledged().getUuid())
                        .isEqualTo(ByteString.copyFrom(java.util.Base64.getDecoder().decode(uuid)));
                await().atMost(Framework.patience()).until(() -> f.state("j-1") == TaskState.TASK_RUNNING);

                assertThat(post(url, "{\"type\":\"MESSAGE\"," + ids + ",\"message\":{\"data\":\"aGk=\"}}",
                        token).statusCode()).isEqualTo(202);
                await().atMost(Framework.patience()).until(() -> !f.messages.isEmpty());
                assertThat(f.messages.get(0).getData().toStringUtf8()).isEqualTo("hi");

                f.client.teardown().get(10, TimeUnit.SECONDS);
                assertThat(nextOtherThanHeartbeat(in).getType()).isEqualTo(Event.Type.SHUTDOWN);
            }
        } finally {
            a.stop();
            m.stop();
        }
    }

    /** The next event of a JSON event stream. */
    private static Event next(java.io.InputStream in) throws java.io.IOException {
        byte[] record = RecordIoRecords.next(in);
        if (record == null) {
            throw new java.io.EOFException("the event stream ended");
        }
        return org.agora.api.json.ProtoJson.parse(record, Event.newBuilder()).build();
    }

    private static Event nextOtherThanHeartbeat(java.io.InputStream in) throws java.io.IOException {
        Event e;
        do {
            e = next(in);
        } while (e.getType() == Event.Type.HEARTBEAT);
        return e;
    }

    private static int agentPort() throws Exception {
        return cluster.master().snapshot().get(5, TimeUnit.SECONDS).agents().get(0).info().getPort();
    }

    /** A call to the executor API, with {@code token} as an executor sends it (none when null). */
    private static HttpResponse<String> post(String url, String json, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A token as the agent on {@code agentWorkDir} signs it for an executor (with the key it generated there). */
    private static String token(Path agentWorkDir, String frameworkId, String executorId, String containerId)
            throws Exception {
        return new ExecutorTokens(Files.readAllBytes(agentWorkDir.resolve("executor_secret_key"))).issue(
                FrameworkID.newBuilder().setValue(frameworkId).build(),
                ExecutorID.newBuilder().setValue(executorId).build(),
                ContainerID.newBuilder().setValue(containerId).build());
    }

    /** The container the agent runs executor {@code executorId} in. */
    private static String container(AgentComponent agent, String executorId) throws Exception {
        return agent.call(Agent::snapshot).get(5, TimeUnit.SECONDS).tasks().frameworks().stream()
                .flatMap(fw -> fw.executors().stream()).filter(e -> e.id().getValue().equals(executorId))
                .findFirst().orElseThrow().containerId().getValue();
    }
}
