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
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskGroupInfo;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.scheduler.client.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the master checks when a framework launches tasks with an executor of its own (LAUNCH) or a task group
 * (LAUNCH_GROUP), and how it accounts for executors, against a real master and agent.
 */
class ExecutorLaunchChecksIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path workDir;

    private static InProcessCluster.SingleAgent cluster;
    private static String address;

    @BeforeAll
    static void start() throws Exception {
        cluster = InProcessCluster.SingleAgent.start(workDir, "cpus:2;mem:1024;disk:1000");
        address = cluster.address();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static TaskInfo.Builder task(Offer offer, String id, String resources) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(offer.getAgentId()).addAllResources(Resources.parse(resources).toList());
    }

    static ExecutorInfo.Builder executor(String id, String command, String resources) {
        return ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue(id))
                .setCommand(CommandInfo.newBuilder().setValue(command))
                .addAllResources(Resources.parse(resources).toList());
    }

    static ExecutorInfo.Builder defaultExecutor(String id, String resources) {
        return ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.DEFAULT)
                .setExecutorId(ExecutorID.newBuilder().setValue(id))
                .addAllResources(Resources.parse(resources).toList());
    }

    static Offer.Operation launchGroup(ExecutorInfo executor, TaskInfo... tasks) {
        return Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH_GROUP)
                .setLaunchGroup(Offer.Operation.LaunchGroup.newBuilder().setExecutor(executor)
                        .setTaskGroup(TaskGroupInfo.newBuilder().addAllTasks(List.of(tasks)))).build();
    }

    private static Filters refuse(double seconds) {
        return Filters.newBuilder().setRefuseSeconds(seconds).build();
    }

    @Test
    void oneInvalidTaskFailsEveryTaskOfItsGroup() throws Exception {
        try (Framework f = new Framework(address, ContentType.JSON)) {
            f.client.subscribe(Framework.info("group-checks").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            TaskInfo good = task(o, "g-good", "cpus:0.1;mem:32").setCommand(CommandInfo.newBuilder()
                    .setValue("sleep 60")).build();
            TaskInfo bad = task(o, "g-bad", "cpus:0.1;mem:32").build(); // no command
            f.client.accept(List.of(o.getId()), List.of(launchGroup(defaultExecutor("g",
                    "cpus:0.1;mem:32;disk:10").build(), good, bad)), refuse(0)).get(10, TimeUnit.SECONDS);

            await().atMost(Framework.patience()).until(() -> f.state("g-good") != null && f.state("g-bad") != null);
            for (String t : List.of("g-good", "g-bad")) {
                TaskStatus s = f.last(t);
                assertThat(s.getState()).isEqualTo(TaskState.TASK_ERROR);
                assertThat(s.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_GROUP_INVALID);
                assertThat(s.getMessage()).contains("Task 'g-bad' is invalid", "'TaskInfo.command' must be set");
            }

            Offer again = f.offer();
            TaskInfo ok = task(again, "g-small", "cpus:0.1;mem:32").setCommand(CommandInfo.newBuilder()
                    .setValue("sleep 60")).build();
            f.client.accept(List.of(again.getId()), List.of(launchGroup(defaultExecutor("g2",
                    "cpus:0.1;mem:32").build(), ok)), refuse(0)).get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("g-small") != null);
            assertThat(f.last("g-small").getMessage()).contains("Executor 'g2' uses no disk");
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anExecutorCountsOnceAgainstTheOfferAndItsIdStandsForOneExecutorInfo() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("executor-checks").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            ExecutorInfo e = executor("shared", "sleep 60", "cpus:0.5;mem:64").build();
            // 0.6 + 0.6 + the executor's 0.5 fit in 2 cpus; the executor counted twice would not
            TaskInfo first = task(o, "x-1", "cpus:0.6;mem:32").setExecutor(e).build();
            TaskInfo second = task(o, "x-2", "cpus:0.6;mem:32").setExecutor(e).build();
            TaskInfo changed = task(o, "x-3", "cpus:0.1;mem:32").setExecutor(e.toBuilder().setName("other")).build();
            TaskInfo tooBig = task(o, "x-4", "cpus:0.1;mem:32")
                    .setExecutor(executor("big", "sleep 60", "cpus:1;mem:32")).build();
            f.client.launch(List.of(o.getId()), List.of(first, second, changed, tooBig), refuse(0))
                    .get(10, TimeUnit.SECONDS);

            await().atMost(Framework.patience()).until(() -> f.state("x-3") != null && f.state("x-4") != null);
            assertThat(f.last("x-3").getState()).isEqualTo(TaskState.TASK_ERROR);
            assertThat(f.last("x-3").getMessage()).contains("not compatible with existing ExecutorInfo");
            assertThat(f.last("x-4").getState()).isEqualTo(TaskState.TASK_ERROR);
            assertThat(f.last("x-4").getMessage()).contains("more than available");
            assertThat(f.state("x-1")).isNotEqualTo(TaskState.TASK_ERROR);
            assertThat(f.state("x-2")).isNotEqualTo(TaskState.TASK_ERROR);

            // the master lists the executor
            String fid = f.client.frameworkId().orElseThrow().getValue();
            HttpResponse<String> executors = operator("{\"type\":\"GET_EXECUTORS\"}");
            assertThat(executors.body()).contains("\"executor_id\":{\"value\":\"shared\"}")
                    .contains("\"framework_id\":{\"value\":\"" + fid + "\"}");
            String state = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + "/master/state"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(state).contains("\"executors\":[{\"executor_id\":\"shared\"");
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> operator(String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + "/api/v1"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
