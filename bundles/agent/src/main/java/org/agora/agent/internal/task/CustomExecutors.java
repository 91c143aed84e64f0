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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.launcher.Sandbox;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.KillPolicy;
import org.agora.api.v1.Protos.TaskGroupInfo;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frameworks' own executors: the agent starts the executor's command (same sandbox, fetcher and user switching as
 * command tasks, with the executor environment Mesos sets), queues its tasks until it subscribes to the executor API,
 * then hands them over (LAUNCH, LAUNCH_GROUP) and passes kills, messages and SHUTDOWN on. An executor that does not
 * subscribe within the registration timeout is killed; when an executor's process ends, its tasks that have not ended
 * fail (TASK_FAILED, REASON_EXECUTOR_TERMINATED, from the agent) and the master frees its resources. The API calls
 * themselves are {@link ExecutorApiCalls}'. Actor thread only.
 */
final class CustomExecutors {
    private static final Logger LOG = LoggerFactory.getLogger(CustomExecutors.class);

    private final AgentContext ctx;
    private final ExecutorSettings settings;
    private final ExecutorProcesses processes;

    CustomExecutors(AgentContext ctx) {
        this.ctx = ctx;
        this.settings = ctx.settings.executors();
        this.processes = new ExecutorProcesses(ctx, this);
    }

    /** Starting, ending and recovering the executors' processes. */
    ExecutorProcesses processes() {
        return processes;
    }

    // ---------------------------------------------------------------- from the master

    /** A task for a custom executor (TaskInfo.executor set). */
    void runTask(FrameworkRecord fw, TaskInfo task) {
        run(fw, task.getExecutor(), List.of(task), false);
    }

    /** A task group for a custom executor: it gets the group as one LAUNCH_GROUP event. */
    void runGroup(FrameworkRecord fw, ExecutorInfo executor, TaskGroupInfo group) {
        List<TaskInfo> tasks = new ArrayList<>(group.getTasksCount());
        group.getTasksList().forEach(t -> tasks.add(t.toBuilder().setExecutor(executor).build()));
        run(fw, executor, tasks, true);
    }

    private void run(FrameworkRecord fw, ExecutorInfo info, List<TaskInfo> tasks, boolean group) {
        String invalid = null;
        for (TaskInfo t : tasks) {
            String problem = TaskValidation.validate(fw.info.getId(), t.toBuilder().clearExecutor()
                    .setCommand(info.getCommand()).build(), info.getExecutorId());
            invalid = invalid != null ? invalid : problem;
        }
        ExecutorRun executor = fw.executors.get(info.getExecutorId().getValue());
        if (invalid == null && executor != null && !executor.info.equals(info)) {
            invalid = "ExecutorInfo is not compatible with the running executor '" + executor.id() + "'";
        }
        if (invalid != null) {
            refuse(fw, tasks, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID, invalid);
            return;
        }
        if (executor != null && executor.state == ExecutorRun.State.TERMINATING) {
            refuse(fw, tasks, fw.hasCapability(FrameworkInfo.Capability.Type.PARTITION_AWARE)
                    ? TaskState.TASK_DROPPED : TaskState.TASK_LOST, TaskStatus.Reason.REASON_EXECUTOR_TERMINATED,
                    "Executor '" + executor.id() + "' is terminating");
            return;
        }
        boolean start = executor == null;
        if (start) {
            executor = create(fw, info);
        }
        enqueue(fw, executor, tasks, group);
        if (start) {
            processes.start(fw, executor);
        } else if (executor.state == ExecutorRun.State.RUNNING) {
            deliver(executor);
        }
    }

    /** Statuses for tasks the agent does not take on; none of them is tracked. */
    private void refuse(FrameworkRecord fw, List<TaskInfo> tasks, TaskState state, TaskStatus.Reason reason,
            String message) {
        LOG.warn("Refusing {} task(s) of framework {}: {}", tasks.size(), fw.id(), message);
        for (TaskInfo t : tasks) {
            ctx.report(fw, fw.info.getId(), TaskStatuses.create(t.getTaskId(), state, TaskStatus.Source.SOURCE_AGENT,
                    ctx.agentId(), t.getExecutor().getExecutorId(), message, reason));
        }
        ctx.forgetIfIdle(fw);
    }

