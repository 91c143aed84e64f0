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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.scheduler.client.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task groups (LAUNCH_GROUP) run by the agent's default executor with real processes: they live and die together,
 * and the executor's resources are free once none of its tasks runs.
 */
class TaskGroupIT {
    @TempDir
    static Path workDir;

    private static InProcessCluster.SingleAgent cluster;
    private static String address;

    @BeforeAll
    static void start() throws Exception {
        cluster = InProcessCluster.SingleAgent.start(workDir, "cpus:8;mem:8192;disk:1000");
        address = cluster.address();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static TaskInfo task(Offer offer, String id, String command) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(offer.getAgentId()).addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                .setCommand(CommandInfo.newBuilder().setValue(command)).build();
    }

    static Offer.Operation group(String executorId, List<TaskInfo> tasks) {
        ExecutorInfo executor = ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.DEFAULT)
                .setExecutorId(ExecutorID.newBuilder().setValue(executorId))
                .addAllResources(Resources.parse("cpus:0.1;mem:32;disk:10").toList()).build();
        return Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH_GROUP)
                .setLaunchGroup(Offer.Operation.LaunchGroup.newBuilder().setExecutor(executor)
                        .setTaskGroup(TaskGroupInfo.newBuilder().addAllTasks(tasks))).build();
    }

    private static Filters refuse(double seconds) {
        return Filters.newBuilder().setRefuseSeconds(seconds).build();
    }

    private static FrameworkSnapshot snapshot(Framework f) throws Exception {
        String id = f.client.frameworkId().orElseThrow().getValue();
        return cluster.master().snapshot().get(5, TimeUnit.SECONDS).frameworks().frameworks().stream()
                .filter(fw -> fw.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aGroupWhoseTasksSucceedFinishesAndItsExecutorEnds() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("group-ok").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            f.client.accept(List.of(o.getId()), List.of(group("ok", List.of(task(o, "ok-1", "echo one"),
                    task(o, "ok-2", "sleep 0.3; echo two")))), refuse(0)).get(10, TimeUnit.SECONDS);

            await().atMost(Framework.patience()).until(() -> f.state("ok-1") == TaskState.TASK_FINISHED
                    && f.state("ok-2") == TaskState.TASK_FINISHED);
            assertThat(f.statuses.get("ok-2")).extracting(TaskStatus::getState).containsExactly(
                    TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
            assertThat(f.last("ok-1").getExecutorId().getValue()).isEqualTo("ok");
            // each task has a sandbox of its own in the executor's
            assertThat(Files.readString(taskSandbox("ok", "ok-2").resolve("stdout")).trim()).isEqualTo("two");

            await().atMost(Framework.patience()).until(() -> !f.failures.isEmpty());
            assertThat(f.failures.get(0).getExecutorId().getValue()).isEqualTo("ok");
            await().atMost(Duration.ofSeconds(10)).until(() -> snapshot(f).executors().isEmpty()
                    && snapshot(f).used().isEmpty());
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void oneTaskThatFailsKillsTheRestOfItsGroup() throws Exception {
        try (Framework f = new Framework(address, ContentType.JSON)) {
            f.client.subscribe(Framework.info("group-fails").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            f.client.accept(List.of(o.getId()), List.of(group("fails", List.of(
                    task(o, "f-bad", "while [ ! -e ../f-a/started ] || [ ! -e ../f-b/started ]; do sleep 0.02; done;"
                            + " exit 1"),
                    task(o, "f-a", "touch started; exec sleep 300"),
                    task(o, "f-b", "touch started; exec sleep 300")))), refuse(0)).get(10, TimeUnit.SECONDS);

            await().atMost(Framework.patience()).until(() -> f.state("f-bad") == TaskState.TASK_FAILED
                    && f.state("f-a") == TaskState.TASK_KILLED && f.state("f-b") == TaskState.TASK_KILLED);
            assertThat(f.last("f-bad").getMessage()).isEqualTo("Command exited with status 1");
            assertThat(f.statuses.get("f-a")).extracting(TaskStatus::getState).contains(TaskState.TASK_RUNNING);
            await().atMost(Framework.patience()).until(() -> !f.failures.isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> snapshot(f).used().isEmpty());
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void killingOneTaskOfAGroupKillsTheGroup() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("group-kill").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            f.client.accept(List.of(o.getId()), List.of(group("killed", List.of(task(o, "g-a", "exec sleep 300"),
                    task(o, "g-b", "exec sleep 300")))), refuse(0)).get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("g-a") == TaskState.TASK_RUNNING
                    && f.state("g-b") == TaskState.TASK_RUNNING);
            assertThat(snapshot(f).used().scalar("cpus")).as("two tasks and their executor").isEqualTo(0.3);
            assertThat(snapshot(f).executors()).extracting(e -> e.getExecutorInfo().getExecutorId().getValue())
                    .containsExactly("killed");

            f.client.kill(TaskID.newBuilder().setValue("g-a").build(), o.getAgentId()).get(10, TimeUnit.SECONDS);

            await().atMost(Framework.patience()).until(() -> f.state("g-a") == TaskState.TASK_KILLED
                    && f.state("g-b") == TaskState.TASK_KILLED);
            await().atMost(Framework.patience()).until(() -> !f.failures.isEmpty());
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aGroupOfTwentyShortTasksRunsToTheEnd() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("group-many").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            List<TaskInfo> tasks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                tasks.add(task(o, "m-" + i, "true"));
            }
            long start = System.nanoTime();
            f.client.accept(List.of(o.getId()), List.of(group("many", tasks)), refuse(0)).get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> tasks.stream()
                    .allMatch(t -> f.state(t.getTaskId().getValue()) == TaskState.TASK_FINISHED));
            System.out.printf("task group: 20 tasks ACCEPT to all TASK_FINISHED in %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    private static Path taskSandbox(String executorId, String taskId) throws Exception {
        try (Stream<Path> dirs = Files.walk(workDir)) {
            return dirs.filter(p -> p.endsWith(Path.of("tasks", taskId))
                    && p.toString().contains("/executors/" + executorId + "/runs/")).findFirst()
                    .orElseThrow(() -> new AssertionError("no sandbox for task " + taskId));
        }
    }
}
