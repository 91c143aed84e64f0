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
package org.agora.master.internal.framework;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskStatus;

/** The master's record of one framework; touched only on the actor thread. */
public final class FrameworkRecord {
    private final FrameworkID id;
    private FrameworkInfo info;
    private SchedulerStream stream;
    private final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
    /**
     * The same tasks by agent id: what an agent's re-registration, disconnection or removal touches, so that those
     * cost the agent's own tasks rather than every task of the cluster.
     */
    private final Map<String, Map<String, TaskRecord>> tasksByAgent = new HashMap<>();
    private final Deque<Task> completedTasks = new ArrayDeque<>();
    private final Set<String> offers = new LinkedHashSet<>();
    /**
     * Agent id → executor id → the custom or default executor running there (command executors are not tracked, as
     * in Mesos); each holds its ExecutorInfo's resources until the agent says it ended.
     */
    private final Map<String, Map<String, ExecutorInfo>> executors = new LinkedHashMap<>();
    private Set<String> suppressedRoles = new HashSet<>();
    private final Instant registeredTime;
    private Instant reregisteredTime;
    private Instant unregisteredTime;
    private ScheduledFuture<?> failoverTimer;
    /** Known only from agents' reports (after a master failover); not subscribed yet. */
    private boolean recovered;
    /**
     * Agents' status updates that came while the framework had no stream, the latest of each task by task id. They
     * are sent right after its next SUBSCRIBED: otherwise it would hear them only at the agents' next resends, which
     * back off to minutes, and an agent that re-registered just before the framework re-subscribed has spent its
     * immediate resend on a master that could not forward it.
     */
    private final Map<String, TaskStatus> undelivered = new LinkedHashMap<>();

    public FrameworkRecord(FrameworkInfo info, Instant registeredTime) {
        this.id = info.getId();
        this.info = info;
        this.registeredTime = registeredTime;
    }

    public FrameworkID id() {
        return id;
    }

    public String idValue() {
        return id.getValue();
    }

    public FrameworkInfo info() {
        return info;
    }

    public void info(FrameworkInfo info) {
        this.info = info;
    }

    public SchedulerStream stream() {
        return stream;
    }

    public boolean connected() {
        return stream != null;
    }

    public void stream(SchedulerStream stream) {
        this.stream = stream;
    }

    /** Every task of the framework by task id, read-only: {@link #putTask} and {@link #complete} change it. */
    public Map<String, TaskRecord> tasks() {
        return java.util.Collections.unmodifiableMap(tasks);
    }

    /** Keeps an agent's update that could not be sent (no stream); a later update of the same task replaces it. */
    public void keepUndelivered(TaskStatus status) {
        undelivered.put(status.getTaskId().getValue(), status);
    }

    /** Forgets the kept update of a task: the master told the framework something newer of it. */
    public void dropUndelivered(String taskId) {
        undelivered.remove(taskId);
    }

    /** The kept updates in the order their tasks were first kept, now forgotten here. */
    public List<TaskStatus> takeUndelivered() {
        List<TaskStatus> kept = List.copyOf(undelivered.values());
        undelivered.clear();
        return kept;
    }

    /** Adds the task, or replaces the one with its id (which may have been on another agent). */
    public void putTask(TaskRecord task) {
        TaskRecord previous = tasks.put(task.id(), task);
        if (previous != null) {
            unindex(previous);
        }
        tasksByAgent.computeIfAbsent(task.agentId().getValue(), k -> new LinkedHashMap<>()).put(task.id(), task);
    }

    /** The framework's tasks on one agent (a copy), terminal ones included. */
    public List<TaskRecord> tasksOn(AgentID agentId) {
        Map<String, TaskRecord> on = tasksByAgent.get(agentId.getValue());
        return on == null ? List.of() : List.copyOf(on.values());
    }

    /** What the framework's live tasks and executors hold on one agent (empty when nothing). */
    public Resources usedOn(AgentID agentId) {
        Resources used = Resources.empty();
        Map<String, TaskRecord> on = tasksByAgent.get(agentId.getValue());
        if (on != null) {
            for (TaskRecord t : on.values()) {
                if (!TaskRecord.isTerminal(t.state())) {
                    used = used.plus(t.resources());
                }
            }
        }
        Map<String, ExecutorInfo> execs = executors.get(agentId.getValue());
        if (execs != null) {
            for (ExecutorInfo e : execs.values()) {
                used = used.plus(Resources.of(e.getResourcesList()));
            }
        }
        return used;
    }

