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

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.agora.api.v1.Protos.TaskState;

/**
 * A throwaway agent JVM for {@link AgentRestartRecoveryTest}: runs one checkpointed task, prints {@code RUNNING <pid>}
 * and dies on the spot, without stopping anything (as a JVM killed with SIGKILL, or halted by a crash).
 *
 * <p>Arguments: the work directory and the task's shell command.
 */
public final class CrashingAgentMain {
    private CrashingAgentMain() {
    }

    public static void main(String[] args) throws Exception {
        TaskHarness agent = new TaskHarness(Path.of(args[0]), true);
        agent.run(TaskHarness.checkpointing(), TaskHarness.shell("survivor", args[1]));
        agent.awaitState("survivor", TaskState.TASK_RUNNING);
        await().atMost(Duration.ofSeconds(10)).until(agent::allAcknowledged);
        long pid = KillTaskTest.awaitPid(agent.sandbox("survivor").resolve("pid"));
        System.out.println("RUNNING " + pid);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
