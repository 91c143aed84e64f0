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
package org.agora.agent.internal.task;

import static org.agora.agent.internal.task.KillTaskTest.awaitPid;
import static org.agora.agent.internal.task.TaskHarness.alive;
import static org.agora.agent.internal.task.TaskHarness.checkpointing;
import static org.agora.agent.internal.task.TaskHarness.framework;
import static org.agora.agent.internal.task.TaskHarness.shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.agora.agent.internal.checkpoint.CheckpointFiles;
import org.agora.agent.internal.launcher.ProcessIdentity;
import org.agora.agent.internal.launcher.ProcessTree;
import org.agora.agent.internal.launcher.Sandbox;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent stops while tasks run and a new agent starts on the same work directory: what Mesos promises of agent
 * recovery. Each "agent" is a {@link TaskHarness}; the first is stopped as the agent stops (not killed), the next one
 * recovers from the checkpoint the first left.
 */
class AgentRestartRecoveryTest {
    static final String WAIT_FOR_RELEASE = "echo $$ > pid; while [ ! -e release ]; do sleep 0.02; done; ";

    @TempDir
    Path workDir;

    final List<TaskHarness> agents = new ArrayList<>();
    final List<Process> strays = new ArrayList<>();

    TaskHarness agent(boolean autoAck) {
        TaskHarness h = new TaskHarness(workDir, autoAck);
        agents.add(h);
        return h;
    }

    @AfterEach
    void stopAll() {
        agents.forEach(TaskHarness::stopLeavingTasks);
        agents.forEach(TaskHarness::close);
        strays.forEach(p -> ProcessTree.kill(p.toHandle(), List.of()));
    }

    @Test
    void agentRestartKeepsCheckpointedTasksRunningAndTheNextAgentAdoptsThem() throws Exception {
        TaskHarness first = agent(true);
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String t : List.of("c1", "c2", "c3")) {
            first.run(checkpointing(), shell(t, "echo $$ > pid; exec sleep 600"));
        }
        for (String t : List.of("c1", "c2", "c3")) {
            first.awaitState(t, TaskState.TASK_RUNNING);
            pids.put(t, awaitPid(first.sandbox(t).resolve("pid")));
        }
        Path sandbox = first.sandbox("c1");
        await().until(first::allAcknowledged);

        first.stopLeavingTasks();

        assertThat(pids.values()).allMatch(TaskHarness::alive);
        TaskHarness second = agent(true);
        RecoverySummary recovered = second.recover();
        assertThat(recovered.adopted()).isEqualTo(3);
        assertThat(recovered.errors()).isZero();
        assertThat(states(second)).containsOnly(Map.entry("c1", TaskState.TASK_RUNNING),
                Map.entry("c2", TaskState.TASK_RUNNING), Map.entry("c3", TaskState.TASK_RUNNING));
        assertThat(second.sandbox("c1")).isEqualTo(sandbox);
        assertThat(pids.values()).allMatch(TaskHarness::alive);
        second.registered();
        assertThat(second.sent).as("acknowledged updates are not sent again").isEmpty();

        second.kill("c1", Duration.ofSeconds(2));