    private ExecutorRun create(FrameworkRecord fw, ExecutorInfo info) {
        ContainerID containerId = ContainerID.newBuilder().setValue(UUID.randomUUID().toString()).build();
        Path sandbox = Sandbox.directory(ctx.settings.workDir(), ctx.agentId(), fw.info.getId(),
                info.getExecutorId(), containerId);
        String user = info.getCommand().hasUser() ? info.getCommand().getUser() : fw.info.getUser();
        ExecutorRun executor = new ExecutorRun(fw.info.getId(), info, containerId, sandbox, user);
        fw.executors.put(executor.id(), executor);
        return executor;
    }

    private void enqueue(FrameworkRecord fw, ExecutorRun executor, List<TaskInfo> tasks, boolean group) {
        List<ExecutorTask> queued = new ArrayList<>(tasks.size());
        for (TaskInfo info : tasks) {
            ExecutorTask t = new ExecutorTask(info);
            executor.tasks.put(t.id(), t);
            fw.executorTasks.put(t.id(), executor);
            queued.add(t);
        }
        if (fw.info.getCheckpoint()) {
            try {
                if (executor.checkpoint == null) {
                    executor.checkpoint = ctx.checkpoints.launchingExecutor(ctx.agentId(), fw, executor.info,
                            executor.containerId);
                }
                for (ExecutorTask t : queued) {
                    t.checkpoint = ctx.checkpoints.queued(executor.checkpoint, t.info);
                    ctx.updates.journal(fw.info.getId(), t.info.getTaskId(), t.checkpoint);
                }
            } catch (IOException e) {
                LOG.error("Cannot checkpoint tasks of executor {} of framework {}: {}", executor.id(), fw.id(),
                        e.toString());
                for (ExecutorTask t : queued) {
                    emit(fw, executor, t, TaskState.TASK_FAILED, TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED,
                            "Failed to launch container: cannot checkpoint the task: " + e);
                }
                if (executor.state == ExecutorRun.State.LAUNCHING && executor.launch == null) {
                    executor.endMessage = "cannot checkpoint";
                    processes.terminated(fw, executor, null);
                }
                return;
            }
        }
        executor.undelivered.add(new ExecutorRun.Delivery(queued, group));
    }








    // ---------------------------------------------------------------- kills, shutdowns, messages

    /** KILL of one of the executor's tasks: passed on once the executor has it, else the task is dropped here. */
    void kill(FrameworkRecord fw, ExecutorRun executor, ExecutorTask task, KillPolicy policy) {
        if (task.isTerminal()) {
            LOG.info("Ignoring kill of task {} of framework {}: it is already {}", task.id(), fw.id(), task.state);
            return;
        }
        if (!task.delivered) {
            executor.undelivered.forEach(d -> d.tasks().remove(task));
            executor.undelivered.removeIf(d -> d.tasks().isEmpty());
            emit(fw, executor, task, TaskState.TASK_KILLED, TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH,
                    "Killed before delivery to the executor");
            if (executor.state != ExecutorRun.State.RUNNING && executor.tasks.values().stream()
                    .allMatch(ExecutorTask::isTerminal)) {
                // as Mesos: an executor that never got a task is not left waiting for one
                shutdown(fw, executor);
            }
            return;
        }
        Event.Kill.Builder kill = Event.Kill.newBuilder().setTaskId(task.info.getTaskId());
        if (policy != null) {
            kill.setKillPolicy(policy);
        }
        send(executor, Event.newBuilder().setType(Event.Type.KILL).setKill(kill).build());
    }

