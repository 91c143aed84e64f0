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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.agora.api.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's share of the throughput goal (500 trivial tasks/s end to end on 2 cores): RunTask to acknowledged
 * TASK_FINISHED for trivial tasks, acknowledged at once by the channel double. A smoke check with a loose bound;
 * it prints the rate it saw.
 */
class LaunchThroughputTest {

    @TempDir
    Path workDir;

    @Test
    void trivialTasksRunToAcknowledgedCompletionQuickly() {
        int n = 400;
        try (TaskHarness agent = new TaskHarness(workDir, true)) {
            // warm up the launch path
            agent.run(TaskHarness.shell("warm", "true"));
            agent.awaitTerminal("warm");

            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                agent.run(TaskHarness.shell("t" + i, "true"));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.sent.stream()
                    .filter(u -> u.getStatus().getState() == TaskState.TASK_FINISHED).count() == n + 1);
            await().until(() -> agent.call(() -> agent.tasks.pendingStatusUpdates()) == 0);
            double seconds = (System.nanoTime() - start) / 1e9;

            System.out.printf("LaunchThroughputTest: %d trivial tasks in %.2f s: %.0f tasks/s%n", n, seconds,
                    n / seconds);
            assertThat(agent.sent.stream().filter(u -> u.getStatus().getState() == TaskState.TASK_FAILED)).isEmpty();
            assertThat(seconds).isLessThan(20);
        }
    }

    @Test
    void taskGroupsCostNoMoreThanCommandTasks() {
        int groups = 100;
        int perGroup = 4;
        try (TaskHarness agent = new TaskHarness(workDir, true)) {
            TaskGroupRecoveryTest.runGroup(agent, TaskHarness.framework(), "warm", "w", "true");
            agent.awaitTerminal("w");

            long start = System.nanoTime();
            for (int g = 0; g < groups; g++) {
                String[] tasks = new String[perGroup * 2];
                for (int t = 0; t < perGroup; t++) {
                    tasks[2 * t] = "g" + g + "-" + t;
                    tasks[2 * t + 1] = "true";
                }
                TaskGroupRecoveryTest.runGroup(agent, TaskHarness.framework(), "pod-" + g, tasks);
            }
            int n = groups * perGroup;
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.sent.stream()
                    .filter(u -> u.getStatus().getState() == TaskState.TASK_FINISHED).count() == n + 1);
            await().until(() -> agent.call(() -> agent.tasks.pendingStatusUpdates()) == 0);
            double seconds = (System.nanoTime() - start) / 1e9;

            System.out.printf("LaunchThroughputTest: %d task groups of %d trivial tasks in %.2f s: %.0f tasks/s%n",
                    groups, perGroup, seconds, n / seconds);
            await().until(() -> agent.executorsEnded.size() == groups + 1);
            assertThat(seconds).isLessThan(20);
        }
    }
}
