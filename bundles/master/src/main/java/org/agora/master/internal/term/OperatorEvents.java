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
package org.agora.master.internal.term;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.agora.api.security.Action;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.Protos.TimeInfo;
import org.agora.api.v1.master.Protos.Event;
import org.agora.api.v1.master.Protos.Response.GetAgents;
import org.agora.api.v1.master.Protos.Response.GetFrameworks;
import org.agora.api.Versions;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.framework.TaskRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator API's event stream of one leadership term ({@code SUBSCRIBE} on {@code /api/v1}): the subscribers,
 * and the events of the term's state changes, sent to each as they happen on the actor thread, so that a subscriber
 * that started from a {@code SUBSCRIBED} state taken on that thread misses nothing and sees nothing twice. Mesos's
 * event types: TASK_ADDED (a task launched), TASK_UPDATED (every status update applied, with the task's state),
 * FRAMEWORK_ADDED, FRAMEWORK_UPDATED (re-subscribed or disconnected), FRAMEWORK_REMOVED, AGENT_ADDED (admitted, or
 * back after a failover or unreachability), AGENT_REMOVED (unreachable, gone or forgotten), and HEARTBEAT.
 * Subscribers see only what they may view: frameworks by VIEW_FRAMEWORK on their user, tasks by VIEW_TASK on the
 * user they run as. When the term ends every stream is closed, as Mesos closes them when leadership is lost.
 *
 * <p>Actor thread only.
 */
public final class OperatorEvents {
    /** How often a subscriber hears a HEARTBEAT (Mesos: 15 s). */
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(OperatorEvents.class);

    /** Where one subscriber's events go, and what it may see. */
    public interface Subscriber {
        /** Whether it still listens; a closed one is dropped. */
        boolean isOpen();

        /** Whether it may see objects of {@code action} (VIEW_FRAMEWORK, VIEW_TASK) owned by {@code user}. */
        boolean mayView(Action action, String user);

        /** Sends one event (non-blocking). */
        void send(Event event);

        /** Ends the stream. */
        void close();
    }

    private final List<Subscriber> subscribers = new ArrayList<>();
    private final java.time.Clock clock;

    public OperatorEvents(java.time.Clock clock) {
        this.clock = clock;
    }

    /** Adds a subscriber that has been sent its SUBSCRIBED event (or has it queued first). */
    public void add(Subscriber s) {
        subscribers.add(s);
        LOG.info("Operator event stream subscribed ({} open)", subscribers.size());
    }

    public int subscribers() {
        subscribers.removeIf(s -> !s.isOpen());
        return subscribers.size();
    }

    public void taskAdded(FrameworkRecord f, TaskRecord t) {
        if (subscribers.isEmpty()) {
            return;
        }
        Task task = t.task();
        send(Action.VIEW_TASK, userOf(task, f), Event.newBuilder().setType(Event.Type.TASK_ADDED)
                .setTaskAdded(Event.TaskAdded.newBuilder().setTask(task)).build());
    }

    /** A status update was applied; {@code state} is the task's latest (it may be ahead of the status's). */
    public void taskUpdated(FrameworkRecord f, TaskRecord t, TaskStatus status, TaskState state) {
        if (subscribers.isEmpty()) {
            return;
        }
        send(Action.VIEW_TASK, userOf(t.task(), f), Event.newBuilder().setType(Event.Type.TASK_UPDATED)
                .setTaskUpdated(Event.TaskUpdated.newBuilder().setFrameworkId(f.id()).setStatus(status)
                        .setState(state)).build());
    }

    public void frameworkAdded(FrameworkRecord f) {
        if (!subscribers.isEmpty()) {
            send(Action.VIEW_FRAMEWORK, f.info().getUser(), Event.newBuilder().setType(Event.Type.FRAMEWORK_ADDED)
                    .setFrameworkAdded(Event.FrameworkAdded.newBuilder().setFramework(framework(f))).build());
        }
    }

    public void frameworkUpdated(FrameworkRecord f) {
        if (!subscribers.isEmpty()) {
            send(Action.VIEW_FRAMEWORK, f.info().getUser(), Event.newBuilder().setType(Event.Type.FRAMEWORK_UPDATED)
                    .setFrameworkUpdated(Event.FrameworkUpdated.newBuilder().setFramework(framework(f))).build());
        }
    }

    public void frameworkRemoved(FrameworkInfo info) {
        if (!subscribers.isEmpty()) {
            send(Action.VIEW_FRAMEWORK, info.getUser(), Event.newBuilder().setType(Event.Type.FRAMEWORK_REMOVED)
                    .setFrameworkRemoved(Event.FrameworkRemoved.newBuilder().setFrameworkInfo(info)).build());
        }
    }

    public void agentAdded(AgentInfo info) {
        Instant registered = clock.instant();
        if (!subscribers.isEmpty()) {
            send(null, null, Event.newBuilder().setType(Event.Type.AGENT_ADDED).setAgentAdded(Event.AgentAdded
                    .newBuilder().setAgent(GetAgents.Agent.newBuilder().setAgentInfo(info).setActive(true)
                            .setVersion(Versions.MESOS_API).setRegisteredTime(time(registered))
                            .addAllTotalResources(info.getResourcesList()))).build());
        }
    }

    public void agentRemoved(AgentID id) {
        if (!subscribers.isEmpty()) {
            send(null, null, Event.newBuilder().setType(Event.Type.AGENT_REMOVED)
                    .setAgentRemoved(Event.AgentRemoved.newBuilder().setAgentId(id)).build());
        }
    }

    /** Tells every subscriber the master is there (and drops those that went away). */
    public void heartbeat() {
        send(null, null, Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
    }

    /** The term ends: every stream is closed. */
    public void closeAll() {
        subscribers.forEach(Subscriber::close);
        subscribers.clear();
    }

    private void send(Action action, String user, Event event) {
        subscribers.removeIf(s -> !s.isOpen());
        for (Subscriber s : subscribers) {
            if (action == null || s.mayView(action, user)) {
                s.send(event);
            }
        }
    }

    private static String userOf(Task task, FrameworkRecord f) {
        return task.hasUser() && !task.getUser().isEmpty() ? task.getUser() : f.info().getUser();
    }

    private static GetFrameworks.Framework framework(FrameworkRecord f) {
        GetFrameworks.Framework.Builder b = GetFrameworks.Framework.newBuilder().setFrameworkInfo(f.info())
                .setActive(f.connected()).setConnected(f.connected()).setRecovered(f.recovered())
                .setRegisteredTime(time(f.registeredTime()));
        if (f.reregisteredTime() != null) {
            b.setReregisteredTime(time(f.reregisteredTime()));
        }
        if (f.unregisteredTime() != null) {
            b.setUnregisteredTime(time(f.unregisteredTime()));
        }
        return b.build();
    }

    private static TimeInfo time(Instant t) {
        return TimeInfo.newBuilder().setNanoseconds(t.getEpochSecond() * 1_000_000_000L + t.getNano()).build();
    }
}
