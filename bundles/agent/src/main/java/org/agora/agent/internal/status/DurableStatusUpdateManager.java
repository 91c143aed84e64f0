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

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link StatusUpdateManager} with a journal per checkpointed task, as Mesos's task status update manager
 * checkpoints its streams: every update of such a task is journaled before it is forwarded, every acknowledgement
 * before it releases the task's next update, so a restarted agent resends exactly the updates not yet acknowledged,
 * in order ({@link #recover}). Tasks without a journal (their framework does not checkpoint) get the in-memory
 * manager's delivery only.
 *
 * <p>Also drops duplicates for good: an update whose uuid the task produced before is dropped even after that update
 * was acknowledged (Mesos's stream keeps the uuids it received for the same reason). Every method runs on the agent's
 * actor thread.
 */
public final class DurableStatusUpdateManager {
    private static final Logger LOG = LoggerFactory.getLogger(DurableStatusUpdateManager.class);

    private record Key(String frameworkId, String taskId) {
        static Key of(FrameworkID f, TaskID t) {
            return new Key(f.getValue(), t.getValue());
        }
    }

    /** What this layer keeps of a task with updates in flight. */
    private static final class Tracked {
        UpdateJournal journal;
        final Set<ByteString> received = new HashSet<>(8);
        boolean terminalReceived;
    }

    private final StatusUpdateManager memory;
    private final Map<Key, Tracked> tasks = new HashMap<>();
    /** Tasks whose terminal update this agent produced since it started, by that update's state. */
    private final Map<TaskState, Long> ended = new EnumMap<>(TaskState.class);

    public DurableStatusUpdateManager(ScheduledExecutorService actor, StatusUpdateManager.Channel channel,
            Duration retryMin, Duration retryMax) {
        this.memory = new StatusUpdateManager(actor, channel, retryMin, retryMax);
    }

    /** From now on the task's updates and acknowledgements are journaled before they take effect. */
    public void journal(FrameworkID frameworkId, TaskID taskId, UpdateJournal journal) {
        tasks.computeIfAbsent(Key.of(frameworkId, taskId), k -> new Tracked()).journal = journal;
    }

    /**
     * Queues {@code status} (uuid set) in its task's stream, journaled first when the task has a journal; sent at once
     * when nothing of the task is in flight.
     *
     * @return false when it was dropped: a duplicate, or after the task's terminal update
     */
    public boolean update(FrameworkID frameworkId, TaskStatus status) {
        Key key = Key.of(frameworkId, status.getTaskId());
        Tracked t = tasks.computeIfAbsent(key, k -> new Tracked());
        if (t.terminalReceived || !t.received.add(status.getUuid())) {
            LOG.warn("Dropping {} ({}) of task {} of framework {}: duplicate or after the terminal update",
                    status.getState(), StatusUpdateManager.describe(status.getUuid()), key.taskId(),
                    key.frameworkId());
            return false;
        }
        t.terminalReceived = TaskStates.isTerminal(status.getState());
        if (t.terminalReceived) {
            ended.merge(status.getState(), 1L, Long::sum);
        }
        if (t.journal != null) {
            try {
                t.journal.update(StatusUpdate.newBuilder().setFrameworkId(frameworkId).setStatus(status).build());
            } catch (IOException e) {
                // delivered all the same while this agent runs; a restart before its acknowledgement loses it
                LOG.error("Cannot checkpoint {} ({}) of task {} of framework {}: {}", status.getState(),
                        StatusUpdateManager.describe(status.getUuid()), key.taskId(), key.frameworkId(),
                        e.toString());
            }
        }
        memory.update(frameworkId, status);
        return true;
    }

    /**
     * How many tasks ended in each terminal state since this agent started (for slave/tasks_finished and the like):
     * each task counts once, with its terminal update; updates a restarted agent resends are not counted again.
     */
    public Map<TaskState, Long> ended() {
        return new EnumMap<>(ended);
    }

    /** The framework acknowledged the update with {@code uuid}: journaled, then the task's next update goes. */
    public StatusUpdateManager.Acknowledged acknowledge(FrameworkID frameworkId, TaskID taskId, ByteString uuid) {
        Key key = Key.of(frameworkId, taskId);
        Tracked t = tasks.get(key);
        boolean expected = memory.inFlight(frameworkId, taskId).filter(s -> s.getUuid().equals(uuid)).isPresent();
        if (expected && t != null && t.journal != null) {
            try {
                t.journal.acknowledged(uuid);
            } catch (IOException e) {
                // the acknowledgement still counts now; after a restart the update would be sent once more
                LOG.error("Cannot checkpoint acknowledgement {} for task {} of framework {}: {}",
                        StatusUpdateManager.describe(uuid), key.taskId(), key.frameworkId(), e.toString());
            }
        }
        StatusUpdateManager.Acknowledged result = memory.acknowledge(frameworkId, taskId, uuid);
        if (result == StatusUpdateManager.Acknowledged.TERMINAL) {
            tasks.remove(key);
        }
        return result;
    }

    /**
     * Takes back a task's stream from its journal after a restart: duplicates seen before stay dropped, and the
     * updates not yet acknowledged queue again, in order, to go out when a master registers the agent.
     */
    public void recover(FrameworkID frameworkId, TaskID taskId, UpdateJournal journal,
            StatusUpdateReplay.Replayed replayed) {
        Tracked t = tasks.computeIfAbsent(Key.of(frameworkId, taskId), k -> new Tracked());
        t.journal = journal;
        t.received.addAll(replayed.received());
        t.terminalReceived = replayed.updates().stream()
                .anyMatch(u -> TaskStates.isTerminal(u.getStatus().getState()));
        for (StatusUpdate u : replayed.pending()) {
            memory.update(frameworkId, u.getStatus());
        }
    }

    /** A master (re)registered the agent: every in-flight update goes out now. */
    public void resume() {
        memory.resume();
    }

    /** Forgets every stream of the framework (it was shut down: nobody will acknowledge its updates). */
    public void cleanup(FrameworkID frameworkId) {
        memory.cleanup(frameworkId);
        tasks.keySet().removeIf(k -> k.frameworkId().equals(frameworkId.getValue()));
    }

    /** The task's update that waits for an acknowledgement, if any. */
    public Optional<TaskStatus> inFlight(FrameworkID frameworkId, TaskID taskId) {
        return memory.inFlight(frameworkId, taskId);
    }

    /** How many tasks have updates not yet acknowledged. */
    public int pendingTasks() {
        return memory.pendingTasks();
    }
}
