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
package org.agora.agent.internal.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.agora.api.security.Action;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.agentevents.AgentEvents.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's operator event stream ({@code SUBSCRIBE} on the agent's {@code /api/v1}, an Agora addition shaped as
 * the master's): the subscribers, and the events of the agent's task changes, handed to each as they happen on the
 * actor thread, so that a subscriber whose SUBSCRIBED state was taken on that thread misses nothing and sees nothing
 * twice. TASK_ADDED when the agent takes on a task, TASK_UPDATED for every status update it sends the master, and
 * HEARTBEAT every {@link #HEARTBEAT_INTERVAL} while anyone listens. Each event carries what a subscriber must be
 * allowed to see it (VIEW_TASK on the task's user); subscribers decide that off the actor.
 *
 * <p>Actor thread only.
 */
public final class OperatorEventStream {
    /** How often a subscriber hears a HEARTBEAT (as the master's stream: 15 s). */
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(OperatorEventStream.class);

    /** Where one subscriber's events go. */
    public interface Subscriber {
        /** Whether it still listens; a closed one is dropped. */
        boolean isOpen();

        /**
         * Sends one event, without blocking; {@code action} and {@code user} say who may see it (null: everyone).
         */
        void send(Event event, Action action, String user);

        /** Ends the stream. */
        void close();
    }

    private final ScheduledExecutorService actor;
    private final Duration heartbeatInterval;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private ScheduledFuture<?> heartbeats;

    /** @param actor the agent's actor, where heartbeats are scheduled every {@link #HEARTBEAT_INTERVAL} */
    public OperatorEventStream(ScheduledExecutorService actor) {
        this(actor, HEARTBEAT_INTERVAL);
    }

    OperatorEventStream(ScheduledExecutorService actor, Duration heartbeatInterval) {
        this.actor = actor;
        this.heartbeatInterval = heartbeatInterval;
    }

    /** Adds a subscriber whose SUBSCRIBED state was taken now, on the actor; heartbeats start with the first. */
    public void add(Subscriber s) {
        subscribers.add(s);
        if (heartbeats == null) {
            long every = heartbeatInterval.toMillis();
            heartbeats = actor.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        }
        LOG.info("Agent operator event stream subscribed ({} open)", subscribers.size());
    }

    /** The subscribers still listening. */
    public int subscribers() {
        subscribers.removeIf(s -> !s.isOpen());
        return subscribers.size();
    }

    /** The agent took on {@code task} of a framework whose user is {@code frameworkUser}. */
    public void taskAdded(Task task, String frameworkUser) {
        if (subscribers.isEmpty()) {
            return;
        }
        send(Action.VIEW_TASK, userOf(task, frameworkUser), Event.newBuilder().setType(Event.Type.TASK_ADDED)
                .setTaskAdded(Event.TaskAdded.newBuilder().setTask(task)).build());
    }

    /** The agent sends {@code status} of a task of a framework whose user is {@code user} to the master. */
    public void taskUpdated(FrameworkID frameworkId, TaskStatus status, String user) {
        if (subscribers.isEmpty()) {
            return;
        }
        TaskState state = status.getState();
        send(Action.VIEW_TASK, user, Event.newBuilder().setType(Event.Type.TASK_UPDATED)
                .setTaskUpdated(Event.TaskUpdated.newBuilder().setFrameworkId(frameworkId).setStatus(status)
                        .setState(state)).build());
    }

    /** Tells every subscriber the agent is there, and drops those that went away. */
    public void heartbeat() {
        send(null, null, Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
        if (subscribers.isEmpty() && heartbeats != null) {
            heartbeats.cancel(false);
            heartbeats = null;
        }
    }

    /** The agent stops: every stream is closed. */
    public void closeAll() {
        subscribers.forEach(Subscriber::close);
        subscribers.clear();
        if (heartbeats != null) {
            heartbeats.cancel(false);
            heartbeats = null;
        }
    }

    private void send(Action action, String user, Event event) {
        subscribers.removeIf(s -> !s.isOpen());
        for (Subscriber s : subscribers) {
            s.send(event, action, user);
        }
    }

    private static String userOf(Task task, String frameworkUser) {
        return task.hasUser() && !task.getUser().isEmpty() ? task.getUser() : frameworkUser;
    }
}
