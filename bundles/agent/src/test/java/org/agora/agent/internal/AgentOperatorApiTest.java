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

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.RunTask;
import org.agora.api.json.JsonTree;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.agent.Protos.Call;
import org.agora.api.agentevents.AgentEvents.Event;
import org.agora.api.v1.agent.Protos.Response;
import org.agora.http.Encoding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's v1 operator API over real HTTP, against a real agent (registered with a fake master's channel) running
 * a real command task: each call in both encodings where the encoding matters, and the bad input answers.
 */
class AgentOperatorApiTest {
    static final FrameworkInfo FW = FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue("f-1"))
            .setName("fw").setUser(System.getProperty("user.name")).build();

    @TempDir
    Path workDir;

    FakeMaster master;
    AgentComponent agent;
    final HttpClient http = HttpClient.newHttpClient();
    int port;

    @BeforeEach
    void start() throws Exception {
        master = new FakeMaster();
        agent = new AgentComponent(AgentSettings.of(Map.of("port", 0, "switch.user", false,
                "master", master.address(), "ip", "127.0.0.1", "hostname", "localhost", "work.dir",
                workDir.toString(), "resources", "cpus:2;mem:512;disk:100", "registration.backoff.ms", 50,
                "registration.backoff.max.ms", 500, "task.kill.grace.period.ms", 1000)));
        await().atMost(Duration.ofSeconds(20)).until(master::registered);
        port = await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> agent.call(Agent::snapshot).get(5, TimeUnit.SECONDS).info().getPort(), p -> p > 0);
        run("t1", "echo hello-from-t1; exec sleep 60");
        await().atMost(Duration.ofSeconds(20)).until(() -> master.state("t1").equals(Optional.of(
                TaskState.TASK_RUNNING)));
    }

    @AfterEach
    void stop() {
        agent.stop();
        master.close();
    }

    void run(String taskId, String command) {
        master.toAgent(Envelope.newBuilder().setRunTask(RunTask.newBuilder().setFramework(FW).setTask(TaskInfo
                .newBuilder().setName(taskId).setTaskId(TaskID.newBuilder().setValue(taskId))
                .setAgentId(FakeMaster.ID).setCommand(CommandInfo.newBuilder().setValue(command)))).build());
    }

    HttpResponse<byte[]> post(String body, String contentType, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1"))
                .header("Content-Type", contentType).header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Sends {@code call} as JSON, expects 200, and returns the JSON text and the decoded Response. */
    String json(Call call) throws Exception {
        HttpResponse<byte[]> r = post(new String(Encoding.JSON.encode(call), StandardCharsets.UTF_8),
                "application/json", "application/json");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    Response protobuf(Call call) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1")).header("Content-Type", "application/x-protobuf").header("Accept",
                "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return Response.parseFrom(r.body());
    }

    static Call call(Call.Type type) {
        return Call.newBuilder().setType(type).build();
    }

    Task runningTask() throws Exception {
        return protobuf(call(Call.Type.GET_TASKS)).getGetTasks().getLaunchedTasksList().stream()
                .filter(t -> t.getTaskId().getValue().equals("t1")).findFirst().orElseThrow();
    }

    ContainerID containerOf(String taskId) throws Exception {
        return agent.call(Agent::snapshot).get(5, TimeUnit.SECONDS).tasks().frameworks().get(0).executors().stream()
                .filter(e -> e.id().getValue().equals(taskId)).findFirst().orElseThrow().containerId();
    }

    Path sandboxOf(String taskId) throws Exception {
        return agent.call(Agent::snapshot).get(5, TimeUnit.SECONDS).tasks().frameworks().get(0).executors().stream()
                .filter(e -> e.id().getValue().equals(taskId)).findFirst().orElseThrow().directory();
    }

    @Test
    void getVersionFlagsAgentAndHealthDescribeThisAgent() throws Exception {
        Response version = protobuf(call(Call.Type.GET_VERSION));
        assertThat(version.getType()).isEqualTo(Response.Type.GET_VERSION);
        assertThat(version.getGetVersion().getVersionInfo().getVersion()).isEqualTo(org.agora.api.Versions.MESOS_API);

        Response flags = protobuf(call(Call.Type.GET_FLAGS));
        assertThat(flags.getGetFlags().getFlagsList()).anySatisfy(f -> {
            assertThat(f.getName()).isEqualTo("work.dir");
            assertThat(f.getValue()).isEqualTo(workDir.toString());
        });

        String agentJson = json(call(Call.Type.GET_AGENT));
        assertThat(agentJson).contains("\"type\":\"GET_AGENT\"", "\"get_agent\"", "\"agent_info\"",
                "\"value\":\"m-S1\"");

        assertThat(protobuf(call(Call.Type.GET_HEALTH)).getGetHealth().getHealthy()).isTrue();
    }

    @Test
    void getTasksShowsTheRunningTaskInBothEncodings() throws Exception {
        Task t = runningTask();
        assertThat(t.getState()).isEqualTo(TaskState.TASK_RUNNING);
        assertThat(t.getFrameworkId().getValue()).isEqualTo("f-1");
        assertThat(t.getAgentId().getValue()).isEqualTo("m-S1");

        Object tree = JsonTree.parse(json(call(Call.Type.GET_TASKS)));
        Map<?, ?> tasks = (Map<?, ?>) ((Map<?, ?>) tree).get("get_tasks");
        List<?> launched = (List<?>) tasks.get("launched_tasks");
        assertThat(launched).hasSize(1);
        Map<?, ?> task = (Map<?, ?>) launched.get(0);
        assertThat(((Map<?, ?>) task.get("task_id")).get("value")).isEqualTo("t1");
        assertThat(task.get("state")).isEqualTo("TASK_RUNNING");
    }

    @Test
    void getStateFrameworksAndExecutorsAgree() throws Exception {
        Response state = protobuf(call(Call.Type.GET_STATE));
        assertThat(state.getGetState().getGetFrameworks().getFrameworksList()).singleElement()
                .satisfies(f -> assertThat(f.getFrameworkInfo().getId().getValue()).isEqualTo("f-1"));
        assertThat(state.getGetState().getGetExecutors().getExecutorsList()).singleElement()
                .satisfies(e -> {
                    assertThat(e.getExecutorInfo().getExecutorId().getValue()).isEqualTo("t1");
                    assertThat(e.getExecutorInfo().getFrameworkId().getValue()).isEqualTo("f-1");
                });
        assertThat(state.getGetState().getGetTasks().getLaunchedTasksList()).extracting(t -> t.getTaskId()
                .getValue()).containsExactly("t1");
        assertThat(protobuf(call(Call.Type.GET_FRAMEWORKS)).getGetFrameworks())
                .isEqualTo(state.getGetState().getGetFrameworks());
        assertThat(protobuf(call(Call.Type.GET_EXECUTORS)).getGetExecutors())
                .isEqualTo(state.getGetState().getGetExecutors());
        assertThat(json(call(Call.Type.GET_EXECUTORS))).contains("\"executor_info\"", "\"executor_id\"");
    }

    @Test
    void listFilesAndReadFileServeTheSandboxWithOffsetAndLength() throws Exception {
        Path sandbox = sandboxOf("t1");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(sandbox.resolve("stdout"))
                .contains("hello-from-t1"));
        Response list = protobuf(Call.newBuilder().setType(Call.Type.LIST_FILES).setListFiles(
                Call.ListFiles.newBuilder().setPath(sandbox.toString())).build());
        assertThat(list.getListFiles().getFileInfosList()).anySatisfy(f -> {
            assertThat(f.getPath()).isEqualTo(sandbox.resolve("stdout").toString());
            assertThat(f.getMode() & 0170000).isEqualTo(0100000); // a regular file
            assertThat(f.getSize()).isEqualTo(Files.size(sandbox.resolve("stdout")));
        });

        long size = Files.size(sandbox.resolve("stdout"));
        String stdout = Files.readString(sandbox.resolve("stdout"));
        int at = stdout.indexOf("hello-from-t1");
        Response read = protobuf(Call.newBuilder().setType(Call.Type.READ_FILE).setReadFile(Call.ReadFile
                .newBuilder().setPath(sandbox.resolve("stdout").toString()).setOffset(at + 6).setLength(4)).build());
        assertThat(read.getReadFile().getSize()).isEqualTo(size);
        assertThat(read.getReadFile().getData().toStringUtf8()).isEqualTo("from");

        // JSON: bytes as base64, as Mesos writes them
        String json = json(Call.newBuilder().setType(Call.Type.READ_FILE).setReadFile(Call.ReadFile.newBuilder()
                .setPath(sandbox.resolve("stdout").toString()).setOffset(at)).build());
        String data = (String) ((Map<?, ?>) ((Map<?, ?>) JsonTree.parse(json)).get("read_file")).get("data");
        assertThat(new String(java.util.Base64.getDecoder().decode(data), StandardCharsets.UTF_8))
                .startsWith("hello-from-t1");

        Response past = protobuf(Call.newBuilder().setType(Call.Type.READ_FILE).setReadFile(Call.ReadFile
                .newBuilder().setPath(sandbox.resolve("stdout").toString()).setOffset(size + 100)).build());
        assertThat(past.getReadFile().getData().isEmpty()).isTrue();
        assertThat(past.getReadFile().getSize()).isEqualTo(size);
    }

    @Test
    void readFileOutsideTheSandboxesIsRefusedAndAMissingFileIsNotFound() throws Exception {
        Files.writeString(workDir.resolve("secret"), "nobody's business");
        HttpResponse<byte[]> outside = post("{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\""
                + workDir.resolve("secret") + "\",\"offset\":0}}", "application/json", "application/json");
        assertThat(outside.statusCode()).isEqualTo(403);
        assertThat(new String(outside.body(), StandardCharsets.UTF_8)).contains("outside the sandboxes");

        HttpResponse<byte[]> climbing = post("{\"type\":\"LIST_FILES\",\"list_files\":{\"path\":\"../..\"}}",
                "application/json", "application/json");
        assertThat(climbing.statusCode()).isEqualTo(403);

        HttpResponse<byte[]> missing = post("{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\""
                + sandboxOf("t1").resolve("no-such-file") + "\",\"offset\":0}}", "application/json",
                "application/json");
        assertThat(missing.statusCode()).isEqualTo(404);

        HttpResponse<byte[]> noPayload = post("{\"type\":\"READ_FILE\"}", "application/json", "application/json");
        assertThat(noPayload.statusCode()).isEqualTo(400);
        assertThat(new String(noPayload.body(), StandardCharsets.UTF_8)).contains("read_file");
    }

    @Test
    void killContainerKillsTheTasksProcessesAndTheAgentReportsItsEnd() throws Exception {
        ContainerID id = containerOf("t1");
        HttpResponse<byte[]> r = post("{\"type\":\"KILL_CONTAINER\",\"kill_container\":{\"container_id\":"
                + "{\"value\":\"" + id.getValue() + "\"}}}", "application/json", "application/json");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> master.state("t1").equals(Optional.of(
                TaskState.TASK_FAILED)));
        Task ended = protobuf(call(Call.Type.GET_TASKS)).getGetTasks().getCompletedTasksList().stream()
                .filter(t -> t.getTaskId().getValue().equals("t1")).findFirst().orElseThrow();
        assertThat(ended.getStatusesList()).last().satisfies(s -> assertThat(s.getMessage()).contains("signal"));
    }

    @Test
    void killContainerOfAnUnknownContainerIsNotFoundAndNamesIt() throws Exception {
        HttpResponse<byte[]> r = post("{\"type\":\"KILL_CONTAINER\",\"kill_container\":{\"container_id\":"
                + "{\"value\":\"no-such-container\"}}}", "application/json", "application/json");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("no-such-container");
        assertThat(runningTask().getState()).isEqualTo(TaskState.TASK_RUNNING);

        HttpResponse<byte[]> badSignal = post("{\"type\":\"KILL_CONTAINER\",\"kill_container\":{\"container_id\":"
                + "{\"value\":\"" + containerOf("t1").getValue() + "\"},\"signal\":2}}", "application/json",
                "application/json");
        assertThat(badSignal.statusCode()).isEqualTo(400);
        assertThat(runningTask().getState()).isEqualTo(TaskState.TASK_RUNNING);
    }

    @Test
    void loggingLevelIsTheRootLoggersAndCannotBeSetWithoutPaxLogging() throws Exception {
        assertThat(protobuf(call(Call.Type.GET_LOGGING_LEVEL)).getGetLoggingLevel().getLevel()).isZero();
        HttpResponse<byte[]> set = post("{\"type\":\"SET_LOGGING_LEVEL\",\"set_logging_level\":{\"level\":1,"
                + "\"duration\":{\"nanoseconds\":1000000000}}}", "application/json", "application/json");
        assertThat(set.statusCode()).isEqualTo(503);
        assertThat(new String(set.body(), StandardCharsets.UTF_8)).contains("Configuration Admin");
    }

    @Test
    void getOperationsIsEmptyForTheAgentAppliesNone() throws Exception {
        Response r = protobuf(call(Call.Type.GET_OPERATIONS));
        assertThat(r.getType()).isEqualTo(Response.Type.GET_OPERATIONS);
        assertThat(r.getGetOperations().getOperationsList()).isEmpty();
    }

    @Test
    void anUnknownCallTypeIsABadRequestNamingIt() throws Exception {
        HttpResponse<byte[]> r = post("{\"type\":\"GET_EVERYTHING\"}", "application/json", "application/json");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("GET_EVERYTHING");
    }

    @Test
    void subscribeStreamsTheStateThenTaskAddedAndUpdatedInOrder() throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1")).header("Content-Type", "application/json").header("Accept", "application/recordio")
                .header("Message-Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"SUBSCRIBE\"}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/recordio");
        try (DataInputStream in = new DataInputStream(r.body())) {
            Event subscribed = next(in);
            assertThat(subscribed.getType()).isEqualTo(Event.Type.SUBSCRIBED);
            assertThat(subscribed.getSubscribed().getGetState().getGetTasks().getLaunchedTasksList())
                    .extracting(t -> t.getTaskId().getValue()).containsExactly("t1");
            assertThat(subscribed.getSubscribed().getHeartbeatIntervalSeconds()).isEqualTo(15);

            run("t2", "exit 0");
            Event added = next(in);
            assertThat(added.getType()).isEqualTo(Event.Type.TASK_ADDED);
            assertThat(added.getTaskAdded().getTask().getTaskId().getValue()).isEqualTo("t2");
            assertThat(added.getTaskAdded().getTask().getState()).isEqualTo(TaskState.TASK_STAGING);
            TaskState last = TaskState.TASK_STAGING;
            while (last != TaskState.TASK_FINISHED) {
                Event e = next(in);
                assertThat(e.getType()).isIn(Event.Type.TASK_UPDATED, Event.Type.HEARTBEAT);
                if (e.getType() == Event.Type.TASK_UPDATED) {
                    assertThat(e.getTaskUpdated().getStatus().getTaskId().getValue()).isEqualTo("t2");
                    assertThat(e.getTaskUpdated().getFrameworkId().getValue()).isEqualTo("f-1");
                    last = e.getTaskUpdated().getState();
                }
            }
        }
    }

    /** The next RecordIO record ("<length>\n<bytes>"), a JSON Event. */
    static Event next(DataInputStream in) throws IOException {
        StringBuilder length = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("stream ended");
            }
            length.append((char) c);
        }
        byte[] record = new byte[Integer.parseInt(length.toString())];
        in.readFully(record);
        return Encoding.JSON.decode(record, Event.newBuilder());
    }
}
