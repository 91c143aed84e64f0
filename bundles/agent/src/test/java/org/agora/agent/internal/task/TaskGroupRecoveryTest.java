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

import static org.agora.agent.internal.task.TaskHarness.checkpointing;
import static org.agora.agent.internal.task.TaskHarness.shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.RunTaskGroup;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskGroupInfo;
import org.agora.api.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's default executor: groups live and die together, across an agent restart too. */
class TaskGroupRecoveryTest {
    @TempDir
    Path workDir;

    final List<TaskHarness> agents = new ArrayList<>();

    TaskHarness agent() {
        TaskHarness h = new TaskHarness(workDir, true);
        agents.add(h);
        return h;
    }

    @AfterEach
    void stopAll() {
        agents.forEach(TaskHarness::close);
    }

    static void runGroup(TaskHarness agent, String executorId, String... idsAndCommands) {
        runGroup(agent, checkpointing(), executorId, idsAndCommands);
    }

    static void runGroup(TaskHarness agent, FrameworkInfo framework, String executorId, String... idsAndCommands) {
        ExecutorInfo executor = ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.DEFAULT)
                .setExecutorId(ExecutorID.newBuilder().setValue(executorId)).setFrameworkId(TaskHarness.FRAMEWORK)
                .addAllResources(Resources.parse("cpus:0.1;mem:32;disk:10").toList()).build();
        TaskGroupInfo.Builder group = TaskGroupInfo.newBuilder();
        for (int i = 0; i < idsAndCommands.length; i += 2) {
            group.addTasks(shell(idsAndCommands[i], idsAndCommands[i + 1]));
        }
        agent.on(() -> agent.tasks.received(Envelope.newBuilder().setRunTaskGroup(RunTaskGroup.newBuilder()
                .setFramework(framework).setExecutor(executor).setTaskGroup(group)).build()));
    }

    @Test
    void aRecoveredGroupStillEndsTogetherAndItsExecutorEndsWithIt() throws Exception {
        TaskHarness first = agent();
        runGroup(first, "pod", "fail", "while [ ! -e release ]; do sleep 0.02; done; exit 1",
                "long", "exec sleep 600");
        first.awaitState("fail", TaskState.TASK_RUNNING);
        first.awaitState("long", TaskState.TASK_RUNNING);
        Path failSandbox = first.sandbox("pod").resolve("tasks").resolve("fail");
        assertThat(failSandbox.resolve("stdout")).exists();
        await().until(first::allAcknowledged);
        first.stopLeavingTasks();

        TaskHarness second = agent();
        RecoverySummary recovered = second.recover();
        assertThat(recovered.adopted()).isEqualTo(2);
        second.registered();
        assertThat(second.call(() -> second.tasks.view().frameworks().get(0).executors()))
                .extracting(e -> e.id().getValue()).containsExactly("pod");
        Files.createFile(failSandbox.resolve("release"));

        assertThat(second.awaitTerminal("fail").getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(second.awaitTerminal("long").getState()).isEqualTo(TaskState.TASK_KILLED);
        await().until(() -> second.executorsEnded.stream().anyMatch(e -> e.getExecutorId().getValue().equals("pod")));
        // once both ends are acknowledged nothing of the executor is left in the checkpoint
        await().until(() -> !Files.exists(workDir.resolve("meta/slaves/m1-S7/frameworks/m1-0001/executors/pod")));
    }

    @Test
    void aGroupWhoseTasksAllFinishEndsItsExecutorOnceAndCanBeFollowedByAnother() {
        TaskHarness agent = agent();
        runGroup(agent, "pod", "a", "true", "b", "true");
        assertThat(agent.awaitTerminal("a").getState()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(agent.awaitTerminal("b").getState()).isEqualTo(TaskState.TASK_FINISHED);
        await().until(() -> agent.executorsEnded.size() == 1);

        runGroup(agent, "pod", "c", "true");
        assertThat(agent.awaitTerminal("c").getState()).isEqualTo(TaskState.TASK_FINISHED);
        await().until(() -> agent.executorsEnded.size() == 2);
    }
}
