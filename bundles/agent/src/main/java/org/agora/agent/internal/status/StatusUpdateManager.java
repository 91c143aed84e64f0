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
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each task's status updates to the master reliably and in order, as Mesos's task status update manager
 * does: per task, updates queue in the order they were produced; only the oldest unacknowledged one is in flight and
 * it is resent with backoff (doubling from {@code retryMin} up to {@code retryMax}) until an acknowledgement with its
 * uuid arrives; then the next one goes. A task's stream ends when its terminal update is acknowledged.
 *
 * <p>Held in memory only; {@link DurableStatusUpdateManager} wraps it with a journal per checkpointed task. Every
 * method runs on the agent's actor thread, and the resend timers are scheduled on it.
 */
public final class StatusUpdateManager {
    private static final Logger LOG = LoggerFactory.getLogger(StatusUpdateManager.class);

    /** Where updates go. */
    @FunctionalInterface
    public interface Channel {
        /** Sends the update to the master; false when no master is registered now (it is sent on {@link #resume}). */
        boolean send(StatusUpdate update);

        /** Tells the master early that a task ended (its terminal update waits behind unacknowledged ones). */
        default void ended(FrameworkID frameworkId, TaskID taskId, TaskState state) {
        }
    }

    /** What an acknowledgement did. */
    public enum Acknowledged {
        /** It matched the in-flight update; more updates of the task remain (or may come). */
        ACCEPTED,
        /** It matched the task's terminal update: the stream is closed and the task may be forgotten. */
        TERMINAL,
        /** The uuid is not the in-flight update's (a duplicate or a stale acknowledgement): ignored. */
        UNEXPECTED,
        /** No stream for that task: ignored. */
        UNKNOWN
    }

    private record Key(String frameworkId, String taskId) {
    }

    private final ScheduledExecutorService actor;
    private final Channel channel;
    private final Duration retryMin;
    private final Duration retryMax;
    private final Map<Key, StatusUpdateStream> streams = new HashMap<>();

    public StatusUpdateManager(ScheduledExecutorService actor, Channel channel, Duration retryMin, Duration retryMax) {
        if (retryMin.isNegative() || retryMin.isZero() || retryMax.compareTo(retryMin) < 0) {
            throw new IllegalArgumentException("status update retry interval " + retryMin + ".." + retryMax
                    + " must be positive and ordered");
        }
        this.actor = actor;
        this.channel = channel;
        this.retryMin = retryMin;
        this.retryMax = retryMax;
    }

    /** Queues {@code status} (uuid set) in its task's stream; sent at once when nothing of the task is in flight. */
    public void update(FrameworkID frameworkId, TaskStatus status) {
        Key key = new Key(frameworkId.getValue(), status.getTaskId().getValue());
        StatusUpdateStream stream = streams.computeIfAbsent(key,
                k -> new StatusUpdateStream(frameworkId, status.getTaskId(), retryMin));
        StatusUpdate update = StatusUpdate.newBuilder().setFrameworkId(frameworkId).setStatus(status).build();
        if (!stream.add(update)) {
            LOG.warn("Dropping {} ({}) of task {} of framework {}: duplicate or after the terminal update",
                    status.getState(), describe(status.getUuid()), key.taskId(), key.frameworkId());
            return;
        }
        if (stream.size() == 1) {
            forward(stream);
        } else if (TaskStates.isTerminal(status.getState())) {
            // the master can free the task's resources now rather than after the acknowledgements ahead of it
            channel.ended(frameworkId, status.getTaskId(), status.getState());
        }
    }