    /** Shuts the executor down: SHUTDOWN, then its process tree is killed after its shutdown grace period. */
    void shutdown(FrameworkRecord fw, ExecutorRun executor) {
        if (executor.state == ExecutorRun.State.TERMINATED) {
            return;
        }
        executor.shutdownRequested = true;
        ExecutorRun.State was = executor.state;
        executor.state = ExecutorRun.State.TERMINATING;
        if (was == ExecutorRun.State.LAUNCHING) {
            if (executor.launch != null) {
                executor.launch.cancel(); // a process that still appears is killed when it does
            }
            return;
        }
        if (executor.connection == null) {
            LOG.info("Shutting down executor {} of framework {}: not subscribed, killing it", executor.id(), fw.id());
            if (executor.process != null) {
                ctx.launcher.killer().killNow(executor.process);
            }
            return;
        }
        if (was == ExecutorRun.State.TERMINATING) {
            return;
        }
        Duration grace = ExecutorEnvironment.shutdownGracePeriod(executor, settings);
        LOG.info("Shutting down executor {} of framework {}; killing it in {} ms", executor.id(), fw.id(),
                grace.toMillis());
        send(executor, Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
        executor.shutdownTimer = ctx.actor.schedule(() -> {
            executor.shutdownTimer = null;
            if (executor.state != ExecutorRun.State.TERMINATED) {
                LOG.info("Executor {} of framework {} outlived its shutdown grace period: killing it",
                        executor.id(), executor.frameworkId.getValue());
                ctx.launcher.killer().killNow(executor.process);
            }
        }, grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A scheduler's MESSAGE for the executor: passed on if it is subscribed (unreliable, as in Mesos). */
    void frameworkMessage(ExecutorRun executor, com.google.protobuf.ByteString data) {
        if (executor.connection == null) {
            LOG.info("Dropping a framework message of {} bytes for executor {} of framework {}: it is not "
                    + "subscribed", data.size(), executor.id(), executor.frameworkId.getValue());
            return;
        }
        send(executor, Event.newBuilder().setType(Event.Type.MESSAGE)
                .setMessage(Event.Message.newBuilder().setData(data)).build());
    }

    /** The framework acknowledged the task's terminal update: the task is forgotten. */
    void acknowledged(FrameworkRecord fw, ExecutorRun executor, ExecutorTask task) {
        if (task.isTerminal()) {
            forget(fw, executor, task);
            completeIfDone(fw, executor);
        }
    }



    // ---------------------------------------------------------------- to the executor

    /** Hands the executor the tasks queued for it, in order. */
    void deliver(ExecutorRun executor) {
        while (!executor.undelivered.isEmpty() && executor.connection != null) {
            ExecutorRun.Delivery d = executor.undelivered.removeFirst();
            if (d.group()) {
                TaskGroupInfo.Builder g = TaskGroupInfo.newBuilder();
                d.tasks().forEach(t -> g.addTasks(t.info));
                send(executor, Event.newBuilder().setType(Event.Type.LAUNCH_GROUP)
                        .setLaunchGroup(Event.LaunchGroup.newBuilder().setTaskGroup(g)).build());
            } else {
                d.tasks().forEach(t -> send(executor, Event.newBuilder().setType(Event.Type.LAUNCH)
                        .setLaunch(Event.Launch.newBuilder().setTask(t.info)).build()));
            }
            d.tasks().forEach(t -> t.delivered = true);
        }
    }

    void send(ExecutorRun executor, Event event) {
        if (executor.connection == null) {
            LOG.warn("Dropping {} for executor {} of framework {}: it is not connected", event.getType(),
                    executor.id(), executor.frameworkId.getValue());
            return;
        }
        executor.connection.send(event);
    }

    // ---------------------------------------------------------------- statuses and bookkeeping

    /** A status the agent makes for one of the executor's tasks. */
    void emit(FrameworkRecord fw, ExecutorRun executor, ExecutorTask task, TaskState state, TaskStatus.Reason reason,
            String message) {
        TaskStatus status = ctx.decorated(fw, TaskStatuses.create(task.info.getTaskId(), state,
                TaskStatus.Source.SOURCE_AGENT, ctx.agentId(), executor.info.getExecutorId(), message, reason));
        if (ctx.stopped) {
            return;
        }
        task.record(status);
        LOG.info("Task {} of executor {} of framework {} is {}: {}", task.id(), executor.id(), fw.id(), state,
                message);
        ctx.report(fw, fw.info.getId(), status);
        if (fw.terminating) {
            forget(fw, executor, task);
        }
    }

    void forget(FrameworkRecord fw, ExecutorRun executor, ExecutorTask task) {
        if (executor.tasks.remove(task.id()) == null) {
            return;
        }
        fw.executorTasks.remove(task.id(), executor);
        executor.addCompleted(task.toTask(ctx.agentId(), fw.info.getId(), executor.user, Optional.empty()));
        if (task.checkpoint != null) {
            try {
                task.checkpoint.delete();
            } catch (IOException e) {
                LOG.warn("Cannot remove the checkpoint of task {}: {}", task.id(), e.toString());
            }
        }
    }

    /** An executor whose process ended and whose tasks are all forgotten is done with. */
    void completeIfDone(FrameworkRecord fw, ExecutorRun executor) {
        if (executor.state != ExecutorRun.State.TERMINATED || !executor.tasks.isEmpty()) {
            return;
        }
        ctx.checkpoints.executorCompleted(executor.checkpoint, "executor " + executor.id());
        executor.checkpoint = null;
        fw.addCompleted(TaskViews.executor(executor, ctx.agentId(), id -> Optional.empty()));
        ctx.forgetIfIdle(fw);
    }

}