        TaskStatus killed = second.awaitTerminal("c1");
        assertThat(killed.getState()).isEqualTo(TaskState.TASK_KILLED);
        assertThat(killed.getMessage()).isEqualTo("Command terminated with signal SIGTERM");
        await().until(() -> !alive(pids.get("c1")));
        assertThat(alive(pids.get("c2"))).isTrue();
        // once its end is acknowledged, the task's checkpoint goes
        await().until(() -> second.checkpointedProcesses().size() == 2);
    }

    @Test
    void checkpointedTasksOutliveTheAgentJvmAndAreAdoptedByTheNextAgentThoughNotItsChildren() throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingAgentMain.class.getName(), workDir.toString(),
                WAIT_FOR_RELEASE + "exit 3").redirectErrorStream(true).start();
        strays.add(jvm);
        String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as(out).isTrue();
        java.util.regex.Matcher running = java.util.regex.Pattern.compile("RUNNING (\\d+)").matcher(out);
        assertThat(running.find()).as(out).isTrue();
        long pid = Long.parseLong(running.group(1));

        assertThat(jvm.isAlive()).isFalse();
        assertThat(alive(pid)).as("the task outlives its agent's JVM").isTrue();
        TaskHarness next = agent(true);
        assertThat(next.recover().adopted()).isEqualTo(1);
        assertThat(states(next)).containsExactly(Map.entry("survivor", TaskState.TASK_RUNNING));
        Files.createFile(next.sandbox("survivor").resolve("release"));

        TaskStatus failed = next.awaitTerminal("survivor");
        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.getMessage()).isEqualTo("Command exited with status 3");
        assertThat(next.statesOf("survivor")).containsExactly(TaskState.TASK_FAILED);
    }

    @Test
    void aTaskThatEndsWhileNoAgentRunsIsReportedOnceWithItsRealExitStatus() throws Exception {
        TaskHarness first = agent(true);
        first.run(checkpointing(), shell("ok", WAIT_FOR_RELEASE + "exit 0"));
        first.run(checkpointing(), shell("bad", WAIT_FOR_RELEASE + "exit 3"));
        first.awaitState("ok", TaskState.TASK_RUNNING);
        first.awaitState("bad", TaskState.TASK_RUNNING);
        Path ok = first.sandbox("ok");
        Path bad = first.sandbox("bad");
        awaitPid(ok.resolve("pid"));
        awaitPid(bad.resolve("pid"));
        await().until(first::allAcknowledged);
        first.stopLeavingTasks();

        Files.createFile(ok.resolve("release"));
        Files.createFile(bad.resolve("release"));
        await().atMost(Duration.ofSeconds(10)).until(() -> first.checkpointedProcesses().stream()
                .noneMatch(ProcessIdentity::isRunning));
        assertThat(Sandbox.readExitStatus(bad)).hasValue(3);

        TaskHarness second = agent(true);
        RecoverySummary recovered = second.recover();
        assertThat(recovered.endedWhileDown()).isEqualTo(2);
        second.registered();

        TaskStatus finished = second.awaitTerminal("ok");
        TaskStatus failed = second.awaitTerminal("bad");
        assertThat(finished.getState()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(finished.getMessage()).isEqualTo("Command exited with status 0");
        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.getMessage()).isEqualTo("Command exited with status 3");
        assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
        await().until(() -> second.call(() -> second.tasks.pendingStatusUpdates()) == 0);
        second.registered();
        assertThat(second.sentFor("ok")).hasSize(1);
        assertThat(second.sentFor("bad")).hasSize(1);
        second.stopLeavingTasks();

        TaskHarness third = agent(true);
        assertThat(third.recover().tasks()).isZero();
        third.registered();
        assertThat(third.sent).isEmpty();
        assertThat(workDir.resolve("meta/slaves/m1-S7/frameworks")).isEmptyDirectory();
    }

    @Test
    void anUnacknowledgedUpdateFromBeforeTheRestartIsResentAndOnceAcknowledgedNeverAgain() throws Exception {
        TaskHarness first = agent(false);
        first.run(checkpointing(), shell("u", "echo $$ > pid; exec sleep 600"));
        TaskStatus starting = first.awaitState("u", TaskState.TASK_STARTING);
        await().until(() -> states(first).get("u") == TaskState.TASK_RUNNING);
        long pid = awaitPid(first.sandbox("u").resolve("pid"));
        first.stopLeavingTasks();

        TaskHarness second = agent(false);
        second.connected.set(false); // as at start: no master registered the agent yet
        second.recover();
        assertThat(second.sent).isEmpty();
        second.connected.set(true);
        second.registered();

        assertThat(second.sentFor("u")).extracting(TaskStatus::getState, TaskStatus::getUuid)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TaskState.TASK_STARTING, starting.getUuid()));
        second.acknowledge(starting);
        TaskStatus running = second.awaitState("u", TaskState.TASK_RUNNING);
        second.acknowledge(running);
        second.acknowledge(starting); // a stale acknowledgement changes nothing
        second.registered();
        second.stopLeavingTasks();

        TaskHarness third = agent(false);
        assertThat(third.recover().adopted()).isEqualTo(1);
        third.registered();
        assertThat(third.sent).as("acknowledged before the restart: never sent again").isEmpty();
        assertThat(second.sentFor("u")).extracting(TaskStatus::getState)
                .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
        assertThat(alive(pid)).isTrue();
    }

    @Test
    void aPidRecycledByAnotherProcessIsNotAdopted() throws Exception {
        TaskHarness first = agent(true);
        first.run(checkpointing(), shell("r", "echo $$ > pid; exec sleep 600"));
        first.awaitState("r", TaskState.TASK_RUNNING);
        await().until(first::allAcknowledged);
        first.stopLeavingTasks();
        Path forked = onlyFile(workDir.resolve("meta"), "forked.pid");
        ProcessIdentity task = ProcessIdentity.decode(new String(CheckpointFiles.read(forked),
                StandardCharsets.US_ASCII));
        // the task dies without a trace (SIGKILL to its wrapper too) and its pid goes to another process
        ProcessTree.kill(ProcessHandle.of(task.pid()).orElseThrow(), List.of());
        await().until(() -> !task.isRunning());
        Process decoy = new ProcessBuilder("sleep", "600").start();
        strays.add(decoy);
        long decoyStart = ProcessIdentity.of(decoy.pid()).orElseThrow().startTicks();
        long recordedStart = task.startTicks() != decoyStart ? task.startTicks() : decoyStart - 1;
        ProcessIdentity recycled = new ProcessIdentity(decoy.pid(), recordedStart, task.bootId());
        CheckpointFiles.write(forked, recycled.encode().getBytes(StandardCharsets.US_ASCII));

        TaskHarness second = agent(true);
        RecoverySummary recovered = second.recover();

        assertThat(recovered.adopted()).isZero();
        TaskStatus lost = second.awaitTerminal("r");
        assertThat(lost.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(lost.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
        assertThat(lost.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
        assertThat(decoy.isAlive()).as("the process that took the pid over is left alone").isTrue();
    }

    @Test
    void tasksOfFrameworksThatDoNotCheckpointAreKilledWhenTheAgentStops() throws Exception {
        TaskHarness first = agent(true);
        FrameworkInfo plainFramework = framework().toBuilder()
                .setId(FrameworkID.newBuilder().setValue("m1-0002")).build();
        first.run(plainFramework, shell("plain", "echo $$ > pid; exec sleep 600"));
        first.run(checkpointing(), shell("durable", "echo $$ > pid; exec sleep 600"));
        first.awaitState("plain", TaskState.TASK_RUNNING);
        first.awaitState("durable", TaskState.TASK_RUNNING);
        long plain = awaitPid(first.sandbox("plain").resolve("pid"));
        long durable = awaitPid(first.sandbox("durable").resolve("pid"));

        first.stopLeavingTasks();

        await().atMost(Duration.ofSeconds(5)).until(() -> !alive(plain));
        assertThat(alive(durable)).isTrue();
        TaskHarness second = agent(true);
        second.recover();
        assertThat(states(second)).containsOnlyKeys("durable");
        ReregisterAgent.Builder reregistration = ReregisterAgent.newBuilder()
                .setAgentInfo(AgentInfo.newBuilder().setHostname("h"));
        second.on(() -> second.tasks.describe(reregistration));
        assertThat(reregistration.getTasksList()).extracting(t -> t.getTaskId().getValue(), Task::getState)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("durable", TaskState.TASK_RUNNING));
        assertThat(reregistration.getFrameworksList()).extracting(FrameworkInfo::getCheckpoint).containsExactly(true);
    }

    @Test
    void malformedCheckpointFilesAreSkippedWithoutLosingTheOthers() throws Exception {
        TaskHarness first = agent(true);
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String t : List.of("m1", "m2", "m3")) {
            first.run(checkpointing(), shell(t, "echo $$ > pid; exec sleep 600"));
        }
        for (String t : List.of("m1", "m2", "m3")) {
            first.awaitState(t, TaskState.TASK_RUNNING);
            pids.put(t, awaitPid(first.sandbox(t).resolve("pid")));
        }
        await().until(first::allAcknowledged);
        first.stopLeavingTasks();
        // m2's task.info is cut off by a crash; m3's journal ends in a torn record
        Path info = onlyFile(workDir.resolve("meta"), "task.info", "m2");
        byte[] whole = Files.readAllBytes(info);
        Files.write(info, java.util.Arrays.copyOf(whole, whole.length / 2));
        Path journal = onlyFile(workDir.resolve("meta"), "task.updates", "m3");
        long journalLength = Files.size(journal);
        Files.write(journal, new byte[] {0, 0, 1, 0, 7, 7}, StandardOpenOption.APPEND);

        TaskHarness second = agent(true);
        RecoverySummary recovered = second.recover();

        assertThat(recovered.errors()).isEqualTo(1);
        assertThat(recovered.adopted()).isEqualTo(2);
        assertThat(states(second)).containsOnly(Map.entry("m1", TaskState.TASK_RUNNING),
                Map.entry("m3", TaskState.TASK_RUNNING));
        assertThat(Files.size(journal)).as("the torn tail is cut off").isEqualTo(journalLength);
        // nothing can manage m2 any more: its process is killed rather than left running unseen
        await().atMost(Duration.ofSeconds(5)).until(() -> !alive(pids.get("m2")));
        assertThat(alive(pids.get("m1")) && alive(pids.get("m3"))).isTrue();
        second.registered();
        assertThat(second.sent).isEmpty();
    }

    @Test
    void aKillUnderWayWhenTheAgentStopsIsFinishedByTheNextAgent() throws Exception {
        TaskHarness first = agent(true);
        first.run(checkpointing(FrameworkInfo.Capability.Type.TASK_KILLING_STATE),
                shell("k", "trap '' TERM; echo $$ > pid; while true; do sleep 0.05; done"));
        first.awaitState("k", TaskState.TASK_RUNNING);
        long pid = awaitPid(first.sandbox("k").resolve("pid"));
        first.kill("k", Duration.ofSeconds(2)); // SIGKILL is due after the restart
        first.awaitState("k", TaskState.TASK_KILLING);
        first.stopLeavingTasks();
        assertThat(alive(pid)).as("it ignores SIGTERM").isTrue();

        TaskHarness second = agent(true);
        second.recover();

        TaskStatus killed = second.awaitTerminal("k");
        assertThat(killed.getState()).isEqualTo(TaskState.TASK_KILLED);
        await().until(() -> !alive(pid));
        assertThat(second.statesOf("k")).containsExactly(TaskState.TASK_KILLED);
    }

    @Test
    void inCleanupModeStoppingTheAgentKillsCheckpointedTasksToo() throws Exception {
        TaskHarness first = new TaskHarness(new TaskSettings(workDir, true, Duration.ofSeconds(3),
                Duration.ofSeconds(10), Duration.ofMinutes(10), 2, 2, RecoveryMode.CLEANUP), true);
        agents.add(first);
        first.run(checkpointing(), shell("x", "echo $$ > pid; exec sleep 600"));
        first.awaitState("x", TaskState.TASK_RUNNING);
        long pid = awaitPid(first.sandbox("x").resolve("pid"));

        first.stopLeavingTasks();

        await().atMost(Duration.ofSeconds(5)).until(() -> !alive(pid));
    }

    @Test
    void recoveryOfAHundredRunningTasks() throws Exception {
        int n = 100;
        TaskHarness first = agent(true);
        for (int i = 0; i < n; i++) {
            first.run(checkpointing(), shell("t" + i, "exec sleep 600"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> states(first).values().stream()
                .filter(s -> s == TaskState.TASK_RUNNING).count() == n);
        await().until(first::allAcknowledged);
        first.stopLeavingTasks();

        long start = System.nanoTime();
        TaskHarness second = agent(true);
        RecoverySummary recovered = second.recover();
        Map<String, TaskState> states = states(second);
        double millis = (System.nanoTime() - start) / 1e6;

        System.out.printf("AgentRestartRecoveryTest: %d running tasks recovered (adopted, RUNNING in the new agent's "
                + "state) in %.1f ms (reading and verifying the checkpoint: %d ms)%n", n, millis,
                recovered.took().toMillis());
        assertThat(recovered.adopted()).isEqualTo(n);
        assertThat(states.values()).hasSize(n).containsOnly(TaskState.TASK_RUNNING);
        assertThat(millis).isLessThan(5000);
    }

    /** Task id to state, as the agent's state shows the tasks it runs. */
    static Map<String, TaskState> states(TaskHarness agent) {
        Map<String, TaskState> states = new LinkedHashMap<>();
        agent.call(agent.tasks::view).frameworks().forEach(f -> f.executors()
                .forEach(e -> e.tasks().forEach(t -> states.put(t.getTaskId().getValue(), t.getState()))));
        return states;
    }

    /** The one file named {@code name} under {@code dir} whose path mentions {@code part}. */
    static Path onlyFile(Path dir, String name, String... part) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().equals(name))
                    .filter(f -> part.length == 0 || f.toString().contains("/" + part[0] + "/")).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }
}
