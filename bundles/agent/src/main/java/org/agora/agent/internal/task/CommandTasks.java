package org.agora.agent.internal.task;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.checkpoint.KillMarker;
import org.agora.agent.internal.launcher.LaunchException;
import org.agora.agent.internal.launcher.ProcessIdentity;
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
 * executor) and the tasks of the agent's default executor. Launches, kills, watches the processes end, adopts them
 * after a restart, and reports every state change through the status update manager. Everything here runs on the
 * agent's actor thread; sandboxes, fetches, launches and signals run on launcher threads and report back to the actor.
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
    private Events events = new Events() { };

    CommandTasks(AgentContext ctx) {
        this.ctx = ctx;
        this.killer = ctx.launcher.killer();
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
        launch(fw, run);
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
        launch(fw, run);
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

    private void launch(FrameworkRecord fw, TaskRun run) {
        String taskId = run.info.getTaskId().getValue();
        Optional<String> runAs;
        try {
            runAs = ctx.launcher.runAs(run.user);
        } catch (LaunchException e) {
            emit(fw, run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT,
                    "Failed to launch container: " + e.getMessage(), TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            events.gone(fw, run);
            return;
        }
        if (run.checkpoint != null) {
            ctx.updates.journal(run.frameworkId, run.info.getTaskId(), run.checkpoint);
        }
        LOG.info("Launching task {} of framework {} as {} in {}", taskId, fw.id(),
                runAs.orElse(ctx.launcher.agentUser()), run.sandbox);
        run.launchInFlight = true;
        try {
            run.launch = ctx.launcher.launch(new LaunchJob.Request(run.info.getCommand(), run.sandbox, runAs,
                    run.mesosVariables(ctx.agentId(), ctx.agentEndpoint), Optional.ofNullable(run.checkpoint),
                    run.group != null), listener(run));
        } catch (RejectedExecutionException e) {
            run.launchInFlight = false;
            emit(fw, run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT,
                    "Failed to launch container: the agent is stopping",
                    TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            events.gone(fw, run);
        }
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
        if (kept + killed > 0) {
            LOG.info("Tasks at agent stop: {} checkpointed task(s) left running for the next agent, {} killed", kept,
                    killed);
        }
    }

    // ---------------------------------------------------------------- launch progress, on the actor

    private LaunchJob.Listener listener(TaskRun run) {
        return new LaunchJob.Listener() {
            @Override
            public void starting() {
                ctx.post(() -> onStarting(run));
            }

            @Override
            public void started(Process process) {
                // the agent stopped meanwhile: a checkpointed task's pid is recorded, the next agent adopts it
                if (!ctx.post(() -> onStarted(run, process.toHandle())) && !outlivesAgent(run)) {
                    ProcessTree.kill(process.toHandle(), List.of());
                }
            }

            @Override
            public void exited(int exitValue) {
                ctx.post(() -> onExited(run, exitValue));
            }

            @Override
            public void failed(String message) {
                ctx.post(() -> onLaunchFailed(run, message));
            }
        };
    }

    private void onStarting(TaskRun run) {
        if (run.phase == TaskRun.Phase.PREPARING) {
            run.phase = TaskRun.Phase.STARTING;
            emit(framework(run), run, TaskState.TASK_STARTING, TaskStatus.Source.SOURCE_EXECUTOR, null, null);
        }
    }

    private void onStarted(TaskRun run, ProcessHandle process) {
        run.launchInFlight = false;
        run.process = process;
        FrameworkRecord fw = framework(run);
        if (ctx.stopped && outlivesAgent(run)) {
            return; // the next agent adopts it
        }
        if (ctx.stopped || run.phase == TaskRun.Phase.DONE) {
            // killed or shut down before the process appeared
            killer.killNow(process);
            return;
        }
        run.phase = TaskRun.Phase.RUNNING;
        LOG.debug("Task {} of framework {} runs as pid {}", run.info.getTaskId().getValue(), run.frameworkId.getValue(),
                process.pid());
        emit(fw, run, TaskState.TASK_RUNNING, TaskStatus.Source.SOURCE_EXECUTOR, null, null);
        if (run.pendingKill != null) {
            startKill(fw, run, run.pendingKill);
        } else if (run.info.getMaxCompletionTime().getNanoseconds() > 0) {
            long nanos = run.info.getMaxCompletionTime().getNanoseconds();
            run.completionTimer = ctx.actor.schedule(() -> completionTimeReached(run), nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void onLaunchFailed(TaskRun run, String message) {
        run.launchInFlight = false;
        FrameworkRecord fw = framework(run);
        if (run.phase != TaskRun.Phase.DONE) {
            LOG.warn("Task {} of framework {} failed to launch: {}", run.info.getTaskId().getValue(),
                    run.frameworkId.getValue(), message);
            if (run.pendingKill != null) {
                emit(fw, run, TaskState.TASK_KILLED, TaskStatus.Source.SOURCE_AGENT,
                        "Killed before the command started (" + message + ")",
                        TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH);
            } else {
                emit(fw, run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT,
                        "Failed to launch container: " + message, TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            }
        }
        events.gone(fw, run);
        complete(fw, run);
    }

    /** @param exitValue null when unknown: an adopted process whose wrapper recorded no status */
    private void onExited(TaskRun run, Integer exitValue) {
        run.exited = true;
        run.cancelTimers();
        killer.exited(run);
        FrameworkRecord fw = framework(run);
        if (run.phase != TaskRun.Phase.DONE) {
            reportEnd(fw, run, exitValue);
        }
        events.gone(fw, run);
        complete(fw, run);
    }

    /** The terminal status of a task whose process ended with {@code exitValue} (null: unknown). */
    private void reportEnd(FrameworkRecord fw, TaskRun run, Integer exitValue) {
        if (exitValue == null && !run.killing) {
            // what a Mesos agent reports for an executor whose termination it only observed (Slave::
            // sendExecutorTerminatedStatusUpdate): the wrapper was killed, or the task never got to run
            emit(fw, run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT,
                    "Executor terminated: the task's process ended without recording an exit status",
                    TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
            return;
        }
        TaskState state;
        TaskStatus.Reason reason = null;
        if (run.killedForCompletionTime) {
            state = TaskState.TASK_FAILED;
            reason = TaskStatus.Reason.REASON_MAX_COMPLETION_TIME_REACHED;
        } else if (run.killing) {
            state = TaskState.TASK_KILLED;
        } else {
            state = exitValue == 0 ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED;
        }
        emit(fw, run, state, TaskStatus.Source.SOURCE_EXECUTOR,
                exitValue == null ? "Command killed" : TaskStatuses.exitMessage(exitValue), reason);
    }

    // ---------------------------------------------------------------- recovery

    /** A recovered task's process still runs: watch it as if this agent had started it. */
    void adopted(FrameworkRecord fw, TaskRun run, ProcessHandle process, ProcessIdentity identity,
            Optional<KillMarker> kill) {
        run.process = process;
        ctx.launcher.exitWatcher().watch(identity, () -> {
            Optional<Integer> status = Sandbox.readExitStatus(run.sandbox);
            ctx.post(() -> onExited(run, status.orElse(null)));
        });
        LOG.info("Adopted task {} of framework {}: pid {} still runs", run.info.getTaskId().getValue(), fw.id(),
                process.pid());
        if (run.state == TaskState.TASK_STAGING || run.state == TaskState.TASK_STARTING) {
            // the agent stopped between starting the process and reporting it
            emit(fw, run, TaskState.TASK_RUNNING, TaskStatus.Source.SOURCE_EXECUTOR, null, null);
        }
        if (kill.isPresent()) {
            run.killedForCompletionTime = kill.get().maxCompletionTime();
            long left = Math.max(0, kill.get().deadlineEpochMillis() - System.currentTimeMillis());
            startKill(fw, run, Duration.ofMillis(left));
        } else if (ctx.settings.recovery() == RecoveryMode.CLEANUP) {
            LOG.info("Killing adopted task {} of framework {}: the agent recovers in cleanup mode",
                    run.info.getTaskId().getValue(), fw.id());
            startKill(fw, run, ctx.gracePeriod(run.info));
        } else if (run.info.getMaxCompletionTime().getNanoseconds() > 0) {
            Duration max = Duration.ofNanos(run.info.getMaxCompletionTime().getNanoseconds());
            Duration ran = process.info().startInstant().map(t -> Duration.between(t, Instant.now()))
                    .orElse(Duration.ZERO);
            long left = Math.max(0, max.minus(ran).toNanos());
            run.completionTimer = ctx.actor.schedule(() -> completionTimeReached(run), left, TimeUnit.NANOSECONDS);
        }
    }

    /** A recovered task's process ended while no agent ran. */
    void endedWhileDown(FrameworkRecord fw, TaskRun run, Optional<Integer> exitStatus, Optional<KillMarker> kill) {
        run.exited = true;
        LOG.info("Task {} of framework {} ended while the agent was down{}", run.info.getTaskId().getValue(),
                fw.id(), exitStatus.map(s -> " with status " + s).orElse(", recording no exit status"));
        if (kill.isPresent()) {
            run.killing = true;
            run.killedForCompletionTime = kill.get().maxCompletionTime();
        }
        reportEnd(fw, run, exitStatus.orElse(null));
        events.gone(fw, run);
    }

    // ---------------------------------------------------------------- killing

    private void startKill(FrameworkRecord fw, TaskRun run, Duration grace) {
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
    private boolean outlivesAgent(TaskRun run) {
        return run.checkpoint != null && ctx.settings.recovery() == RecoveryMode.RECONNECT;
    }

    private void completionTimeReached(TaskRun run) {
        run.completionTimer = null;
        if (run.exited || run.killing || run.phase != TaskRun.Phase.RUNNING) {
            return;
        }
        LOG.info("Task {} of framework {} reached its max completion time", run.info.getTaskId().getValue(),
                run.frameworkId.getValue());
        run.killedForCompletionTime = true;
        startKill(framework(run), run, Duration.ZERO);
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
        run.statuses.add(status);
        run.state = state;
        boolean terminal = TaskStates.isTerminal(state);
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

    /** Forgets the run once no process of it is left and, unless its framework is shutting down, its end is acked. */
    private void complete(FrameworkRecord fw, TaskRun run) {
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

    private FrameworkRecord framework(TaskRun run) {
        return ctx.frameworks.get(run.frameworkId);
    }
}