    /** The framework acknowledged the update with {@code uuid}: ends its resends and sends the task's next one. */
    public Acknowledged acknowledge(FrameworkID frameworkId, TaskID taskId, ByteString uuid) {
        Key key = new Key(frameworkId.getValue(), taskId.getValue());
        StatusUpdateStream stream = streams.get(key);
        if (stream == null) {
            LOG.warn("Ignoring acknowledgement {} for task {} of framework {}: no updates of that task are pending",
                    describe(uuid), key.taskId(), key.frameworkId());
            return Acknowledged.UNKNOWN;
        }
        Optional<StatusUpdate> inFlight = stream.inFlight();
        if (inFlight.isEmpty() || !inFlight.get().getStatus().getUuid().equals(uuid)) {
            LOG.warn("Ignoring acknowledgement {} for task {} of framework {}: the update in flight is {}",
                    describe(uuid), key.taskId(), key.frameworkId(),
                    inFlight.map(u -> describe(u.getStatus().getUuid())).orElse("none"));
            return Acknowledged.UNEXPECTED;
        }
        stream.cancelRetry();
        stream.backoff = retryMin;
        StatusUpdate acked = stream.pop();
        LOG.debug("Update {} {} of task {} of framework {} acknowledged", acked.getStatus().getState(),
                describe(uuid), key.taskId(), key.frameworkId());
        if (TaskStates.isTerminal(acked.getStatus().getState())) {
            streams.remove(key);
            return Acknowledged.TERMINAL;
        }
        if (!stream.isEmpty()) {
            forward(stream);
        }
        return Acknowledged.ACCEPTED;
    }

    /** A master (re)registered the agent: send every in-flight update now and restart its backoff. */
    public void resume() {
        for (StatusUpdateStream stream : streams.values()) {
            if (!stream.isEmpty()) {
                stream.cancelRetry();
                stream.backoff = retryMin;
                forward(stream);
            }
        }
    }

    /** Forgets every stream of the framework (it was shut down: nobody will acknowledge its updates). */
    public void cleanup(FrameworkID frameworkId) {
        List<Key> gone = new ArrayList<>();
        streams.forEach((key, stream) -> {
            if (key.frameworkId().equals(frameworkId.getValue())) {
                stream.cancelRetry();
                gone.add(key);
            }
        });
        gone.forEach(streams::remove);
        if (!gone.isEmpty()) {
            LOG.info("Dropped the pending status updates of {} task(s) of framework {}", gone.size(),
                    frameworkId.getValue());
        }
    }

    /** The task's update that waits for an acknowledgement, if any. */
    public Optional<TaskStatus> inFlight(FrameworkID frameworkId, TaskID taskId) {
        StatusUpdateStream stream = streams.get(new Key(frameworkId.getValue(), taskId.getValue()));
        return stream == null ? Optional.empty() : stream.inFlight().map(StatusUpdate::getStatus);
    }

    /** How many tasks have updates not yet acknowledged. */
    public int pendingTasks() {
        return streams.size();
    }

    private void forward(StatusUpdateStream stream) {
        StatusUpdate update = stream.inFlight().orElseThrow();
        if (!channel.send(update.toBuilder().setLatestState(stream.latestState()).build())) {
            // no registered master: resume() sends it when one takes the agent
            LOG.debug("Holding {} of task {} of framework {} until a master registers the agent",
                    update.getStatus().getState(), stream.taskId.getValue(), stream.frameworkId.getValue());
            return;
        }
        Duration wait = stream.backoff;
        stream.retry = actor.schedule(() -> retry(stream, update), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void retry(StatusUpdateStream stream, StatusUpdate update) {
        Key key = new Key(stream.frameworkId.getValue(), stream.taskId.getValue());
        if (streams.get(key) != stream || stream.inFlight().filter(update::equals).isEmpty()) {
            return; // acknowledged or dropped meanwhile
        }
        stream.retry = null;
        Duration doubled = stream.backoff.multipliedBy(2);
        stream.backoff = doubled.compareTo(retryMax) > 0 ? retryMax : doubled;
        LOG.info("Resending {} ({}) of task {} of framework {}: not acknowledged yet; next resend in {} ms",
                update.getStatus().getState(), describe(update.getStatus().getUuid()), key.taskId(),
                key.frameworkId(), stream.backoff.toMillis());
        forward(stream);
    }

    /** A uuid as people read it. */
    public static String describe(ByteString uuid) {
        if (uuid.size() != 16) {
            return uuid.toStringUtf8();
        }
        ByteBuffer b = uuid.asReadOnlyByteBuffer();
        return new UUID(b.getLong(), b.getLong()).toString();
    }
}
