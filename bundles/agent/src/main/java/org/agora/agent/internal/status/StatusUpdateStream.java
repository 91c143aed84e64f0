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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.TaskID;

/**
 * One task's status updates in the order the task produced them. Only the oldest is in flight: it is resent until the
 * framework acknowledges its uuid, then the next one goes. Touched only on the agent's actor thread.
 */
final class StatusUpdateStream {
    final FrameworkID frameworkId;
    final TaskID taskId;
    private final ArrayDeque<StatusUpdate> pending = new ArrayDeque<>(4);
    private boolean terminalQueued;

    /** The wait before the in-flight update is sent again; doubles on every resend up to the maximum. */
    Duration backoff;
    /** The scheduled resend of the in-flight update; null while nothing was sent (no registered master). */
    ScheduledFuture<?> retry;

    StatusUpdateStream(FrameworkID frameworkId, TaskID taskId, Duration initialBackoff) {
        this.frameworkId = frameworkId;
        this.taskId = taskId;
        this.backoff = initialBackoff;
    }

    /** Queues an update; false for a duplicate uuid or an update after the task's terminal one. */
    boolean add(StatusUpdate update) {
        if (terminalQueued) {
            return false;
        }
        ByteString uuid = update.getStatus().getUuid();
        for (StatusUpdate u : pending) {
            if (u.getStatus().getUuid().equals(uuid)) {
                return false;
            }
        }
        pending.addLast(update);
        terminalQueued = TaskStates.isTerminal(update.getStatus().getState());
        return true;
    }

    Optional<StatusUpdate> inFlight() {
        return Optional.ofNullable(pending.peekFirst());
    }

    /** Removes the in-flight update. */
    StatusUpdate pop() {
        return pending.removeFirst();
    }

    /** The newest state queued: what the master is told as {@code latest_state}. */
    org.agora.api.v1.Protos.TaskState latestState() {
        return pending.peekLast().getStatus().getState();
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    int size() {
        return pending.size();
    }

    void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }
}