    private void unindex(TaskRecord task) {
        Map<String, TaskRecord> on = tasksByAgent.get(task.agentId().getValue());
        if (on != null && on.get(task.id()) == task) {
            on.remove(task.id());
            if (on.isEmpty()) {
                tasksByAgent.remove(task.agentId().getValue());
            }
        }
    }

    public Deque<Task> completedTasks() {
        return completedTasks;
    }

    /** Remembers a finished task for the state endpoints, keeping at most {@code max}. */
    public void complete(TaskRecord task, int max) {
        TaskRecord current = tasks.remove(task.id());
        if (current != null) {
            unindex(current);
        }
        completedTasks.addLast(task.task());
        while (completedTasks.size() > max) {
            completedTasks.removeFirst();
        }
    }

    public Set<String> offers() {
        return offers;
    }

    public Optional<ExecutorInfo> executor(AgentID agentId, ExecutorID executorId) {
        Map<String, ExecutorInfo> on = executors.get(agentId.getValue());
        return Optional.ofNullable(on == null ? null : on.get(executorId.getValue()));
    }

    public void addExecutor(AgentID agentId, ExecutorInfo executor) {
        executors.computeIfAbsent(agentId.getValue(), k -> new LinkedHashMap<>())
                .put(executor.getExecutorId().getValue(), executor);
    }

    public Optional<ExecutorInfo> removeExecutor(AgentID agentId, ExecutorID executorId) {
        Map<String, ExecutorInfo> on = executors.get(agentId.getValue());
        ExecutorInfo removed = on == null ? null : on.remove(executorId.getValue());
        if (on != null && on.isEmpty()) {
            executors.remove(agentId.getValue());
        }
        return Optional.ofNullable(removed);
    }

    /** Forgets every executor on the agent; returns them. */
    public Map<String, ExecutorInfo> removeExecutorsOn(AgentID agentId) {
        Map<String, ExecutorInfo> removed = executors.remove(agentId.getValue());
        return removed == null ? Map.of() : removed;
    }

    /** Agent id → executor id → executor, for the state endpoints. */
    public Map<String, Map<String, ExecutorInfo>> executors() {
        return executors;
    }

    /** What the framework's live tasks and executors hold on each agent. */
    public Map<AgentID, Resources> usedByAgent() {
        Map<AgentID, Resources> used = new HashMap<>();
        tasks.values().forEach(t -> {
            if (!TaskRecord.isTerminal(t.state())) {
                used.merge(t.agentId(), t.resources(), Resources::plus);
            }
        });
        executors.forEach((agent, byId) -> byId.values().forEach(e -> used.merge(
                AgentID.newBuilder().setValue(agent).build(), Resources.of(e.getResourcesList()), Resources::plus)));
        return used;
    }

    public Set<String> suppressedRoles() {
        return suppressedRoles;
    }

    public void suppressedRoles(Set<String> roles) {
        this.suppressedRoles = new HashSet<>(roles);
    }

    public Instant registeredTime() {
        return registeredTime;
    }

    public Instant reregisteredTime() {
        return reregisteredTime;
    }

    public void reregisteredTime(Instant t) {
        this.reregisteredTime = t;
    }

    public Instant unregisteredTime() {
        return unregisteredTime;
    }

    public void unregisteredTime(Instant t) {
        this.unregisteredTime = t;
    }

    public ScheduledFuture<?> failoverTimer() {
        return failoverTimer;
    }

    public void failoverTimer(ScheduledFuture<?> timer) {
        this.failoverTimer = timer;
    }

    public boolean recovered() {
        return recovered;
    }

    public void recovered(boolean recovered) {
        this.recovered = recovered;
    }

    public boolean hasCapability(FrameworkInfo.Capability.Type type) {
        return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
    }

    public boolean partitionAware() {
        return hasCapability(FrameworkInfo.Capability.Type.PARTITION_AWARE);
    }

    /** The roles the framework subscribed with: {@code roles} (MULTI_ROLE) or the deprecated {@code role}. */
    public Set<String> roles() {
        Set<String> roles = new LinkedHashSet<>(info.getRolesList());
        if (roles.isEmpty()) {
            roles.add(info.getRole());
        }
        return roles;
    }
}
