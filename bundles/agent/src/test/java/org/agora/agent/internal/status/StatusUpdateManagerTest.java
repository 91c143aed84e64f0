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
package org.agora.agent.internal.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusUpdateManagerTest {
    static final FrameworkID FW = FrameworkID.newBuilder().setValue("f1").build();

    final ScheduledExecutorService actor = Executors.newSingleThreadScheduledExecutor();
    final List<StatusUpdate> sent = new CopyOnWriteArrayList<>();
    final AtomicBoolean connected = new AtomicBoolean(true);
    final StatusUpdateManager manager = new StatusUpdateManager(actor, u -> connected.get() && sent.add(u),
            Duration.ofMillis(100), Duration.ofMillis(300));

    @AfterEach
    void stop() {
        actor.shutdownNow();
    }

    <T> T on(Callable<T> c) throws Exception {
        return actor.submit(c).get(5, TimeUnit.SECONDS);
    }

    static TaskStatus status(String task, TaskState state, int uuid) {
        byte[] b = new byte[16];
        b[15] = (byte) uuid;
        return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(task)).setState(state)
                .setUuid(ByteString.copyFrom(b)).build();
    }

    List<TaskState> sentStates(String task) {
        return sent.stream().map(StatusUpdate::getStatus).filter(s -> s.getTaskId().getValue().equals(task))
                .map(TaskStatus::getState).toList();
    }

    @Test
    void onlyTheOldestUnacknowledgedUpdateIsSentAndResentWithBackoffUntilAcknowledged() throws Exception {
        TaskStatus running = status("t", TaskState.TASK_RUNNING, 1);
        TaskStatus finished = status("t", TaskState.TASK_FINISHED, 2);
        on(() -> {
            manager.update(FW, running);
            manager.update(FW, finished);
            return null;
        });

        // sent at 0, resent after 100, 200 (then every 300) ms; FINISHED waits behind it
        await().atMost(Duration.ofSeconds(5)).until(() -> sentStates("t").size() >= 4);
        assertThat(sentStates("t")).containsOnly(TaskState.TASK_RUNNING);

        assertThat(on(() -> manager.acknowledge(FW, running.getTaskId(), finished.getUuid())))
                .isEqualTo(StatusUpdateManager.Acknowledged.UNEXPECTED);
        assertThat(on(() -> manager.acknowledge(FW, running.getTaskId(), running.getUuid())))
                .isEqualTo(StatusUpdateManager.Acknowledged.ACCEPTED);
        await().until(() -> sentStates("t").contains(TaskState.TASK_FINISHED));
        assertThat(on(() -> manager.acknowledge(FW, running.getTaskId(), running.getUuid())))
                .isEqualTo(StatusUpdateManager.Acknowledged.UNEXPECTED);
        assertThat(on(() -> manager.acknowledge(FW, finished.getTaskId(), finished.getUuid())))
                .isEqualTo(StatusUpdateManager.Acknowledged.TERMINAL);

        assertThat(on(manager::pendingTasks)).isZero();
        int total = sent.size();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> sent.size() == total);
        assertThat(on(() -> manager.acknowledge(FW, finished.getTaskId(), finished.getUuid())))
                .isEqualTo(StatusUpdateManager.Acknowledged.UNKNOWN);
    }

    @Test
    void updatesWaitForARegisteredMasterAndGoOutAtOnceOnResume() throws Exception {
        connected.set(false);
        TaskStatus a = status("a", TaskState.TASK_RUNNING, 1);
        TaskStatus b = status("b", TaskState.TASK_FAILED, 2);
        on(() -> {
            manager.update(FW, a);
            manager.update(FW, b);
            return null;
        });
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(sent::isEmpty);

        connected.set(true);
        on(() -> {
            manager.resume();
            return null;
        });

        assertThat(sent).extracting(u -> u.getStatus().getTaskId().getValue()).containsExactlyInAnyOrder("a", "b");
        assertThat(on(() -> manager.inFlight(FW, b.getTaskId()))).contains(b);
    }

    @Test
    void duplicatesAndUpdatesAfterTheTerminalOneAreDropped() throws Exception {
        TaskStatus killed = status("t", TaskState.TASK_KILLED, 1);
        on(() -> {
            manager.update(FW, killed);
            manager.update(FW, killed);
            manager.update(FW, status("t", TaskState.TASK_RUNNING, 2));
            return manager.acknowledge(FW, killed.getTaskId(), killed.getUuid());
        });

        assertThat(sentStates("t")).startsWith(TaskState.TASK_KILLED).containsOnly(TaskState.TASK_KILLED);
        assertThat(on(manager::pendingTasks)).isZero();
    }

    @Test
    void cleanupForgetsAFrameworksStreams() throws Exception {
        FrameworkID other = FrameworkID.newBuilder().setValue("f2").build();
        on(() -> {
            manager.update(FW, status("a", TaskState.TASK_RUNNING, 1));
            manager.update(other, status("b", TaskState.TASK_RUNNING, 2));
            manager.cleanup(FW);
            return null;
        });

        assertThat(on(manager::pendingTasks)).isEqualTo(1);
        assertThat(on(() -> manager.inFlight(FW, TaskID.newBuilder().setValue("a").build()))).isEmpty();
    }
}
