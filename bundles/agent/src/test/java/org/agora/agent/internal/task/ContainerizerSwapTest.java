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

import static org.agora.agent.internal.task.TaskHarness.framework;
import static org.agora.agent.internal.task.TaskHarness.shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.agora.agent.internal.launcher.ContainerizerSlot;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.containerizer.mesos.internal.NativeContainerizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's side of a containerizer swap, with the real native containerizer (no isolators, so no root needed):
 * an agent that requires a containerizer holds launches while none is bound and runs them through the one that binds;
 * a new instance that replaces an old one (a bundle update) adopts the running containers, reports the end of a task
 * that ended while none was bound, once, with its exit status, and reports a kill of a task the old one launched.
 */
class ContainerizerSwapTest {
    @TempDir
    Path workDir;

    private final ContainerizerSlot slot = new ContainerizerSlot(true);
    private final List<NativeContainerizer> containerizers = new ArrayList<>();
    private TaskHarness agent;

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        containerizers.forEach(NativeContainerizer::stop);
    }

    private NativeContainerizer containerizer() {
        NativeContainerizer c = NativeContainerizer.withIsolation("");
        containerizers.add(c);
        return c;
    }

    @Test
    void aLaunchWaitsWhileNoContainerizerIsBoundAndRunsWhenOneBinds() throws Exception {
        agent = new TaskHarness(workDir, true, slot);
        agent.run(shell("t1", "touch ran; exec sleep 600"));

        // the launch is queued on the agent's actor, waiting: nothing ran, and the task never got past STAGING
        await().atMost(Duration.ofSeconds(15)).until(() -> agent.call(() -> agent.tasks.waitingLaunches()) == 1);
        assertThat(agent.sentFor("t1")).isEmpty();
        assertThat(agent.sandbox("t1").resolve("ran")).doesNotExist();

        NativeContainerizer c = containerizer();
        slot.set(c);

        agent.awaitState("t1", TaskState.TASK_RUNNING);
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(agent.sandbox("t1").resolve("ran")));
        assertThat(c.containers()).extracting(ContainerID::getValue)
                .containsExactly(agent.sandbox("t1").getFileName().toString());
        assertThat(agent.call(() -> agent.tasks.waitingLaunches())).isZero();
    }

    @Test
    void aLaunchThatNoContainerizerTakesWithinTheRegistrationTimeoutFailsSayingSo() throws Exception {
        ExecutorSettings d = ExecutorSettings.DEFAULTS;
        agent = new TaskHarness(new TaskSettings(workDir, true, Duration.ofSeconds(3), Duration.ofSeconds(10),
                Duration.ofMinutes(10), 2, 2).withExecutors(new ExecutorSettings(Duration.ofMillis(300),
                        d.reregistrationTimeout(), d.shutdownGracePeriod(), d.heartbeatInterval(),
                        d.recoveryTimeout())), true, slot);
        agent.run(shell("late", "touch ran"));

        TaskStatus failed = agent.awaitTerminal("late");

        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(failed.getMessage()).contains("no containerizer was available within 0.3 s");
        assertThat(agent.sandbox("late").resolve("ran")).doesNotExist();
        assertThat(agent.call(() -> agent.tasks.waitingLaunches())).isZero();
    }

    @Test
    void aNewContainerizerInstanceAdoptsTheRunningTasksOfTheOldOne() throws Exception {
        agent = new TaskHarness(workDir, true, slot);
        NativeContainerizer old = containerizer();
        slot.set(old);
        agent.run(framework(), shell("killed", "exec sleep 600"));
        agent.run(framework(), shell("ends", "echo $$ > pid; while [ ! -e go ]; do sleep 0.05; done; exit 3"));
        agent.awaitState("killed", TaskState.TASK_RUNNING);
        agent.awaitState("ends", TaskState.TASK_RUNNING);
        Path pidFile = agent.sandbox("ends").resolve("pid");
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(pidFile)
                && Files.readString(pidFile).trim().matches("\\d+"));
        long ends = Long.parseLong(Files.readString(pidFile).trim());

        // the bundle update: the old instance goes, its containers keep running
        slot.clear(old);
        old.stop();
        Files.createFile(agent.sandbox("ends").resolve("go"));
        await().atMost(Duration.ofSeconds(15)).until(() -> !TaskHarness.alive(ends));
        assertThat(agent.statesOf("ends")).doesNotContain(TaskState.TASK_FAILED);

        NativeContainerizer next = containerizer();
        slot.set(next);

        // the end that came while none was bound is reported once the new one adopted the task, once, as it was
        TaskStatus ended = agent.awaitTerminal("ends");
        assertThat(ended.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(ended.getMessage()).contains("3");
        // the other task runs on, in the new instance, and a kill of it is reported through it
        assertThat(next.containers()).extracting(ContainerID::getValue)
                .contains(agent.sandbox("killed").getFileName().toString());
        agent.kill("killed", Duration.ZERO);
        assertThat(agent.awaitTerminal("killed").getState()).isEqualTo(TaskState.TASK_KILLED);
        assertThat(agent.sentFor("ends").stream().filter(s -> s.getState() == TaskState.TASK_FAILED)).hasSize(1);
        assertThat(agent.sentFor("killed").stream().filter(s -> s.getState() == TaskState.TASK_KILLED)).hasSize(1);
    }
}
