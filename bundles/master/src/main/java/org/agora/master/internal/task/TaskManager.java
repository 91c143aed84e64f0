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
package org.agora.master.internal.task;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.FrameworkMessage;
import org.agora.api.channel.Channel.KillTask;
import org.agora.api.channel.Channel.ShutdownFramework;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.channel.Channel.StatusUpdateAcknowledgement;
import org.agora.api.channel.Channel.TaskEnded;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.DurationInfo;
import org.agora.api.v1.Protos.KillPolicy;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.master.internal.agent.AgentLinks;
import org.agora.master.internal.allocation.AllocatorHost;
import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.framework.Statuses;
import org.agora.master.internal.framework.TaskRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks after launch: status updates from agents to frameworks, acknowledgements back, kills, reconciliation, and
 * what happens to tasks when their agent or framework goes away. Actor thread only.
 */
public final class TaskManager implements TaskKiller {
    private static final Logger LOG = LoggerFactory.getLogger(TaskManager.class);

    private final FrameworkManager frameworks;
    private final AgentLinks agents;
    private final AllocatorHost allocation;
    private final int maxCompletedTasks;
    /** Agent id → frameworks whose tasks there were declared lost when the agent disconnected. */
    private final Map<String, Set<String>> lostOnDisconnect = new HashMap<>();
    private org.agora.master.internal.term.OperatorEvents events;
    /** Tasks that reached each terminal state in this term, for master/tasks_finished and the like. */
    private final Map<TaskState, Long> endedTasks = new EnumMap<>(TaskState.class);

    public TaskManager(FrameworkManager frameworks, AgentLinks agents, AllocatorHost allocation,
            int maxCompletedTasks) {
        this.frameworks = frameworks;
        this.agents = agents;
        this.allocation = allocation;
        this.maxCompletedTasks = maxCompletedTasks;
    }

    /** Tells the framework of a status of a task the master does not track (refused at launch, unknown). */
    public void notify(FrameworkRecord f, TaskStatus status) {
        tell(f, status);
    }

    /**
     * Sends a status the master decided (it is not an agent's update): an agent's update kept for the framework while
     * it was disconnected is now older news, and is dropped (the agent resends it until it is acknowledged).
     */
    private void tell(FrameworkRecord f, TaskStatus status) {
        f.dropUndelivered(status.getTaskId().getValue());
        frameworks.send(f, update(f, status));
    }

    /**
     * Tells the framework that a task it launched was refused (TASK_ERROR, TASK_DROPPED) and was never tracked;
     * counted among the ended tasks, as Mesos counts master/tasks_error and master/tasks_dropped.
     */
    public void refuse(FrameworkRecord f, TaskStatus status) {
        endedTasks.merge(status.getState(), 1L, Long::sum);
        notify(f, status);
    }

    /** How many tasks reached each terminal state in this term (a task counts once, in its first one). */
    public Map<TaskState, Long> ended() {
        return new EnumMap<>(endedTasks);
    }

    /** Records a master-generated status of a tracked task and tells the framework. */
    public void update(FrameworkRecord f, TaskRecord t, TaskStatus status) {
        apply(f, t, status);
        tell(f, status);
    }

