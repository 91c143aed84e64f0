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

import static org.agora.agent.internal.task.TaskHarness.AGENT;
import static org.agora.agent.internal.task.TaskHarness.checkpointing;
import static org.agora.agent.internal.task.TaskHarness.shell;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.RunTaskGroup;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskGroupInfo;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ids name the directories of sandboxes and checkpoints: a task whose framework, executor or task id could leave its
 * directory or not fit a file name is refused with TASK_ERROR before anything is written, for every kind of executor
 * and for a checkpointing framework (whose checkpoint would be written first).
 */
class IdValidationTest {
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

    /** Every file and directory the agent made under its work directory. */
    private List<Path> written() throws IOException {
        try (Stream<Path> all = Files.walk(workDir)) {
            return all.filter(p -> !p.equals(workDir)).toList();
        }
    }

    private static void assertRefused(TaskStatus status, String message) {
        assertThat(status.getState()).isEqualTo(TaskState.TASK_ERROR);
        assertThat(status.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
        assertThat(status.getMessage()).contains(message);
    }

    @Test
    void aCommandTaskWithAnIdLongerThanAFileNameIsAnErrorAndWritesNothing() throws IOException {
        String longId = "t".repeat(10_000);
        agent.run(checkpointing(), shell(longId, "true"));

        TaskStatus status = agent.awaitTerminal(longId);

        assertRefused(status, "10000 bytes long; at most 255");
        assertThat(status.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
        assertThat(status.getMessage()).hasSizeLessThan(300);
        assertThat(written()).isEmpty();
    }

    @Test
    void aFrameworkIdThatClimbsOutOfItsDirectoryIsAnErrorAndWritesNothing() throws IOException {
        FrameworkInfo climbing = checkpointing().toBuilder().setId(FrameworkID.newBuilder().setValue("..")).build();
        agent.run(climbing, shell("t1", "true"));
        FrameworkInfo nul = checkpointing().toBuilder().setId(FrameworkID.newBuilder().setValue("f\u0000x")).build();
        agent.run(nul, shell("t2", "true"));

        assertRefused(agent.awaitTerminal("t1"), "Framework ID '..' is disallowed");
        assertRefused(agent.awaitTerminal("t2"), "Framework ID 'f\\u0000x' contains");
        assertThat(written()).isEmpty();
    }

    @Test
    void aTaskGroupWithOneBadTaskIdIsRefusedWholeAndWritesNothing() throws IOException {
        ExecutorInfo executor = ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.DEFAULT)
                .setExecutorId(ExecutorID.newBuilder().setValue("default")).setFrameworkId(TaskHarness.FRAMEWORK)
                .addAllResources(Resources.parse("cpus:0.1;mem:32").toList()).build();
        TaskGroupInfo group = TaskGroupInfo.newBuilder().addTasks(shell("good", "true"))
                .addTasks(shell("bad/../../x", "true")).build();
        agent.on(() -> agent.tasks.received(Envelope.newBuilder().setRunTaskGroup(RunTaskGroup.newBuilder()
                .setFramework(checkpointing()).setExecutor(executor).setTaskGroup(group)).build()));

        assertRefused(agent.awaitTerminal("good"), "Task 'bad/../../x' is invalid");
        assertRefused(agent.awaitTerminal("bad/../../x"), "contains a '/'");
        assertThat(written()).isEmpty();
    }

    @Test
    void aCustomExecutorWithABadIdIsRefusedAndNeverStarted() throws IOException {
        ExecutorInfo executor = ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("."))
                .setCommand(CommandInfo.newBuilder().setValue("touch started; sleep 60"))
                .addAllResources(Resources.parse("cpus:0.1;mem:32").toList()).build();
        TaskInfo task = TaskInfo.newBuilder().setName("t").setTaskId(TaskHarness.id("t3")).setAgentId(AGENT)
                .setExecutor(executor).build();
        agent.run(checkpointing(), task);

        assertRefused(agent.awaitTerminal("t3"), "Executor ID '.' is disallowed");
        assertThat(written()).isEmpty();
    }
}
