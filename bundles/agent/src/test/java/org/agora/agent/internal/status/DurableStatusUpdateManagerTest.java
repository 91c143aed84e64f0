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

import com.google.protobuf.ByteString;
import java.io.IOException;
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

class DurableStatusUpdateManagerTest {
    static final FrameworkID FW = StatusUpdateManagerTest.FW;
    static final TaskID T = TaskID.newBuilder().setValue("t").build();

    /** A journal in memory that says what was recorded, in order. */
    static final class Journal implements UpdateJournal {
        final List<UpdateRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void update(StatusUpdate update) {
            records.add(new UpdateRecord.Update(update));
        }

        @Override
        public void acknowledged(ByteString uuid) {
            records.add(new UpdateRecord.Ack(uuid));
        }
    }

    final ScheduledExecutorService actor = Executors.newSingleThreadScheduledExecutor();
    final Journal journal = new Journal();
    final List<StatusUpdate> sent = new CopyOnWriteArrayList<>();
    final AtomicBoolean connected = new AtomicBoolean(true);
    final AtomicBoolean journaledBeforeSent = new AtomicBoolean(true);

    DurableStatusUpdateManager manager(Journal j) {
        return new DurableStatusUpdateManager(actor, u -> {
            boolean recorded = j.records.stream().anyMatch(r -> r instanceof UpdateRecord.Update up
                    && up.update().getStatus().getUuid().equals(u.getStatus().getUuid()));
            journaledBeforeSent.compareAndSet(true, recorded);
            return connected.get() && sent.add(u);
        }, Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        actor.shutdownNow();
    }

    <T> T on(Callable<T> c) throws Exception {
        return actor.submit(c).get(5, TimeUnit.SECONDS);
    }

    static TaskStatus status(TaskState state, int uuid) {
        return StatusUpdateManagerTest.status("t", state, uuid);
    }

    @Test
    void everyUpdateIsJournaledBeforeItIsSentAndEveryAcknowledgementBeforeTheNextUpdateGoes() throws Exception {
        DurableStatusUpdateManager m = manager(journal);
        TaskStatus running = status(TaskState.TASK_RUNNING, 1);
        TaskStatus finished = status(TaskState.TASK_FINISHED, 2);
        on(() -> {
            m.journal(FW, T, journal);
            m.update(FW, running);
            m.update(FW, finished);
            m.acknowledge(FW, T, running.getUuid());
            return m.acknowledge(FW, T, finished.getUuid());
        });

        assertThat(journaledBeforeSent).isTrue();
        assertThat(sent).extracting(u -> u.getStatus().getState())
                .containsExactly(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
        assertThat(journal.records).extracting(r -> r.getClass().getSimpleName())
                .containsExactly("Update", "Update", "Ack", "Ack");
        assertThat(StatusUpdateReplay.replay(journal.records).terminalAcknowledged()).isTrue();
    }

    @Test
    void duplicatesAreDroppedBeforeTheJournalEvenAfterTheirAcknowledgement() throws Exception {
        DurableStatusUpdateManager m = manager(journal);
        TaskStatus running = status(TaskState.TASK_RUNNING, 1);
        on(() -> {
            m.journal(FW, T, journal);
            m.update(FW, running);
            m.acknowledge(FW, T, running.getUuid());
            return m.update(FW, running);
        });

        assertThat(sent).hasSize(1);
        assertThat(journal.records).hasSize(2);
        assertThat(on(() -> m.acknowledge(FW, T, running.getUuid())))
                .isEqualTo(StatusUpdateManager.Acknowledged.UNEXPECTED);
        assertThat(journal.records).as("an unexpected acknowledgement is not journaled").hasSize(2);
    }

    @Test
    void aRecoveredStreamResendsItsUnacknowledgedUpdatesInOrderOnceRegisteredAndDropsOldDuplicates()
            throws Exception {
        TaskStatus starting = status(TaskState.TASK_STARTING, 1);
        TaskStatus running = status(TaskState.TASK_RUNNING, 2);
        TaskStatus finished = status(TaskState.TASK_FINISHED, 3);
        DurableStatusUpdateManager before = manager(journal);
        on(() -> {
            before.journal(FW, T, journal);
            before.update(FW, starting);
            before.acknowledge(FW, T, starting.getUuid());
            before.update(FW, running);
            return before.update(FW, finished);
        });
        sent.clear();

        connected.set(false);
        Journal after = new Journal();
        after.records.addAll(journal.records);
        DurableStatusUpdateManager m = manager(after);
        StatusUpdateReplay.Replayed replayed = StatusUpdateReplay.replay(after.records);
        assertThat(replayed.pending()).extracting(u -> u.getStatus().getState())
                .containsExactly(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
        on(() -> {
            m.recover(FW, T, after, replayed);
            return null;
        });
        assertThat(sent).isEmpty();
        connected.set(true);
        on(() -> {
            m.resume();
            return m.update(FW, starting);
        });

        assertThat(sent).extracting(u -> u.getStatus().getUuid()).containsExactly(running.getUuid());
        assertThat(on(() -> m.acknowledge(FW, T, running.getUuid())))
                .isEqualTo(StatusUpdateManager.Acknowledged.ACCEPTED);
        assertThat(on(() -> m.acknowledge(FW, T, finished.getUuid())))
                .isEqualTo(StatusUpdateManager.Acknowledged.TERMINAL);
        assertThat(sent).extracting(u -> u.getStatus().getState())
                .containsExactly(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
        assertThat(StatusUpdateReplay.replay(after.records).pending()).isEmpty();
    }

    @Test
    void aJournalThatFailsDoesNotStopDelivery() throws Exception {
        DurableStatusUpdateManager m = manager(journal);
        UpdateJournal broken = new UpdateJournal() {
            @Override
            public void update(StatusUpdate update) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void acknowledged(ByteString uuid) throws IOException {
                throw new IOException("disk full");
            }
        };
        TaskStatus running = status(TaskState.TASK_RUNNING, 1);
        on(() -> {
            m.journal(FW, T, broken);
            return m.update(FW, running);
        });

        assertThat(sent).hasSize(1);
        assertThat(on(() -> m.acknowledge(FW, T, running.getUuid())))
                .isEqualTo(StatusUpdateManager.Acknowledged.ACCEPTED);
    }
}
