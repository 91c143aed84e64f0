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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.scheduler.client.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Frameworks speaking the v1 scheduler API (protobuf and JSON) to a real master with the first-fit allocator and a
 * real agent that runs real processes, all in this JVM over loopback HTTP.
 */
class SchedulerApiIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path workDir;

    private static InProcessCluster.SingleAgent cluster;
    private static String address;

    @BeforeAll
    static void start() throws Exception {
        cluster = InProcessCluster.SingleAgent.start(workDir, "cpus:4;mem:4096;disk:1000;ports:[31000-31100]");
        address = cluster.address();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static TaskInfo task(Offer offer, String id, String command, double cpus) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(offer.getAgentId())
                .addAllResources(Resources.parse("cpus:" + cpus + ";mem:32").toList())
                .setCommand(CommandInfo.newBuilder().setValue(command)).build();
    }

    private static Filters refuse(double seconds) {
        return Filters.newBuilder().setRefuseSeconds(seconds).build();
    }

    @ParameterizedTest
    @EnumSource(ContentType.class)
    void tasksFinishFailAndAreKilled(ContentType type) throws Exception {
        try (Framework f = new Framework(address, type)) {
            f.client.subscribe(Framework.info("outcomes-" + type).build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            String p = type.name().toLowerCase();
            f.client.launch(List.of(o.getId()), List.of(task(o, p + "-ok", "echo hello", 0.1),
                    task(o, p + "-bad", "exit 3", 0.1), task(o, p + "-long", "sleep 300", 0.1)), refuse(0))
                    .get(10, TimeUnit.SECONDS);

            await().atMost(Framework.patience()).until(() -> f.state(p + "-ok") == TaskState.TASK_FINISHED
                    && f.state(p + "-bad") == TaskState.TASK_FAILED && f.state(p + "-long") == TaskState.TASK_RUNNING);
            assertThat(f.statuses.get(p + "-ok")).extracting(TaskStatus::getState)
                    .containsSubsequence(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
            assertThat(f.last(p + "-bad").getMessage()).contains("exited with status 3");
            TaskStatus finished = f.last(p + "-ok");
            assertThat(finished.hasUuid()).isTrue();
            assertThat(finished.getAgentId()).isEqualTo(o.getAgentId());
            assertThat(Files.readString(sandboxFile(p + "-ok", "stdout")).trim()).isEqualTo("hello");

            f.client.kill(TaskID.newBuilder().setValue(p + "-long").build(), o.getAgentId());
            await().atMost(Framework.patience()).until(() -> f.state(p + "-long") == TaskState.TASK_KILLED);
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void reconciliationAnswersWithTheLatestStateAndLostForUnknownTasks() throws Exception {
        try (Framework f = new Framework(address, ContentType.JSON)) {
            f.client.subscribe(Framework.info("reconcile").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            f.client.launch(List.of(o.getId()), List.of(task(o, "r-long", "sleep 300", 0.1)), refuse(0));
            await().atMost(Framework.patience()).until(() -> f.state("r-long") == TaskState.TASK_RUNNING);

            f.statuses.clear();
            f.client.reconcile(List.of(Call.Reconcile.Task.newBuilder()
                    .setTaskId(TaskID.newBuilder().setValue("r-long")).build(), Call.Reconcile.Task.newBuilder()
                    .setTaskId(TaskID.newBuilder().setValue("never")).build()));
            await().atMost(Framework.patience()).until(() -> f.state("r-long") != null && f.state("never") != null);
            assertThat(f.last("r-long").getState()).isEqualTo(TaskState.TASK_RUNNING);
            assertThat(f.last("r-long").getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
            assertThat(f.last("never").getState()).isEqualTo(TaskState.TASK_LOST);

            f.statuses.clear();
            f.client.reconcile(List.of());
            await().atMost(Framework.patience()).until(() -> f.state("r-long") == TaskState.TASK_RUNNING);
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFrameworkThatReconnectsWithinItsFailoverTimeoutKeepsItsTasks() throws Exception {
        FrameworkID id;
        try (Framework first = new Framework(address, ContentType.PROTOBUF)) {
            id = first.client.subscribe(Framework.info("failover").setFailoverTimeout(60).build())
                    .get(10, TimeUnit.SECONDS).getFrameworkId();
            Offer o = first.offer();
            first.client.launch(List.of(o.getId()), List.of(task(o, "f-long", "sleep 300", 0.1)), refuse(0));
            await().atMost(Framework.patience()).until(() -> first.state("f-long") == TaskState.TASK_RUNNING);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.master().snapshot().get().frameworks().frameworks()
                .stream().anyMatch(fw -> fw.id().equals(id.getValue()) && !fw.connected()));

        try (Framework again = new Framework(address, ContentType.PROTOBUF)) {
            again.client.subscribe(Framework.info("failover").setFailoverTimeout(60).setId(id).build())
                    .get(10, TimeUnit.SECONDS);
            again.client.reconcile(List.of());
            await().atMost(Framework.patience()).until(() -> again.state("f-long") == TaskState.TASK_RUNNING);
            again.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void hundredsOfCallsInFlightAreAllAnsweredInOrder() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("many-calls").build()).get(10, TimeUnit.SECONDS);
            List<java.util.concurrent.CompletableFuture<Void>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 600; i++) {
                calls.add(f.client.revive(List.of()));
            }
            // more than the 128 pipelined requests Netty accepts on one connection: the client must pace them
            java.util.concurrent.CompletableFuture.allOf(calls.toArray(new java.util.concurrent.CompletableFuture[0]))
                    .get(30, TimeUnit.SECONDS);
            assertThat(calls).allMatch(c -> !c.isCompletedExceptionally());
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void badCallsGetClearClientErrors() throws Exception {
        assertThat(post("{\"type\":\"DECLINE\",\"framework_id\":{\"value\":\"x\"},\"decline\":{}}", null))
                .satisfies(r -> {
                    assertThat(r.statusCode()).isEqualTo(400);
                    assertThat(r.body()).contains("Mesos-Stream-Id");
                });
        assertThat(post("{\"type\":\"DECLINE\",\"framework_id\":{\"value\":\"nobody\"},\"decline\":{}}", "s1")
                .statusCode()).isEqualTo(400);
        assertThat(post("{\"type\":\"SUBSCRIBE\"", null).statusCode()).isEqualTo(400);
        assertThat(post("{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"name\":\"no user\"}}}", null)
                .body()).contains("framework_info.user");

        try (Framework f = new Framework(address, ContentType.JSON)) {
            String fid = f.client.subscribe(Framework.info("bad-calls").build()).get(10, TimeUnit.SECONDS)
                    .getFrameworkId().getValue();
            String stream = f.client.streamId().orElseThrow();
            assertThat(post("{\"type\":\"DECLINE\",\"framework_id\":{\"value\":\"" + fid + "\"},\"decline\":{}}",
                    "another-stream").statusCode()).isEqualTo(400);
            HttpResponse<String> create = post("{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"" + fid
                    + "\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"}],\"operations\":[{\"type\":\"CREATE\","
                    + "\"create\":{}}]}}", stream);
            assertThat(create.statusCode()).isEqualTo(400);
            assertThat(create.body()).contains("CREATE is not supported");
            HttpResponse<String> emptyReserve = post("{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\""
                    + fid + "\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"}],\"operations\":[{\"type\":"
                    + "\"RESERVE\"}]}}", stream);
            assertThat(emptyReserve.statusCode()).isEqualTo(400);
            assertThat(emptyReserve.body()).contains("accept.operations[].reserve");
            assertThat(post("{\"type\":\"REVIVE\",\"framework_id\":{\"value\":\"" + fid + "\"}}", stream)
                    .statusCode()).isEqualTo(202);
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> post(String json, String streamId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + address + "/api/v1/scheduler"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (streamId != null) {
            b.header("Mesos-Stream-Id", streamId);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path sandboxFile(String taskId, String name) throws Exception {
        try (Stream<Path> files = Files.walk(workDir)) {
            return files.filter(p -> p.getFileName().toString().equals(name)
                    && p.toString().contains("/executors/" + taskId + "/")).findFirst()
                    .orElseThrow(() -> new AssertionError("no sandbox " + name + " for " + taskId));
        }
    }
}
