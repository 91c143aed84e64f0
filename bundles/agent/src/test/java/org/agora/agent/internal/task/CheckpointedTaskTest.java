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
import static org.agora.agent.internal.task.TaskHarness.checkpointing;
import static org.agora.agent.internal.task.TaskHarness.shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.agora.agent.internal.launcher.Sandbox;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpointed tasks while their agent runs: the same life as any task, detached from the agent's process. */
class CheckpointedTaskTest {

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
    void aCheckpointedTaskEndsAsAnyTaskAndItsCheckpointGoesOnceItsEndIsAcknowledged() throws Exception {
        agent.run(checkpointing(), shell("c", "echo out; exit 3"));

        TaskStatus failed = agent.awaitTerminal("c");

        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.getMessage()).isEqualTo("Command exited with status 3");
        assertThat(agent.statesOf("c")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
                TaskState.TASK_FAILED);
        Path sandbox = agent.sandbox("c");
        assertThat(sandbox.resolve("stdout")).hasContent("out");
        assertThat(Sandbox.readExitStatus(sandbox)).hasValue(3);
        await().until(() -> agent.call(() -> agent.tasks.pendingStatusUpdates()) == 0);
        assertThat(workDir.resolve("meta/slaves/m1-S7/frameworks")).isEmptyDirectory();
    }

    @Test
    void aCheckpointedTaskRunsInASessionOfItsOwnWithNothingOfTheAgentOpen() throws Exception {
        agent.run(checkpointing(), shell("d", "echo $$ > pid; exec sleep 600"));
        agent.awaitState("d", TaskState.TASK_RUNNING);
        Path sandbox = agent.sandbox("d");
        long pid = awaitPid(sandbox.resolve("pid"));

        long session = Long.parseLong(stat(pid)[3]);
        long agentSession = Long.parseLong(stat(ProcessHandle.current().pid())[3]);
        assertThat(session).as("no signal to the agent's session or terminal reaches it").isNotEqualTo(agentSession);
        assertThat(Files.readSymbolicLink(fd(pid, 0))).isEqualTo(Path.of("/dev/null"));
        assertThat(Files.readSymbolicLink(fd(pid, 1))).isEqualTo(sandbox.resolve("stdout"));
        assertThat(Files.readSymbolicLink(fd(pid, 2))).isEqualTo(sandbox.resolve("stderr"));
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            assertThat(fds.count()).as("no pipe or socket of the agent's").isEqualTo(3);
        }

        agent.kill("d", Duration.ofSeconds(2));
        TaskStatus killed = agent.awaitTerminal("d");
        assertThat(killed.getState()).isEqualTo(TaskState.TASK_KILLED);
        assertThat(killed.getMessage()).isEqualTo("Command terminated with signal SIGTERM");
    }

    /** The fields of /proc/pid/stat after the command name: [0] is field 3 (state), [3] field 6 (session). */
    static String[] stat(long pid) throws Exception {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return s.substring(s.lastIndexOf(')') + 2).split(" ");
    }

    static Path fd(long pid, int fd) {
        return Path.of("/proc/" + pid + "/fd/" + fd);
    }
}
