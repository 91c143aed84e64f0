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

import static org.agora.agent.internal.task.TaskHarness.shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status updates of real tasks reach the master in order, resent until acknowledged and not after. */
class StatusUpdateDeliveryTest {

    @TempDir
    Path workDir;

    TaskHarness agent;

    @BeforeEach
    void start() {
        agent = new TaskHarness(new TaskSettings(workDir, true, Duration.ofSeconds(3), Duration.ofMillis(100),
                Duration.ofMillis(400), 2, 2), false);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void updatesAreResentUntilAcknowledgedOneAtATimeInOrderAndAWrongUuidIsIgnored() {
        agent.run(shell("u1", "true"));

        // the task finishes at once, but only STARTING goes out, again and again, until it is acknowledged
        await().until(() -> agent.sentFor("u1").size() >= 3);
        await().until(() -> agent.call(() -> agent.tasks.view().frameworks().get(0).executors().get(0)
                .completedTasks().size()) == 1);
        assertThat(agent.statesOf("u1")).containsExactly(TaskState.TASK_STARTING);
        TaskStatus starting = agent.sentFor("u1").get(0);

        TaskStatus wrong = starting.toBuilder().setUuid(TaskStatuses.newUuid()).build();
        agent.acknowledge(wrong);
        int before = agent.sentFor("u1").size();
        await().until(() -> agent.sentFor("u1").size() > before);
        assertThat(agent.statesOf("u1")).containsExactly(TaskState.TASK_STARTING);

        agent.acknowledge(starting);
        TaskStatus running = agent.awaitState("u1", TaskState.TASK_RUNNING);
        agent.acknowledge(running);
        TaskStatus finished = agent.awaitState("u1", TaskState.TASK_FINISHED);
        agent.acknowledge(finished);

        assertThat(agent.call(() -> agent.tasks.pendingStatusUpdates())).isZero();
        int total = agent.sentFor("u1").size();
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .until(() -> agent.sentFor("u1").size() == total);
        List<TaskState> inOrder = agent.sentFor("u1").stream().map(TaskStatus::getState).toList();
        assertThat(inOrder).isSortedAccordingTo((a, b) -> Integer.compare(rank(a), rank(b)));
        assertThat(agent.call(() -> agent.tasks.view().frameworks())).isEmpty();
    }

    @Test
    void updatesProducedWhileNoMasterIsRegisteredGoOutOnRegistration() {
        agent.connected.set(false);
        agent.run(shell("u2", "true"));
        await().until(() -> agent.call(() -> !agent.tasks.view().frameworks().isEmpty()
                && !agent.tasks.view().frameworks().get(0).executors().get(0).completedTasks().isEmpty()));
        assertThat(agent.sent).isEmpty();

        agent.connected.set(true);
        agent.on(agent.tasks::registered);

        assertThat(agent.statesOf("u2")).containsExactly(TaskState.TASK_STARTING);
    }

    private static int rank(TaskState s) {
        return switch (s) {
            case TASK_STARTING -> 0;
            case TASK_RUNNING -> 1;
            default -> 2;
        };
    }
}