    private static Event update(FrameworkRecord f, TaskStatus status) {
        return Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder()
                .setStatus(Statuses.forFramework(status, f.partitionAware()))).build();
    }

    /** Where the operator event stream hears of tasks; none until the term sets it. */
    public void events(org.agora.master.internal.term.OperatorEvents events) {
        this.events = events;
    }

    /** A task was launched (recorded as TASK_STAGING). */
    public void added(FrameworkRecord f, TaskRecord t) {
        if (events != null) {
            events.taskAdded(f, t);
        }
    }

    private void apply(FrameworkRecord f, TaskRecord t, TaskStatus status) {
        if (t.update(status)) {
            endedTasks.merge(t.state(), 1L, Long::sum);
        }
        if (events != null) {
            events.taskUpdated(f, t, status, t.state());
        }
        if (TaskRecord.isTerminal(status.getState()) && t.releaseResources()) {
            allocation.recoverResources(f.id(), t.agentId(), t.resources(), 0);
        }
        if (TaskRecord.isTerminal(status.getState()) && !status.hasUuid()) {
            // nothing will acknowledge it: the task is done now
            f.complete(t, maxCompletedTasks);
        }
    }

    /** A status update from an agent: record it and forward it; the framework's acknowledgement goes back. */
    public void statusUpdate(AgentID agentId, StatusUpdate u) {
        String fid = u.getFrameworkId().getValue();
        TaskStatus status = u.getStatus().toBuilder().setAgentId(agentId).build();
        FrameworkRecord f = frameworks.get(fid).orElse(null);
        if (f == null) {
            if (frameworks.isCompleted(fid)) {
                agents.send(agentId, Envelope.newBuilder().setShutdownFramework(
                        ShutdownFramework.newBuilder().setFrameworkId(u.getFrameworkId())).build());
            }
            LOG.debug("Dropping status update for task {} of unknown framework {}", status.getTaskId().getValue(),
                    fid);
            return;
        }
        TaskRecord t = f.tasks().get(status.getTaskId().getValue());
        if (t != null) {
            if (t.update(status)) {
                endedTasks.merge(t.state(), 1L, Long::sum);
            }
            // the agent may already know the task ended while an earlier update still waits for its ack
            boolean ended = TaskRecord.isTerminal(status.getState())
                    || (u.hasLatestState() && TaskRecord.isTerminal(u.getLatestState()));
            if (ended && t.releaseResources()) {
                allocation.recoverResources(f.id(), t.agentId(), t.resources(), 0);
            }
            if (events != null) {
                events.taskUpdated(f, t, status, u.hasLatestState() ? u.getLatestState() : t.state());
            }
        }
        if (f.connected()) {
            frameworks.send(f, update(f, status));
        } else {
            f.keepUndelivered(status);
        }
    }

    /**
     * The framework (re)subscribed and was sent SUBSCRIBED: sends it the agents' updates that came while it had no
     * stream. It acknowledges them as any update, and the agents stop resending them.
     */
    public void subscribed(FrameworkRecord f) {
        List<TaskStatus> kept = f.takeUndelivered();
        if (kept.isEmpty()) {
            return;
        }
        LOG.info("Framework {}: sending {} status update(s) that came while it was disconnected", f.idValue(),
                kept.size());
        kept.forEach(status -> frameworks.send(f, update(f, status)));
    }

    /** The agent says a task ended before its terminal update could come: give its resources back now. */
    public void taskEnded(TaskEnded ended) {
        frameworks.get(ended.getFrameworkId().getValue())
                .map(f -> f.tasks().get(ended.getTaskId().getValue()))
                .filter(t -> TaskRecord.isTerminal(ended.getState()) && t.releaseResources())
                .ifPresent(t -> allocation.recoverResources(ended.getFrameworkId(), t.agentId(),
                        t.resources(), 0));
    }

    public void acknowledge(FrameworkRecord f, Call.Acknowledge ack) {
        agents.send(ack.getAgentId(), Envelope.newBuilder().setStatusUpdateAcknowledgement(
                StatusUpdateAcknowledgement.newBuilder().setFrameworkId(f.id()).setTaskId(ack.getTaskId())
                        .setUuid(ack.getUuid())).build());
        TaskRecord t = f.tasks().get(ack.getTaskId().getValue());
        if (t != null && TaskRecord.isTerminal(t.state()) && ack.getUuid().equals(t.task().getStatusUpdateUuid())) {
            f.complete(t, maxCompletedTasks);
        }
    }

    @Override
    public void kill(FrameworkRecord f, Call.Kill kill) {
        TaskRecord t = f.tasks().get(kill.getTaskId().getValue());
        if (t == null) {
            LOG.info("Framework {}: kill of unknown task {}; reconciling", f.idValue(), kill.getTaskId().getValue());
            reconcile(f, List.of(Call.Reconcile.Task.newBuilder().setTaskId(kill.getTaskId())
                    .setAgentId(kill.getAgentId()).build()));
            return;
        }
        if (TaskRecord.isTerminal(t.state())) {
            return;
        }
        KillTask.Builder k = KillTask.newBuilder().setFrameworkId(f.id()).setTaskId(kill.getTaskId());
        if (kill.hasKillPolicy()) {
            k.setKillPolicy(kill.getKillPolicy());
        }
        if (!agents.send(t.agentId(), Envelope.newBuilder().setKillTask(k).build())) {
            LOG.info("Framework {}: task {} cannot be killed now: agent {} is not connected", f.idValue(), t.id(),
                    t.agentId().getValue());
        }
    }

    /** Explicit reconciliation for {@code tasks}, implicit (every known task) when empty. */
    public void reconcile(FrameworkRecord f, List<Call.Reconcile.Task> tasks) {
        if (tasks.isEmpty()) {
            for (TaskRecord t : List.copyOf(f.tasks().values())) {
                notify(f, reconciled(t.task()));
            }
            return;
        }
        for (Call.Reconcile.Task q : tasks) {
            TaskRecord t = f.tasks().get(q.getTaskId().getValue());
            if (t != null) {
                notify(f, reconciled(t.task()));
                continue;
            }
            if (agents.isReregistering(q.hasAgentId() ? Optional.of(q.getAgentId()) : Optional.empty())) {
                // as Mesos does after a failover: the task's agent may still report it; the framework asks again
                LOG.debug("Framework {}: no answer yet for task {}: agents are re-registering", f.idValue(),
                        q.getTaskId().getValue());
                continue;
            }
            boolean agentUnreachable = q.hasAgentId() && agents.isUnreachable(q.getAgentId());
            TaskState state = agentUnreachable ? TaskState.TASK_UNREACHABLE : TaskState.TASK_UNKNOWN;
            notify(f, Statuses.master(q.getTaskId(), q.hasAgentId() ? q.getAgentId() : null, state,
                    TaskStatus.Reason.REASON_RECONCILIATION, "Reconciliation: task is unknown to the master"));
        }
    }

    private static TaskStatus reconciled(Task task) {
        TaskStatus latest = task.getStatusesCount() == 0 ? null : task.getStatuses(task.getStatusesCount() - 1);
        TaskStatus.Builder b = TaskStatus.newBuilder().setTaskId(task.getTaskId()).setState(task.getState())
                .setAgentId(task.getAgentId()).setSource(TaskStatus.Source.SOURCE_MASTER)
                .setReason(TaskStatus.Reason.REASON_RECONCILIATION).setMessage("Reconciliation: latest task state")
                .setTimestamp(System.currentTimeMillis() / 1000.0);
        if (latest != null && latest.hasHealthy()) {
            b.setHealthy(latest.getHealthy());
        }
        return b.build();
    }

    public void message(FrameworkRecord f, Call.Message m) {
        agents.send(m.getAgentId(), Envelope.newBuilder().setFrameworkMessage(FrameworkMessage.newBuilder()
                .setFrameworkId(f.id()).setExecutorId(m.getExecutorId()).setData(m.getData())).build());
    }

    /** A message from an executor to its scheduler: unreliable, dropped when the framework is not connected. */
    public void executorMessage(AgentID agentId, FrameworkMessage m) {
        frameworks.get(m.getFrameworkId().getValue()).ifPresent(f -> frameworks.send(f,
                Event.newBuilder().setType(Event.Type.MESSAGE).setMessage(Event.Message.newBuilder()
                        .setAgentId(agentId).setExecutorId(m.getExecutorId()).setData(m.getData())).build()));
    }

    /** The agent is unreachable: its tasks are lost to their frameworks (unreachable to partition-aware ones). */
    public void agentUnreachable(AgentID agentId) {
        for (FrameworkRecord f : frameworks.all()) {
            for (TaskRecord t : f.tasksOn(agentId)) {
                if (!TaskRecord.isTerminal(t.state())) {
                    if (!f.partitionAware()) {
                        // told TASK_LOST: as Mesos does, its tasks there are killed if the agent comes back
                        lostOnDisconnect.computeIfAbsent(agentId.getValue(), k -> new HashSet<>()).add(f.idValue());
                    }
                    TaskStatus s = Statuses.master(t.task().getTaskId(), agentId, TaskState.TASK_UNREACHABLE,
                            TaskStatus.Reason.REASON_AGENT_REMOVED, "Agent " + agentId.getValue()
                                    + " is unreachable");
                    t.update(s);
                    t.releaseResources();
                    tell(f, s);
                }
            }
        }
    }

    /** The agent's channel broke: tasks of frameworks without checkpointing will not survive its restart. */
    public void lostWithoutCheckpoint(AgentID agentId) {
        for (FrameworkRecord f : frameworks.all()) {
            if (f.info().getCheckpoint()) {
                continue;
            }
            lostOnDisconnect.computeIfAbsent(agentId.getValue(), k -> new HashSet<>()).add(f.idValue());
            for (TaskRecord t : f.tasksOn(agentId)) {
                if (!TaskRecord.isTerminal(t.state())) {
                    if (t.releaseResources()) {
                        allocation.recoverResources(f.id(), agentId, t.resources(), 0);
                    }
                    update(f, t, Statuses.master(t.task().getTaskId(), agentId, TaskState.TASK_LOST,
                            TaskStatus.Reason.REASON_AGENT_DISCONNECTED, "Agent " + agentId.getValue()
                                    + " disconnected and the framework does not checkpoint"));
                }
            }
        }
    }

    /** The operator marked the agent gone: its tasks are gone with it. */
    public void agentGone(AgentID agentId) {
        for (FrameworkRecord f : frameworks.all()) {
            for (TaskRecord t : f.tasksOn(agentId)) {
                if (!TaskRecord.isTerminal(t.state())) {
                    t.releaseResources(); // the allocator forgot the whole agent
                    update(f, t, Statuses.master(t.task().getTaskId(), agentId, TaskState.TASK_GONE_BY_OPERATOR,
                            TaskStatus.Reason.REASON_AGENT_REMOVED_BY_OPERATOR, "Agent " + agentId.getValue()
                                    + " was marked gone by the operator"));
                }
            }
        }
    }

    /**
     * The master removed the agent (its machine went DOWN for maintenance): its tasks are lost, TASK_LOST with
     * REASON_AGENT_REMOVED, as Mesos reports tasks of an agent it removes.
     */
    public void agentRemoved(AgentID agentId, String why) {
        for (FrameworkRecord f : frameworks.all()) {
            for (TaskRecord t : f.tasksOn(agentId)) {
                if (!TaskRecord.isTerminal(t.state())) {
                    t.releaseResources(); // the allocator forgot the whole agent
                    update(f, t, Statuses.master(t.task().getTaskId(), agentId, TaskState.TASK_LOST,
                            TaskStatus.Reason.REASON_AGENT_REMOVED, "Agent " + agentId.getValue() + " was removed: "
                                    + why));
                }
            }
        }
    }

    /** Kills every live task on the agent, capping kill grace periods at {@code maxGrace} (draining). */
    public void killAllOn(AgentID agentId, Optional<Duration> maxGrace) {
        for (FrameworkRecord f : frameworks.all()) {
            for (TaskRecord t : f.tasksOn(agentId)) {
                if (TaskRecord.isTerminal(t.state())) {
                    continue;
                }
                Call.Kill.Builder kill = Call.Kill.newBuilder().setTaskId(t.task().getTaskId()).setAgentId(agentId);
                maxGrace.ifPresent(g -> kill.setKillPolicy(KillPolicy.newBuilder()
                        .setGracePeriod(DurationInfo.newBuilder().setNanoseconds(g.toNanos()))));
                kill(f, kill.build());
            }
        }
    }

    public boolean hasLiveTasksOn(AgentID agentId) {
        for (FrameworkRecord f : frameworks.all()) {
            for (TaskRecord t : f.tasksOn(agentId)) {
                if (!TaskRecord.isTerminal(t.state())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * An agent re-registered reporting what it runs: the master takes the agent's word for those tasks (their
     * frameworks are recovered if this master has not seen them since a failover).
     */
    public void agentReported(AgentID agentId, List<Task> tasks, List<FrameworkInfo> infos) {
        Set<String> reported = new HashSet<>();
        Set<String> declaredLost = lostOnDisconnect.getOrDefault(agentId.getValue(), Set.of());
        lostOnDisconnect.remove(agentId.getValue());
        for (String fid : declaredLost) {
            // the framework was told these tasks are lost: they must not live on behind its back
            agents.send(agentId, Envelope.newBuilder().setShutdownFramework(ShutdownFramework.newBuilder()
                    .setFrameworkId(FrameworkID.newBuilder().setValue(fid))).build());
        }
        for (Task task : tasks) {
            if (declaredLost.contains(task.getFrameworkId().getValue())) {
                continue;
            }
            FrameworkRecord f = frameworks.get(task.getFrameworkId().getValue()).orElse(null);
            if (f == null) {
                FrameworkInfo info = infos.stream().filter(i -> i.getId().equals(task.getFrameworkId()))
                        .findFirst().orElse(null);
                if (frameworks.isCompleted(task.getFrameworkId().getValue())) {
                    // the framework was removed while the agent was away: its tasks must go
                    agents.send(agentId, Envelope.newBuilder().setShutdownFramework(
                            ShutdownFramework.newBuilder().setFrameworkId(task.getFrameworkId())).build());
                    continue;
                }
                if (info == null) {
                    continue;
                }
                f = frameworks.recover(info);
            }
            reported.add(f.idValue() + "/" + task.getTaskId().getValue());
            TaskRecord previous = f.tasks().get(task.getTaskId().getValue());
            TaskRecord now = new TaskRecord(task.toBuilder().setAgentId(agentId).build());
            f.putTask(now);
            if (previous != null && previous.state() == TaskState.TASK_UNREACHABLE
                    && now.state() != TaskState.TASK_UNREACHABLE) {
                // a partition-aware framework heard TASK_UNREACHABLE: it hears what became of the task
                notify(f, Statuses.master(task.getTaskId(), agentId, now.state(),
                        TaskStatus.Reason.REASON_AGENT_REREGISTERED, "Agent " + agentId.getValue()
                                + " re-registered; the task is " + now.state()));
            }
        }
        // tasks this master placed on the agent that the agent no longer knows
        for (FrameworkRecord f : frameworks.all()) {
            for (TaskRecord t : f.tasksOn(agentId)) {
                if (!reported.contains(f.idValue() + "/" + t.id())
                        && !TaskRecord.isTerminal(t.state()) && t.state() != TaskState.TASK_STAGING) {
                    update(f, t, Statuses.master(t.task().getTaskId(), agentId, TaskState.TASK_GONE,
                            TaskStatus.Reason.REASON_AGENT_RESTARTED, "Task is not known to agent "
                                    + agentId.getValue() + " any more"));
                }
            }
        }
    }

    /**
     * The agent was unreachable for longer than the registry keeps agents and is forgotten: its unreachable tasks
     * become history (reconciling them now answers TASK_UNKNOWN, as Mesos does).
     */
    public void agentForgotten(AgentID agentId) {
        lostOnDisconnect.remove(agentId.getValue());
        for (FrameworkRecord f : frameworks.all()) {
            for (TaskRecord t : f.tasksOn(agentId)) {
                f.complete(t, maxCompletedTasks);
            }
        }
    }

    /**
     * The framework was removed (its offers are taken back by the caller): every agent is told to shut it down, as
     * Mesos's master does, not only those the master sees its tasks on: an executor whose tasks have all ended still
     * runs, and only its agent knows it.
     */
    public void frameworkRemoved(FrameworkRecord f) {
        agents.sendToAll(Envelope.newBuilder().setShutdownFramework(ShutdownFramework.newBuilder()
                .setFrameworkId(f.id())).build());
        for (TaskRecord t : List.copyOf(f.tasks().values())) {
            if (!TaskRecord.isTerminal(t.state())) {
                if (t.update(Statuses.master(t.task().getTaskId(), t.agentId(), TaskState.TASK_KILLED,
                        TaskStatus.Reason.REASON_FRAMEWORK_REMOVED, "Framework removed"))) {
                    endedTasks.merge(TaskState.TASK_KILLED, 1L, Long::sum);
                }
            }
            f.complete(t, maxCompletedTasks);
        }
    }
}
