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
package org.agora.agent.internal.task;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.agora.agent.internal.launcher.Sandbox;
import org.agora.api.channel.Channel.ExecutorEnded;
import org.agora.api.channel.Channel.RunTaskGroup;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's default executor (Mesos's {@code mesos-default-executor}, played by the agent itself so that a task
 * group costs no executor process): every task of a group runs its command as a {@link TaskRun}, and the group lives
 * and dies together, as Mesos's default executor has it: when one task fails or is killed, the others are killed
 * (TASK_KILLED), and a KILL of one task kills its whole group. The executor ends, and the master frees its resources,
 * once none of its tasks runs. Actor thread only.
 */
final class TaskGroups implements CommandTasks.Events {
    private static final Logger LOG = LoggerFactory.getLogger(TaskGroups.class);

    private final AgentContext ctx;
    private final CommandTasks commands;

    TaskGroups(AgentContext ctx, CommandTasks commands) {
        this.ctx = ctx;
        this.commands = commands;
    }

    /** LAUNCH_GROUP for a DEFAULT executor: starts it if it does not run yet, then every task of the group. */
    void run(FrameworkRecord fw, RunTaskGroup m) {
        ExecutorInfo info = m.getExecutor();
        FrameworkID frameworkId = fw.info.getId();
        List<TaskInfo> tasks = new ArrayList<>();
        String invalid = null;
        for (TaskInfo t : m.getTaskGroup().getTasksList()) {
            String problem = TaskValidation.validate(frameworkId, t, info.getExecutorId());
            invalid = invalid != null ? invalid : problem == null ? null
                    : "Task '" + t.getTaskId().getValue() + "' is invalid: " + problem;
            tasks.add(t.toBuilder().setExecutor(info).build());
        }
        DefaultExecutor executor = fw.defaultExecutors.get(info.getExecutorId().getValue());
        if (invalid == null && executor != null && !executor.info.equals(info)) {
            invalid = "ExecutorInfo is not compatible with the running executor '" + executor.id() + "'";
        }
        if (invalid != null) {
            refuse(fw, tasks, invalid, TaskStatus.Reason.REASON_TASK_GROUP_INVALID);
            return;
        }
        List<String> networks = TaskValidation.cniNetworks(info);
        if (!networks.isEmpty()) {
            // Mesos puts the executor and all its tasks in one network namespace; here each task is a container of
            // its own, so the group would run in the host's network: refused rather than run where it did not ask
            refuse(fw, tasks, "Failed to launch container: executor " + info.getExecutorId().getValue() + " names CNI "
                    + "networks " + networks + ": task groups whose executor joins CNI networks are not supported yet "
                    + "(a task of the group may name networks in its own ContainerInfo)",
                    TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            return;
        }
        if (executor == null) {
            executor = start(fw, info, tasks);
            if (executor == null) {
                return;
            }
        }
        DefaultExecutor.TaskGroup group = new DefaultExecutor.TaskGroup(UUID.randomUUID().toString(), executor);
        executor.groups.put(group.id, group);
        executor.starting = true;
        List<TaskRun> runs = new ArrayList<>(tasks.size());
        for (TaskInfo t : tasks) {
            runs.add(commands.addToGroup(fw, t, group));
        }
        LOG.info("Launching a group of {} task(s) of framework {} in default executor {}", runs.size(), fw.id(),
                executor.id());
        for (TaskRun r : runs) {
            commands.startInGroup(fw, r);
        }
        executor.starting = false;
        checkEnded(fw, executor);
    }

    private DefaultExecutor start(FrameworkRecord fw, ExecutorInfo info, List<TaskInfo> tasks) {
        ContainerID containerId = ContainerID.newBuilder().setValue(UUID.randomUUID().toString()).build();
        DefaultExecutor executor = new DefaultExecutor(fw.info.getId(), info, containerId, Sandbox.directory(
                ctx.settings.workDir(), ctx.agentId(), fw.info.getId(), info.getExecutorId(), containerId));
        if (fw.info.getCheckpoint()) {
            try {
                executor.checkpoint = ctx.checkpoints.launchingExecutor(ctx.agentId(), fw, info, containerId);
            } catch (IOException e) {
                LOG.error("Cannot checkpoint default executor {} of framework {}: {}", executor.id(), fw.id(),
                        e.toString());
                refuse(fw, tasks, "Failed to launch container: cannot checkpoint the executor: " + e,
                        TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
                ctx.master.executorEnded(ExecutorEnded.newBuilder().setFrameworkId(fw.info.getId())
                        .setExecutorId(info.getExecutorId()).build());
                return null;
            }
        }
        fw.defaultExecutors.put(executor.id(), executor);
        LOG.info("Default executor {} of framework {} started in {}", executor.id(), fw.id(), executor.sandbox);
        return executor;
    }

    /** Reports a group that cannot run at all: every task TASK_ERROR or TASK_FAILED, none of them tracked. */
    private void refuse(FrameworkRecord fw, List<TaskInfo> tasks, String message, TaskStatus.Reason reason) {
        LOG.warn("Refusing a task group of framework {}: {}", fw.id(), message);
        TaskState state = reason == TaskStatus.Reason.REASON_TASK_GROUP_INVALID ? TaskState.TASK_ERROR
                : TaskState.TASK_FAILED;
        for (TaskInfo t : tasks) {
            ctx.report(fw, fw.info.getId(), TaskStatuses.create(t.getTaskId(), state, TaskStatus.Source.SOURCE_AGENT,
                    ctx.agentId(), t.getExecutor().getExecutorId(), message, reason));
        }
        ctx.forgetIfIdle(fw);
    }

    /** A KILL of one task of a group kills the group: that task with the kill's grace period, the rest with theirs. */
    void kill(FrameworkRecord fw, TaskRun run, Duration grace) {
        DefaultExecutor.TaskGroup group = run.group;
        group.killing = true;
        commands.kill(fw, run, grace);
        killOthers(fw, group, run);
    }

    @Override
    public void terminal(FrameworkRecord fw, TaskRun run) {
        DefaultExecutor.TaskGroup group = run.group;
        if (group == null || group.killing || run.state == TaskState.TASK_FINISHED || fw.terminating) {
            return;
        }
        LOG.info("Task {} of framework {} is {}: killing the rest of its group in default executor {}",
                run.info.getTaskId().getValue(), fw.id(), run.state, group.executor.id());
        group.killing = true;
        killOthers(fw, group, run);
    }

    private void killOthers(FrameworkRecord fw, DefaultExecutor.TaskGroup group, TaskRun except) {
        for (TaskRun other : List.copyOf(group.members)) {
            if (other != except && !other.isTerminal()) {
                commands.kill(fw, other, ctx.gracePeriod(other.info));
            }
        }
    }

    @Override
    public void gone(FrameworkRecord fw, TaskRun run) {
        if (run.group != null) {
            checkEnded(fw, run.group.executor);
        }
    }

    /** No task of the executor runs any more: it ends, and the master frees its resources. */
    private void checkEnded(FrameworkRecord fw, DefaultExecutor executor) {
        if (executor.ended || executor.starting || !executor.allDone() || ctx.stopped) {
            return;
        }
        executor.ended = true;
        fw.defaultExecutors.remove(executor.id(), executor);
        LOG.info("Default executor {} of framework {} has no task left and ends", executor.id(), fw.id());
        ctx.master.executorEnded(ExecutorEnded.newBuilder().setFrameworkId(fw.info.getId())
                .setExecutorId(executor.info.getExecutorId()).build());
        checkCompleted(fw, executor);
    }

    @Override
    public void completed(FrameworkRecord fw, TaskRun run) {
        if (run.group != null) {
            checkCompleted(fw, run.group.executor);
        }
    }

    /** An ended executor none of whose tasks is left to acknowledge: its checkpoint goes. */
    private void checkCompleted(FrameworkRecord fw, DefaultExecutor executor) {
        boolean left = executor.runs().stream().anyMatch(r -> fw.runs.get(r.info.getTaskId().getValue()) == r);
        if (executor.ended && !left) {
            ctx.checkpoints.executorCompleted(executor.checkpoint, "default executor " + executor.id());
            executor.checkpoint = null;
        }
    }

    /** A recovered default executor's task (after an agent restart): back in its executor and group. */
    DefaultExecutor.TaskGroup recovered(FrameworkRecord fw, ExecutorInfo info, ContainerID containerId,
            String groupId) {
        DefaultExecutor executor = fw.defaultExecutors.get(info.getExecutorId().getValue());
        if (executor == null) {
            executor = new DefaultExecutor(fw.info.getId(), info, containerId, Sandbox.directory(
                    ctx.settings.workDir(), ctx.agentId(), fw.info.getId(), info.getExecutorId(), containerId));
            executor.checkpoint = ctx.checkpoints.layout().executor(ctx.agentId(), fw.info.getId(),
                    info.getExecutorId(), containerId);
            fw.defaultExecutors.put(executor.id(), executor);
        }
        DefaultExecutor found = executor;
        return executor.groups.computeIfAbsent(groupId, id -> new DefaultExecutor.TaskGroup(id, found));
    }

    /** After recovery: executors whose tasks all ended while the agent was down end now. */
    void recoveryDone() {
        for (FrameworkRecord fw : ctx.frameworks.all()) {
            for (DefaultExecutor executor : List.copyOf(fw.defaultExecutors.values())) {
                checkEnded(fw, executor);
            }
        }
    }
}
