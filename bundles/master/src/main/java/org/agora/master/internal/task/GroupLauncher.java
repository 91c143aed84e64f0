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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.RunTaskGroup;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskGroupInfo;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.master.internal.agent.AgentLinks;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.framework.Statuses;
import org.agora.master.internal.framework.TaskRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LAUNCH_GROUP operation: a task group and the executor that runs it, validated together as Mesos does: one
 * invalid task, or an invalid executor, fails every task of the group (TASK_ERROR, REASON_TASK_GROUP_INVALID). The
 * executor's resources count against the offer the first time the framework starts that executor on the agent.
 * Actor thread only.
 */
final class GroupLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(GroupLauncher.class);

    private final Launcher launcher;
    private final AgentLinks agents;
    private final TaskManager taskManager;

    GroupLauncher(Launcher launcher, AgentLinks agents, TaskManager tasks) {
        this.launcher = launcher;
        this.agents = agents;
        this.taskManager = tasks;
    }

    /** Launches the group from {@code available}; the resources it took, or empty when it was refused. */
    Optional<Resources> launch(FrameworkRecord f, Offer offer, Offer.Operation.LaunchGroup op, Resources available,
            Set<String> idsInThisAccept) {
        String role = offer.getAllocationInfo().getRole();
        AgentID agentId = offer.getAgentId();
        ExecutorInfo executor = ExecutorChecks.complete(op.getExecutor(), f.id(), role);
        List<TaskInfo> tasks = new ArrayList<>(op.getTaskGroup().getTasksCount());
        for (TaskInfo t : op.getTaskGroup().getTasksList()) {
            tasks.add(Launcher.withAllocationRole(t, role));
        }
        Optional<ExecutorInfo> existing = f.executor(agentId, executor.getExecutorId());
        Optional<String> error = validateTasks(f, agentId, executor, tasks, idsInThisAccept)
                .or(() -> ExecutorChecks.validate(executor, f.id(), existing))
                .or(() -> ExecutorChecks.forGroup(executor));
        // summed only once every resource is known to be well formed
        Resources needed = Resources.empty();
        if (error.isEmpty()) {
            needed = existing.isPresent() ? Resources.empty() : Resources.of(executor.getResourcesList());
            for (TaskInfo t : tasks) {
                needed = needed.plus(Resources.of(t.getResourcesList()));
            }
        }
        if (error.isEmpty() && !available.contains(needed)) {
            error = Optional.of("Total resources " + needed + " required by task group and its executor are more "
                    + "than available " + available);
        }
        for (int i = 0; i < tasks.size() && error.isEmpty(); i++) {
            TaskInfo withExecutor = tasks.get(i).toBuilder().setExecutor(executor).build();
            String id = tasks.get(i).getTaskId().getValue();
            error = launcher.runAsAllowed(f, withExecutor).map(e -> "Task '" + id + "' is invalid: " + e);
        }
        List<TaskInfo> decorated = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size() && error.isEmpty(); i++) {
            Launcher.HookResult hooked = launcher.runHooks(f, tasks.get(i));
            error = hooked.error().map(e -> "Task '" + hooked.task().getTaskId().getValue() + "' is invalid: " + e);
            decorated.add(hooked.task());
        }
        if (error.isPresent()) {
            LOG.info("Framework {}: task group of executor {} refused: {}", f.idValue(),
                    executor.getExecutorId().getValue(), error.get());
            for (TaskInfo t : tasks) {
                taskManager.refuse(f, Statuses.master(t.getTaskId(), agentId, TaskState.TASK_ERROR,
                        TaskStatus.Reason.REASON_TASK_GROUP_INVALID, error.get()));
            }
            return Optional.empty();
        }
        if (existing.isEmpty()) {
            f.addExecutor(agentId, executor);
        }
        TaskGroupInfo.Builder group = TaskGroupInfo.newBuilder();
        List<TaskRecord> records = new ArrayList<>(decorated.size());
        for (TaskInfo t : decorated) {
            group.addTasks(t.toBuilder().clearExecutor());
            records.add(launcher.record(f, agentId, t, executor.getExecutorId(), idsInThisAccept));
        }
        boolean sent = agents.send(agentId, Envelope.newBuilder().setRunTaskGroup(RunTaskGroup.newBuilder()
                .setFramework(f.info()).setExecutor(executor).setTaskGroup(group)).build());
        if (!sent) {
            records.forEach(r -> launcher.lost(f, r));
        }
        return Optional.of(needed);
    }

    /** Every task alone, then as a member of the group; the first problem, naming its task. */
    private static Optional<String> validateTasks(FrameworkRecord f, AgentID agentId, ExecutorInfo executor,
            List<TaskInfo> tasks, Set<String> idsInThisAccept) {
        if (tasks.isEmpty()) {
            return Optional.of("Task group is empty");
        }
        Set<String> ids = new HashSet<>(idsInThisAccept);
        for (TaskInfo t : tasks) {
            Optional<String> error = TaskChecks.validate(f, agentId, t, ids);
            if (error.isEmpty() && t.hasExecutor() && !ExecutorChecks.complete(t.getExecutor(), f.id(),
                    roleOf(executor)).equals(executor)) {
                error = Optional.of("The ExecutorInfo of task '" + t.getTaskId().getValue()
                        + "' is different from executor '" + executor.getExecutorId().getValue() + "'");
            }
            if (error.isEmpty() && executor.getType() == ExecutorInfo.Type.DEFAULT && !t.hasCommand()) {
                // the default executor runs each task's command; Agora runs no container images yet
                error = Optional.of("'TaskInfo.command' must be set for tasks of a 'DEFAULT' executor");
            }
            if (error.isPresent()) {
                return Optional.of("Task '" + t.getTaskId().getValue() + "' is invalid: " + error.get());
            }
            ids.add(t.getTaskId().getValue());
        }
        return Optional.empty();
    }

    private static String roleOf(ExecutorInfo executor) {
        return executor.getResourcesCount() == 0 ? "*" : executor.getResources(0).getAllocationInfo().getRole();
    }
}
