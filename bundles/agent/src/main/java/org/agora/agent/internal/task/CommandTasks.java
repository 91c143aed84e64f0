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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.agora.agent.internal.health.HealthReport;
import org.agora.agent.internal.launcher.ProcessTree;
import org.agora.agent.internal.launcher.Sandbox;
import org.agora.agent.internal.status.TaskStates;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks whose command the agent runs itself in a process of their own: command tasks (the agent plays Mesos's command
 * executor) and the tasks of the agent's default executor. Takes them on (checkpointed first for a checkpointing
 * framework), kills them, and reports every state change through the status update manager; {@link CommandProcesses}
 * launches and follows their processes. Everything here runs on the agent's actor thread; sandboxes, fetches, launches
 * and signals run on launcher threads and report back to the actor.
 *
 * <p>States, as Mesos's command executor sends them: TASK_STARTING when the launch begins, TASK_RUNNING once the
 * process runs, then TASK_FINISHED (exit 0), TASK_FAILED ("Command exited with status N", "Command terminated with
 * signal SIGX") or TASK_KILLED after a kill; TASK_KILLING when a kill begins, for frameworks with that capability.
 *
 * <p>Tasks of frameworks that checkpoint are checkpointed before they launch and survive the agent (see
 * {@link AgentTasks}).
 */
final class CommandTasks {
    private static final Logger LOG = LoggerFactory.getLogger(CommandTasks.class);

    /** What the rest of the agent hears about these tasks' lives; on the actor thread. */
    interface Events {
        /** The run produced its terminal status. */
        default void terminal(FrameworkRecord fw, TaskRun run) {
        }

        /** No process of the run is left, nor can one still appear. */
        default void gone(FrameworkRecord fw, TaskRun run) {
        }

        /** The run was forgotten: ended, gone and its end acknowledged (or its framework shut down). */
        default void completed(FrameworkRecord fw, TaskRun run) {
        }
    }

    private final AgentContext ctx;
    private final TaskKiller killer;
    private final CommandProcesses processes;
    private final TaskHealth health;
    private Events events = new Events() { };

    CommandTasks(AgentContext ctx) {
        this.ctx = ctx;
        this.killer = ctx.launcher.killer();
        this.processes = new CommandProcesses(ctx, this);
        this.health = new TaskHealth(ctx, this);
    }

    /** The tasks' health checks. */
    TaskHealth health() {
        return health;
    }

    /** Launching and following the tasks' processes, and adopting them after a restart. */
    CommandProcesses processes() {
        return processes;
    }

    void gone(FrameworkRecord fw, TaskRun run) {
        events.gone(fw, run);
    }

    void events(Events listener) {
        this.events = listener;
    }

    /** A command task (TaskInfo.command set): it gets an executor id (its task id) and a container of its own. */
    void run(FrameworkRecord fw, TaskInfo task) {
        FrameworkID frameworkId = fw.info.getId();
        ExecutorID executorId = ExecutorID.newBuilder().setValue(task.getTaskId().getValue()).build();
        ContainerID containerId = ContainerID.newBuilder().setValue(UUID.randomUUID().toString()).build();
        String invalid = TaskValidation.validate(frameworkId, task, executorId);
        Path sandbox = invalid == null
                ? Sandbox.directory(ctx.settings.workDir(), ctx.agentId(), frameworkId, executorId, containerId) : null;
        TaskRun run = new TaskRun(frameworkId, task, executorId, containerId, sandbox, userOf(fw, task));
        fw.runs.put(task.getTaskId().getValue(), run);
        if (invalid != null) {
            // what Mesos's master answers to such a task
            emit(fw, run, TaskState.TASK_ERROR, TaskStatus.Source.SOURCE_AGENT, invalid,
                    TaskStatus.Reason.REASON_TASK_INVALID);
            return;
        }
        if (fw.info.getCheckpoint()) {
            try {
                run.checkpoint = ctx.checkpoints.launching(ctx.agentId(), fw, run);
            } catch (IOException e) {
                cannotCheckpoint(fw, run, e);
                return;
            }
        }
        processes.launch(fw, run);
    }

    /**
     * Takes on a task of a default executor's group, not started yet ({@link #startInGroup}): its sandbox and
     * checkpoint lie in the executor's.
     */
    TaskRun addToGroup(FrameworkRecord fw, TaskInfo task, DefaultExecutor.TaskGroup group) {
        DefaultExecutor executor = group.executor;
        TaskRun run = new TaskRun(fw.info.getId(), task, executor.info.getExecutorId(), executor.containerId,
                Sandbox.taskDirectory(executor.sandbox, task.getTaskId()), userOf(fw, task));
        run.group = group;
        group.members.add(run);
        fw.runs.put(task.getTaskId().getValue(), run);
        if (executor.checkpoint != null) {
            try {
                ctx.checkpoints.launchingInGroup(ctx.agentId(), fw, run, executor.checkpoint);
            } catch (IOException e) {
                cannotCheckpoint(fw, run, e);
            }
        }
        return run;
    }

    /** Launches a task taken on by {@link #addToGroup}, unless it ended already (its group was killed meanwhile). */
    void startInGroup(FrameworkRecord fw, TaskRun run) {
        if (run.isTerminal()) {
            events.gone(fw, run);
            complete(fw, run);
            return;
        }
        processes.launch(fw, run);
    }

    private static String userOf(FrameworkRecord fw, TaskInfo task) {
        return task.getCommand().hasUser() ? task.getCommand().getUser() : fw.info.getUser();
    }

    private void cannotCheckpoint(FrameworkRecord fw, TaskRun run, IOException e) {
        LOG.error("Cannot checkpoint task {} of framework {}: {}", run.info.getTaskId().getValue(), fw.id(),
                e.toString());
        run.checkpoint = null;
        emit(fw, run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT,
                "Failed to launch container: cannot checkpoint the task: " + e,
                TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        events.gone(fw, run);
    }


    /** Kills the run's task: before its process starts, when it has started, or not at all once it ended. */
    void kill(FrameworkRecord fw, TaskRun run, Duration grace) {
        String taskId = run.info.getTaskId().getValue();
        switch (run.phase) {
            case PREPARING -> {
                LOG.info("Killing task {} of framework {} before it started", taskId, fw.id());
                if (run.launch != null) {
                    run.launch.cancel();
                }
                emit(fw, run, TaskState.TASK_KILLED, TaskStatus.Source.SOURCE_AGENT,
                        "Killed before delivery to the executor", TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH);
            }
            case STARTING -> run.pendingKill = run.pendingKill == null || grace.compareTo(run.pendingKill) < 0
                    ? grace : run.pendingKill;
            case RUNNING -> startKill(fw, run, grace);
            case DONE -> LOG.info("Ignoring kill of task {} of framework {}: it is already {}", taskId, fw.id(),
                    run.state);
        }
    }

    /** Kills the run's processes without a status update: its framework is shut down. */
    void shutdown(FrameworkRecord fw, TaskRun run) {
        switch (run.phase) {
            case PREPARING -> {
                run.phase = TaskRun.Phase.DONE; // a process that still appears is killed
                if (run.launch != null) {
                    run.launch.cancel();
                }
            }
            case STARTING -> run.pendingKill = ctx.gracePeriod(run.info);
            case RUNNING -> startKill(fw, run, ctx.gracePeriod(run.info));
            case DONE -> { }
        }
    }

    /** The framework acknowledged the run's terminal update. */
    void acknowledged(FrameworkRecord fw, TaskRun run) {
        if (run.isTerminal()) {
            run.terminalAcknowledged = true;
            complete(fw, run);
        }
    }

    /** Forgets the run if it is done with (see {@link #complete}); for framework shutdowns. */
    void completeIfDone(FrameworkRecord fw, TaskRun run) {
        complete(fw, run);
    }

    /**
     * The agent stops. Checkpointed tasks keep running for the next agent (in {@link RecoveryMode#RECONNECT}); every
     * other task's processes are killed at once.
     */
    void stop() {
        int kept = 0;
        int killed = 0;
        for (FrameworkRecord fw : ctx.frameworks.all()) {
            for (TaskRun run : fw.runs.values()) {
                run.cancelTimers();
                if (outlivesAgent(run)) {
                    kept += run.process != null && !run.exited ? 1 : 0;
                } else if (run.process != null && !run.exited) {
                    ProcessTree.kill(run.process, List.of());
                    killed++;
                }
            }
        }
        health.close();
        if (kept + killed > 0) {
            LOG.info("Tasks at agent stop: {} checkpointed task(s) left running for the next agent, {} killed", kept,
                    killed);
        }
    }









    // ---------------------------------------------------------------- killing

    void startKill(FrameworkRecord fw, TaskRun run, Duration grace) {
        TaskHealth.stop(run); // as Mesos's executors: no health update once a kill began
        boolean started = killer.kill(run, grace);
        if (!fw.terminating) {
            ctx.checkpoints.killing(run);
        }
        if (started && !fw.terminating && fw.hasCapability(FrameworkInfo.Capability.Type.TASK_KILLING_STATE)
                && run.state != TaskState.TASK_KILLING) {
            emit(fw, run, TaskState.TASK_KILLING, TaskStatus.Source.SOURCE_EXECUTOR, null, null);
        }
    }

    /** Whether the run's process is left running when the agent stops, for the next agent to adopt. */
    boolean outlivesAgent(TaskRun run) {
        return run.checkpoint != null && ctx.settings.recovery() == RecoveryMode.RECONNECT;
    }


    // ---------------------------------------------------------------- statuses and bookkeeping

    void emit(FrameworkRecord fw, TaskRun run, TaskState state, TaskStatus.Source source, String message,
            TaskStatus.Reason reason) {
        if (ctx.stopped) {
            // the agent is gone: a checkpointed task's end is for the next agent to find and report
            return;
        }
        AgentID agentId = ctx.agentId();
        TaskStatus status = TaskStatuses.create(run.info.getTaskId(), state, source, agentId, run.executorId,
                message, reason);
        if (state == TaskState.TASK_RUNNING && run.containerStatus != null) {
            // as Mesos's agent: TASK_RUNNING carries the container's status, its IP addresses among it
            status = status.toBuilder().setContainerStatus(run.containerStatus).build();
        }
        boolean terminal = TaskStates.isTerminal(state);
        if (terminal && (run.killedByHealthCheck != null || (run.group != null && run.group.executor.unhealthy))) {
            // as Mesos's command and default executors mark a task that ends after a health check failed it
            status = status.toBuilder().setHealthy(false).build();
        }
        status = ctx.decorated(fw, status);
        run.statuses.add(status);
        run.state = state;
        if (terminal) {
            run.phase = TaskRun.Phase.DONE;
            LOG.info("Task {} of framework {} is {}{}", run.info.getTaskId().getValue(), run.frameworkId.getValue(),
                    state, message == null ? "" : ": " + message);
        } else {
            LOG.debug("Task {} of framework {} is {}", run.info.getTaskId().getValue(), run.frameworkId.getValue(),
                    state);
        }
        ctx.report(fw, run.frameworkId, status);
        if (terminal && fw != null) {
            events.terminal(fw, run);
        }
    }

    /**
     * A change of the running task's health: TASK_RUNNING again, with the last TASK_RUNNING's fields (as Mesos's
     * executors reuse the previous status), {@code healthy} set and reason REASON_TASK_HEALTH_CHECK_STATUS_UPDATED; an
     * unhealthy one says why in its message. It replaces the earlier TASK_RUNNING among the task's statuses.
     */
    void emitHealth(FrameworkRecord fw, TaskRun run, HealthReport report) {
        if (ctx.stopped) {
            return;
        }
        TaskStatus previous = null;
        for (TaskStatus s : run.statuses) {
            if (s.getState() == TaskState.TASK_RUNNING) {
                previous = s;
            }
        }
        TaskStatus.Builder b = previous != null ? previous.toBuilder()
                : TaskStatuses.create(run.info.getTaskId(), TaskState.TASK_RUNNING,
                        TaskStatus.Source.SOURCE_EXECUTOR, ctx.agentId(), run.executorId, null, null).toBuilder();
        b.setUuid(TaskStatuses.newUuid()).setTimestamp(System.currentTimeMillis() / 1000.0)
                .setReason(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED).setHealthy(report.healthy());
        if (report.healthy()) {
            b.clearMessage();
        } else {
            b.setMessage("Health check failed " + report.consecutiveFailures() + " time(s) in a row: "
                    + report.reason());
        }
        TaskStatus status = b.build();
        run.statuses.removeIf(s -> s.getState() == TaskState.TASK_RUNNING);
        run.statuses.add(status);
        ctx.report(fw, run.frameworkId, status);
    }

    /** Forgets the run once no process of it is left and, unless its framework is shutting down, its end is acked. */
    void complete(FrameworkRecord fw, TaskRun run) {
        if (fw == null || !run.isTerminal() || !run.isGone() || !(fw.terminating || run.terminalAcknowledged)) {
            return;
        }
        if (fw.runs.remove(run.info.getTaskId().getValue()) == null) {
            return;
        }
        ctx.checkpoints.completed(run);
        if (run.group == null) {
            fw.addCompleted(run.view(ctx.agentId(), Optional.empty()));
        }
        events.completed(fw, run);
        ctx.forgetIfIdle(fw);
    }

    FrameworkRecord framework(TaskRun run) {
        return ctx.frameworks.get(run.frameworkId);
    }
}
