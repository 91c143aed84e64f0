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

import static org.agora.agent.internal.task.TaskHarness.FRAMEWORK;
import static org.agora.agent.internal.task.TaskHarness.alive;
import static org.agora.agent.internal.task.TaskHarness.framework;
import static org.agora.agent.internal.task.TaskHarness.shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.KillTask;
import org.agora.api.v1.Protos.DurationInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.KillPolicy;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KillTaskTest {

    @TempDir
    Path workDir;

    TaskHarness agent;

    @BeforeEach
    void start() {
        agent = new TaskHarness(workDir, true);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void aTaskThatIgnoresSigtermIsKilledWithSigkillAfterTheGracePeriod() throws Exception {
        agent.run(framework(FrameworkInfo.Capability.Type.TASK_KILLING_STATE),
                shell("k1", "trap '' TERM; echo $$ > pid; while true; do sleep 1; done"));
        agent.awaitState("k1", TaskState.TASK_RUNNING);
        long pid = awaitPid(agent.sandbox("k1").resolve("pid"));

        long killedAt = System.nanoTime();
        agent.kill("k1", Duration.ofMillis(600));
        TaskStatus killed = agent.awaitTerminal("k1");
        long tookMillis = (System.nanoTime() - killedAt) / 1_000_000;

        assertThat(killed.getState()).isEqualTo(TaskState.TASK_KILLED);
        assertThat(killed.getMessage()).isEqualTo("Command terminated with signal SIGKILL");
        assertThat(tookMillis).isGreaterThanOrEqualTo(600);
        assertThat(agent.statesOf("k1")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
                TaskState.TASK_KILLING, TaskState.TASK_KILLED);
        await().until(() -> !alive(pid));
    }

    @Test
    void aTaskThatHonoursSigtermEndsKilledAtOnceWithoutTaskKillingForFrameworksWithoutTheCapability() {
        agent.run(shell("k2", "sleep 60"));
        agent.awaitState("k2", TaskState.TASK_RUNNING);

        long killedAt = System.nanoTime();
        agent.kill("k2", null); // the agent's default grace period: 3 s
        TaskStatus killed = agent.awaitTerminal("k2");

        assertThat(killed.getState()).isEqualTo(TaskState.TASK_KILLED);
        assertThat(killed.getMessage()).isEqualTo("Command terminated with signal SIGTERM");
        assertThat((System.nanoTime() - killedAt) / 1_000_000).isLessThan(2500);
        assertThat(agent.statesOf("k2")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
                TaskState.TASK_KILLED);
    }

    @Test
    void grandchildrenDieWithTheTask() throws Exception {
        // the task's shell starts a child shell, which starts a grandchild; both ignore SIGTERM
        agent.run(shell("k3",
                "sh -c 'trap \"\" TERM; echo $$ > child; sleep 600 & echo $! > grandchild; wait' & wait"));
        agent.awaitState("k3", TaskState.TASK_RUNNING);
        Path sandbox = agent.sandbox("k3");
        long child = awaitPid(sandbox.resolve("child"));
        long grandchild = awaitPid(sandbox.resolve("grandchild"));
        assertThat(alive(child)).isTrue();
        assertThat(alive(grandchild)).isTrue();

        agent.kill("k3", Duration.ofMillis(300));

        assertThat(agent.awaitTerminal("k3").getState()).isEqualTo(TaskState.TASK_KILLED);
        await().atMost(Duration.ofSeconds(5)).until(() -> !alive(child) && !alive(grandchild));
    }

    @Test
    void aSecondKillMayShortenTheGracePeriodButNotExtendIt() throws Exception {
        agent.run(shell("k4", "trap '' TERM; while true; do sleep 1; done"));
        agent.awaitState("k4", TaskState.TASK_RUNNING);

        long killedAt = System.nanoTime();
        agent.kill("k4", Duration.ofSeconds(30));
        agent.kill("k4", Duration.ofMillis(200));
        agent.kill("k4", Duration.ofSeconds(60));

        assertThat(agent.awaitTerminal("k4").getState()).isEqualTo(TaskState.TASK_KILLED);
        assertThat((System.nanoTime() - killedAt) / 1_000_000).isBetween(200L, 10_000L);
    }

    @Test
    void killingATaskUnknownToTheAgentAnswersTaskLostAsMesosDoes() {
        agent.run(shell("k5", "sleep 60"));
        agent.awaitState("k5", TaskState.TASK_RUNNING);

        agent.kill("never-ran", null);

        TaskStatus lost = agent.awaitTerminal("never-ran");
        assertThat(lost.getState()).isEqualTo(TaskState.TASK_LOST);
        assertThat(lost.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
        assertThat(lost.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
        assertThat(lost.getMessage()).isEqualTo("Cannot find executor");
        agent.kill("k5", Duration.ZERO);
    }

    @Test
    void partitionAwareFrameworksGetTaskDroppedForAnUnknownTask() {
        agent.run(framework(FrameworkInfo.Capability.Type.PARTITION_AWARE), shell("k6", "sleep 60"));
        agent.awaitState("k6", TaskState.TASK_RUNNING);

        agent.kill("never-ran", null);

        assertThat(agent.awaitTerminal("never-ran").getState()).isEqualTo(TaskState.TASK_DROPPED);
        agent.kill("k6", Duration.ZERO);
    }

    @Test
    void killsForFrameworksWithoutTasksHereAreIgnored() {
        FrameworkID other = FrameworkID.newBuilder().setValue("m1-0099").build();
        agent.on(() -> agent.tasks.received(Envelope.newBuilder().setKillTask(KillTask.newBuilder()
                .setFrameworkId(other).setTaskId(TaskHarness.id("x"))).build()));
        agent.run(shell("k7", "true"));

        agent.awaitTerminal("k7");
        assertThat(agent.sentFor("x")).isEmpty();
    }

    @Test
    void shutdownFrameworkKillsAllItsTasksAndDropsTheirUpdates() throws Exception {
        try (TaskHarness silent = new TaskHarness(workDir.resolve("silent"), false)) {
            silent.run(shell("s1", "echo $$ > pid; exec sleep 600"));
            silent.run(shell("s2", "trap '' TERM; echo $$ > pid; while true; do sleep 1; done").toBuilder()
                    .setKillPolicy(KillPolicy.newBuilder().setGracePeriod(DurationInfo.newBuilder()
                            .setNanoseconds(Duration.ofMillis(300).toNanos()))).build());
            silent.awaitState("s1", TaskState.TASK_STARTING);
            silent.awaitState("s2", TaskState.TASK_STARTING);
            long pid1 = awaitPid(silent.sandbox("s1").resolve("pid"));
            long pid2 = awaitPid(silent.sandbox("s2").resolve("pid"));

            silent.shutdown(FRAMEWORK);

            await().atMost(Duration.ofSeconds(10)).until(() -> !alive(pid1) && !alive(pid2));
            await().until(() -> silent.call(() -> silent.tasks.pendingStatusUpdates()) == 0);
            TasksView view = silent.call(silent.tasks::view);
            assertThat(view.frameworks()).isEmpty();
            assertThat(view.completedFrameworks()).singleElement()
                    .satisfies(f -> assertThat(f.completedExecutors()).hasSize(2));
            int sentBefore = silent.sent.size();
            silent.on(silent.tasks::registered); // a resume finds nothing to resend
            assertThat(silent.sent).hasSize(sentBefore);
            assertThat(silent.sent).extracting(u -> u.getStatus().getState())
                    .containsOnly(TaskState.TASK_STARTING);
        }
    }

    @Test
    void aKillDuringTheLaunchEndsTheTaskKilledAtOnce() {
        agent.run(shell("k8", "sleep 60"));
        agent.kill("k8", null);

        TaskStatus killed = agent.awaitTerminal("k8");
        assertThat(killed.getState()).isEqualTo(TaskState.TASK_KILLED);
        List<TaskState> states = agent.statesOf("k8");
        assertThat(states).last().isEqualTo(TaskState.TASK_KILLED);
    }

    static long awaitPid(Path file) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file) && !Files.readString(file).isBlank());
        return Long.parseLong(Files.readString(file).trim());
    }
}
