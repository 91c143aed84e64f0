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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.agora.agent.internal.checkpoint.CheckpointFiles;
import org.agora.agent.internal.launcher.ProcessIdentity;
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
import org.agora.master.internal.MasterComponent;
import org.agora.master.internal.agent.AgentSnapshot;
import org.agora.scheduler.client.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent process is killed with SIGKILL while a checkpointing framework's executors run, and a new agent process
 * starts on the same work directory and port: what Mesos's agent recovery promises of executors.
 */
class ExecutorRecoveryIT {
    private static final String RESOURCES = "cpus:4;mem:4096;disk:1000";

    @TempDir
    Path workDir;

    private MasterComponent master;
    private String address;
    private int port;
    private final List<AgentProcess> agents = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        // an agent JVM restarting on a loaded machine may take seconds: it must not count as unreachable meanwhile
        master = InProcessCluster.leadingMaster(Duration.ofSeconds(60));
        address = InProcessCluster.address(master);
        port = AgentProcess.freePort();
        agents.add(AgentProcess.start(address, workDir, port, RESOURCES, "agent-1"));
        InProcessCluster.awaitAgents(master, 1);
    }

    @AfterEach
    void stop() throws Exception {
        for (AgentProcess a : agents) {
            a.close();
        }
        if (Boolean.getBoolean("agora.itests.agent.logs")) {
            try (Stream<Path> logs = Files.list(workDir)) {
                for (Path log : logs.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                    System.out.println("---- " + log.getFileName() + "\n" + Files.readString(log));
                }
            }
        }
        master.stop();
        for (ProcessIdentity p : checkpointedProcesses()) {
            if (p.isRunning()) {
                ProcessHandle.of(p.pid()).ifPresent(h -> {
                    h.descendants().forEach(ProcessHandle::destroyForcibly);
                    h.destroyForcibly();
                });
            }
        }
    }

    private AgentSnapshot theAgent() throws Exception {
        return master.snapshot().get(5, TimeUnit.SECONDS).agents().get(0);
    }

    /** SIGKILL to the agent, then a new agent process on the same work directory and port. */
    private void restartAgentHard() throws Exception {
        String id = theAgent().id();
        agents.get(agents.size() - 1).kill9();
        await().atMost(Duration.ofSeconds(20)).until(() -> !theAgent().connected());
        long start = System.nanoTime();
        agents.add(AgentProcess.start(address, workDir, port, RESOURCES, "agent-" + (agents.size() + 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> theAgent().connected());
        System.out.printf("agent restart: new agent process to re-registered in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        assertThat(theAgent().id()).as("the agent re-registered under its id").isEqualTo(id);
    }

    @Test
    void aCustomExecutorOutlivesAKilledAgentAndItsTaskFinishesWithEachUpdateDeliveredOnce() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("durable-executor").setCheckpoint(true).setFailoverTimeout(60).build())
                    .get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            f.client.launch(List.of(o.getId()), List.of(CustomExecutorIT.task(o, "durable",
                    TestExecutors.testExecutor("survivor"), "run")), refuse()).get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("durable") == TaskState.TASK_RUNNING);
            long executorPid = TestExecutors.pid(workDir, "survivor");
            Path sandbox = TestExecutors.sandbox(workDir, "survivor").orElseThrow();
            assertThat(Files.readString(sandbox.resolve("env"))).contains("MESOS_CHECKPOINT=1",
                    "MESOS_RECOVERY_TIMEOUT=15mins", "MESOS_SUBSCRIPTION_BACKOFF_MAX=2secs");

            restartAgentHard();

            assertThat(ProcessHandle.of(executorPid).map(ProcessHandle::isAlive)).as("the executor survived")
                    .hasValue(true);
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(sandbox.resolve("stdout"))
                    .lines().filter(l -> l.contains("SUBSCRIBED")).count() == 2);
            assertThat(f.state("durable")).isEqualTo(TaskState.TASK_RUNNING);

            Files.createFile(sandbox.resolve("release-durable"));
            await().atMost(Framework.patience()).until(() -> f.state("durable") == TaskState.TASK_FINISHED);
            await().atMost(Framework.patience()).until(() -> !f.failures.isEmpty());
            // each update once: a copy the agent resent after its restart (its acknowledgement still in flight at the
            // kill) carries the first one's uuid, as Mesos's at-least-once delivery allows
            assertThat(f.statuses.get("durable").stream().filter(distinctUuids())).extracting(TaskStatus::getState)
                    .containsExactly(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(executorPid).isEmpty()
                    || !ProcessHandle.of(executorPid).get().isAlive());
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anExecutorThatDiesWhileTheAgentIsDownHasItsTasksFailed() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("dying-executor").setCheckpoint(true).setFailoverTimeout(60).build())
                    .get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            f.client.launch(List.of(o.getId()), List.of(CustomExecutorIT.task(o, "orphan",
                    TestExecutors.testExecutor("dying"), "run")), refuse()).get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("orphan") == TaskState.TASK_RUNNING);
            long executorPid = TestExecutors.pid(workDir, "dying");

            String id = theAgent().id();
            agents.get(0).kill9();
            ProcessHandle executor = ProcessHandle.of(executorPid).orElseThrow();
            executor.destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).until(() -> !executor.isAlive());
            agents.add(AgentProcess.start(address, workDir, port, RESOURCES, "agent-2"));

            await().atMost(Framework.patience()).until(() -> f.state("orphan") == TaskState.TASK_FAILED);
            TaskStatus failed = f.last("orphan");
            assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
            assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
            assertThat(failed.getMessage()).contains("while the agent was down");
            assertThat(theAgent().id()).isEqualTo(id);
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTaskGroupOutlivesAKilledAgentAndStillEndsTogether() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("durable-group").setCheckpoint(true).setFailoverTimeout(60).build())
                    .get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            ExecutorInfo executor = ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.DEFAULT)
                    .setExecutorId(ExecutorID.newBuilder().setValue("pod"))
                    .addAllResources(Resources.parse("cpus:0.1;mem:32;disk:10").toList()).build();
            String waitThenFail = "while [ ! -e release ]; do sleep 0.02; done; exit 1";
            f.client.accept(List.of(o.getId()), List.of(Offer.Operation.newBuilder()
                    .setType(Offer.Operation.Type.LAUNCH_GROUP).setLaunchGroup(Offer.Operation.LaunchGroup
                            .newBuilder().setExecutor(executor).setTaskGroup(TaskGroupInfo.newBuilder()
                                    .addTasks(shell(o, "p-fail", waitThenFail))
                                    .addTasks(shell(o, "p-long", "exec sleep 300")))).build()), refuse())
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("p-fail") == TaskState.TASK_RUNNING
                    && f.state("p-long") == TaskState.TASK_RUNNING);

            restartAgentHard();

            Path failSandbox = taskSandbox("p-fail");
            Files.createFile(failSandbox.resolve("release"));
            await().atMost(Framework.patience()).until(() -> f.state("p-fail") == TaskState.TASK_FAILED
                    && f.state("p-long") == TaskState.TASK_KILLED);
            // delivered at least once: an update the agent sent again after its restart (the acknowledgement had not
            // reached it) repeats the uuid of the first copy, so each update counts once
            assertThat(f.statuses.get("p-long").stream().filter(distinctUuids()))
                    .as(f.statuses.get("p-long").toString()).extracting(TaskStatus::getState).containsExactly(
                    TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_KILLED);
            await().atMost(Framework.patience()).until(() -> !f.failures.isEmpty());
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    private static TaskInfo shell(Offer o, String id, String command) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(o.getAgentId()).addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                .setCommand(CommandInfo.newBuilder().setValue(command)).setData(ByteString.EMPTY).build();
    }

    private static Filters refuse() {
        return Filters.newBuilder().setRefuseSeconds(0).build();
    }

    private Path taskSandbox(String taskId) throws IOException {
        try (Stream<Path> dirs = Files.walk(workDir.resolve("slaves"))) {
            return dirs.filter(p -> p.endsWith(Path.of("tasks", taskId))).findFirst()
                    .orElseThrow(() -> new AssertionError("no sandbox for task " + taskId));
        }
    }

    private List<ProcessIdentity> checkpointedProcesses() throws IOException {
        Path meta = workDir.resolve("meta");
        if (!Files.isDirectory(meta)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(meta)) {
            return files.filter(p -> p.getFileName().toString().equals("forked.pid")).map(p -> {
                try {
                    return ProcessIdentity.decode(new String(CheckpointFiles.read(p), StandardCharsets.US_ASCII));
                } catch (IOException | RuntimeException e) {
                    return null;
                }
            }).filter(Objects::nonNull).toList();
        }
    }

    /** Keeps the first copy of each update (by uuid); updates without a uuid are all kept. */
    private static Predicate<TaskStatus> distinctUuids() {
        Set<ByteString> seen = new HashSet<>();
        return st -> st.getUuid().isEmpty() || seen.add(st.getUuid());
    }
}
