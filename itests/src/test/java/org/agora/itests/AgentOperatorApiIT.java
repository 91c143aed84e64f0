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
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.Agent;
import org.agora.api.agentevents.AgentEvents.Event;
import org.agora.api.json.JsonTree;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.agent.Protos.Call;
import org.agora.api.v1.agent.Protos.Response;
import org.agora.scheduler.client.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's v1 operator API driven over real HTTP, as an operator's tool would, against a real master and agent
 * and a task a real framework launched: the agent's SUBSCRIBE stream (protobuf records) shows the task added and
 * running, GET_TASKS lists it, LIST_FILES and READ_FILE read its stdout, KILL_CONTAINER kills it, and the stream
 * carries its end (TASK_FAILED, as a task killed by a signal ends) while the framework hears the same.
 */
class AgentOperatorApiIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    InProcessCluster.SingleAgent cluster;
    String agentApi;

    @BeforeEach
    void start() throws Exception {
        cluster = InProcessCluster.SingleAgent.start(Files.createDirectory(dir.resolve("work")), "cpus:1;mem:256");
        int port = cluster.agent().call(a -> a.snapshot().info().getPort()).get(10, TimeUnit.SECONDS);
        agentApi = "http://127.0.0.1:" + port + "/api/v1";
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    HttpResponse<String> json(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(agentApi)).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    Response protobuf(Call call) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(agentApi))
                .header("Content-Type", "application/x-protobuf").header("Accept", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return Response.parseFrom(r.body());
    }

    /** The next event that is not a HEARTBEAT. */
    static Event next(InputStream in) throws Exception {
        while (true) {
            byte[] record = RecordIoRecords.next(in);
            assertThat(record).as("the stream ended").isNotNull();
            Event e = Event.parseFrom(record);
            if (e.getType() != Event.Type.HEARTBEAT) {
                return e;
            }
        }
    }

    @Test
    void anOperatorWatchesReadsAndKillsARealTaskThroughTheAgentsApi() throws Exception {
        HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(agentApi))
                .header("Content-Type", "application/json").header("Accept", "application/recordio")
                .header("Message-Accept", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"SUBSCRIBE\"}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Message-Content-Type")).hasValue("application/x-protobuf");
        try (InputStream events = stream.body(); Framework f = new Framework(cluster.address(), ContentType.JSON)) {
            Event subscribed = next(events);
            assertThat(subscribed.getType()).isEqualTo(Event.Type.SUBSCRIBED);
            assertThat(subscribed.getSubscribed().getGetState().getGetTasks().getLaunchedTasksList()).isEmpty();

            f.client.subscribe(Framework.info("agent-api").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            f.client.launch(List.of(o.getId()), List.of(TaskInfo.newBuilder().setName("watched")
                    .setTaskId(TaskID.newBuilder().setValue("watched")).setAgentId(o.getAgentId())
                    .addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                    .setCommand(CommandInfo.newBuilder().setValue("echo hello-agent-api; exec sleep 300")).build()),
                    Filters.getDefaultInstance()).get(10, TimeUnit.SECONDS);

            Event added = next(events);
            assertThat(added.getType()).isEqualTo(Event.Type.TASK_ADDED);
            assertThat(added.getTaskAdded().getTask().getTaskId().getValue()).isEqualTo("watched");
            TaskState state = TaskState.TASK_STAGING;
            while (state != TaskState.TASK_RUNNING) {
                Event e = next(events);
                assertThat(e.getType()).isEqualTo(Event.Type.TASK_UPDATED);
                state = e.getTaskUpdated().getState();
            }

            // GET_TASKS, JSON with Mesos's field names
            Map<?, ?> tasks = (Map<?, ?>) ((Map<?, ?>) JsonTree.parse(json("{\"type\":\"GET_TASKS\"}").body()))
                    .get("get_tasks");
            Map<?, ?> task = (Map<?, ?>) ((List<?>) tasks.get("launched_tasks")).get(0);
            assertThat(((Map<?, ?>) task.get("task_id")).get("value")).isEqualTo("watched");
            assertThat(task.get("state")).isEqualTo("TASK_RUNNING");

            // LIST_FILES and READ_FILE, by the sandbox path /files takes (runs/latest is the agent's own link)
            String sandbox = o.getAgentId().getValue() + "/frameworks/" + f.client.frameworkId().orElseThrow()
                    .getValue() + "/executors/watched/runs/latest";
            assertThat(protobuf(Call.newBuilder().setType(Call.Type.LIST_FILES).setListFiles(Call.ListFiles
                    .newBuilder().setPath(sandbox)).build()).getListFiles().getFileInfosList())
                    .anySatisfy(i -> assertThat(i.getPath()).endsWith("/stdout"));
            await().atMost(Duration.ofSeconds(20)).until(() -> protobuf(Call.newBuilder()
                    .setType(Call.Type.READ_FILE).setReadFile(Call.ReadFile.newBuilder().setPath(sandbox + "/stdout")
                            .setOffset(0)).build()).getReadFile().getData().toStringUtf8().contains("hello-agent-api"));

            // KILL_CONTAINER by the id the agent's /state gives the task's executor
            String container = cluster.agent().call(Agent::snapshot).get(10, TimeUnit.SECONDS).tasks().frameworks()
                    .get(0).executors().get(0).containerId().getValue();
            HttpResponse<String> kill = json("{\"type\":\"KILL_CONTAINER\",\"kill_container\":{\"container_id\":"
                    + "{\"value\":\"" + container + "\"}}}");
            assertThat(kill.statusCode()).as(kill.body()).isEqualTo(200);

            Event ended = next(events);
            assertThat(ended.getType()).isEqualTo(Event.Type.TASK_UPDATED);
            assertThat(ended.getTaskUpdated().getStatus().getTaskId().getValue()).isEqualTo("watched");
            assertThat(ended.getTaskUpdated().getState()).isEqualTo(TaskState.TASK_FAILED);
            assertThat(ended.getTaskUpdated().getStatus().getMessage()).contains("signal");
            await().atMost(Framework.patience()).until(() -> f.state("watched") == TaskState.TASK_FAILED);

            HttpResponse<String> again = json("{\"type\":\"KILL_CONTAINER\",\"kill_container\":{\"container_id\":"
                    + "{\"value\":\"no-such-container\"}}}");
            assertThat(again.statusCode()).isEqualTo(404);
            assertThat(again.body()).contains("no-such-container");
        }
    }
}
