package org.agora.agent.internal.task;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.agora.agent.internal.checkpoint.KillMarker;
import org.agora.agent.internal.launcher.LaunchException;
import org.agora.agent.internal.launcher.ProcessIdentity;
import org.agora.agent.internal.launcher.ProcessTree;
import org.agora.agent.internal.launcher.Sandbox;
import org.agora.agent.internal.status.DurableStatusUpdateManager;
import org.agora.agent.internal.status.StatusUpdateManager;
import org.agora.agent.internal.status.TaskStates;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.FrameworkMessage;
import org.agora.api.channel.Channel.KillTask;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.channel.Channel.RunTask;
import org.agora.api.channel.Channel.StatusUpdateAcknowledgement;
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
 * The agent's command tasks: runs each task's command in a process of its own (no executor process, the agent plays
 * Mesos's command executor), kills it, shuts frameworks down, and reports every state change through the
 * {@link StatusUpdateManager}. Everything here runs on the agent's actor thread; sandboxes, fetches, launches and
 * signals run on launcher threads and report back to the actor.
 *
 * <p>States, as Mesos's command executor sends them: TASK_STARTING when the launch begins, TASK_RUNNING once the
 * process runs, then TASK_FINISHED (exit 0), TASK_FAILED ("Command exited with status N", "Command terminated with
 * signal SIGX") or TASK_KILLED after a kill; TASK_KILLING when a kill begins, for frameworks with that capability.
 *
 * <p>Tasks of frameworks that checkpoint ({@code FrameworkInfo.checkpoint}) outlive the agent: they are checkpointed
 * under {@code <work_dir>/meta} before they launch, their status updates are journaled before they are sent, and
 * {@link #stop} leaves them running for the next agent, which takes them over with {@link #recover}. Other frameworks'
 * tasks die with the agent, as in Mesos.
 */
public final class CommandTasks {
    private static final Logger LOG = LoggerFactory.getLogger(CommandTasks.class);

    private final TaskSettings settings;
    private final ScheduledExecutorService actor;
    private final Supplier<AgentID> agentId;
    private final String agentEndpoint;
    private final DurableStatusUpdateManager updates;
    private final TaskCheckpoints checkpoints;
    private final TaskLauncher launcher;
    private final TaskKiller killer;
    private final Frameworks frameworks = new Frameworks();
    private boolean stopped;

    /**
     * @param channel where status updates go (the master link)
     * @param agentId the agent's id as registered
     * @param agentEndpoint the agent's ip:port, for MESOS_AGENT_ENDPOINT
     */
    public CommandTasks(TaskSettings settings, ScheduledExecutorService actor, StatusUpdateManager.Channel channel,
            Supplier<AgentID> agentId, String agentEndpoint) {
        this.settings = settings;
        this.actor = actor;
        this.agentId = agentId;
        this.agentEndpoint = agentEndpoint;
        this.updates = new DurableStatusUpdateManager(actor, channel, settings.statusRetryMin(),
                settings.statusRetryMax());
        this.checkpoints = new TaskCheckpoints(settings.workDir());
        this.launcher = new TaskLauncher(settings, actor);
        this.killer = launcher.killer();
    }

    /** A task message from the master. */
    public void received(Envelope e) {
        switch (e.getMessageCase()) {
            case RUN_TASK -> runTask(e.getRunTask());
            case KILL_TASK -> killTask(e.getKillTask());
            case SHUTDOWN_FRAMEWORK -> shutdownFramework(e.getShutdownFramework().getFrameworkId(),
                    "the master shut it down");
            case STATUS_UPDATE_ACKNOWLEDGEMENT -> acknowledge(e.getStatusUpdateAcknowledgement());
            case FRAMEWORK_MESSAGE -> frameworkMessage(e.getFrameworkMessage());
            default -> LOG.warn("Ignoring unexpected {} from the master", e.getMessageCase());
        }
    }

    /** A master (re)registered the agent: every unacknowledged update goes out again now. */
    public void registered() {
        updates.resume();
    }

    /**
     * Takes over the checkpointed tasks an earlier agent with this agent's id left behind (and kills those left under
     * another id). Call once, before the agent registers, so that the registration reports them.
     */
    public RecoverySummary recover() {
        return new TaskRecovery(settings.workDir(), checkpoints.layout(), frameworks, updates, new TaskRecovery.Host() {
            @Override
            public void adopt(FrameworkRecord fw, TaskRun run, ProcessHandle process, ProcessIdentity identity,
                    Optional<KillMarker> kill) {
                adopted(fw, run, process, identity, kill);
            }

            @Override
            public void endedWhileDown(FrameworkRecord fw, TaskRun run, Optional<Integer> exitStatus,
                    Optional<KillMarker> kill) {
                CommandTasks.this.endedWhileDown(fw, run, exitStatus, kill);
            }
        }).recover(agentId());
    }

    public void runTask(RunTask m) {
        FrameworkInfo frameworkInfo = m.getFramework();
        TaskInfo task = m.getTask();
        String taskId = task.getTaskId().getValue();
        if (!frameworkInfo.hasId()) {
            LOG.warn("Ignoring task {}: its FrameworkInfo has no id", taskId);
            return;
        }
        FrameworkID frameworkId = frameworkInfo.getId();
        AgentID me = agentId();
        if (!task.getAgentId().equals(me)) {
            LOG.warn("Ignoring task {} of framework {}: it is meant for agent {}, not {}", taskId,
                    frameworkId.getValue(), task.getAgentId().getValue(), me.getValue());
            return;
        }
        FrameworkRecord fw = frameworks.get(frameworkId);
        if (fw != null && fw.terminating) {
            LOG.warn("Ignoring task {} of framework {}: the framework is shutting down", taskId,
                    frameworkId.getValue());
            return;
        }
        if (fw != null && fw.runs.containsKey(taskId)) {
            LOG.warn("Ignoring task {} of framework {}: a task with that id is already {} here", taskId,
                    frameworkId.getValue(), fw.runs.get(taskId).state);
            return;
        }
        fw = frameworks.add(frameworkInfo);
        ExecutorID executorId = task.hasExecutor() ? task.getExecutor().getExecutorId()
                : ExecutorID.newBuilder().setValue(taskId).build();
        ContainerID containerId = ContainerID.newBuilder().setValue(UUID.randomUUID().toString()).build();
        String user = task.getCommand().hasUser() ? task.getCommand().getUser() : frameworkInfo.getUser();
        String invalid = TaskValidation.validate(frameworkId, task, executorId);
        Path sandbox = invalid == null
                ? Sandbox.directory(settings.workDir(), me, frameworkId, executorId, containerId) : null;
        TaskRun run = new TaskRun(frameworkId, task, executorId, containerId, sandbox, user);
        fw.runs.put(taskId, run);

        if (invalid != null) {
            // what Mesos's master answers to such a task
            emit(fw, run, TaskState.TASK_ERROR, TaskStatus.Source.SOURCE_AGENT, invalid,
                    TaskStatus.Reason.REASON_TASK_INVALID);
            return;
        }
        if (!task.hasCommand()) {
            // what a Mesos agent reports when no containerizer can run the executor
            emit(fw, run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT, "Abnormal executor termination: "
                    + "executor '" + executorId.getValue() + "' is a custom executor, which this agent cannot run yet",
                    TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
            return;
        }
        Optional<String> runAs;
        try {
            runAs = launcher.runAs(user);
        } catch (LaunchException e) {
            emit(fw, run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT,
                    "Failed to launch container: " + e.getMessage(), TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            return;
        }
        if (frameworkInfo.getCheckpoint()) {
            try {
                run.checkpoint = checkpoints.launching(me, fw, run);
            } catch (IOException e) {
                LOG.error("Cannot checkpoint task {} of framework {}: {}", taskId, frameworkId.getValue(),
                        e.toString());
                emit(fw, run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT,
                        "Failed to launch container: cannot checkpoint the task: " + e,
                        TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
                return;
            }
            updates.journal(frameworkId, task.getTaskId(), run.checkpoint);
        }
        LOG.info("Launching task {} of framework {} as {} in {}", taskId, frameworkId.getValue(),
                runAs.orElse(launcher.agentUser()), sandbox);
        run.launchInFlight = true;
        try {
            run.launch = launcher.launch(new LaunchJob.Request(task.getCommand(), sandbox, runAs,
                    run.mesosVariables(me, agentEndpoint), Optional.ofNullable(run.checkpoint)), listener(run));
        } catch (RejectedExecutionException e) {
            run.launchInFlight = false;
            emit(fw, run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT,
                    "Failed to launch container: the agent is stopping",
                    TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        }
    }

    public void killTask(KillTask m) {
        String frameworkId = m.getFrameworkId().getValue();
        String taskId = m.getTaskId().getValue();
        FrameworkRecord fw = frameworks.get(m.getFrameworkId());
        if (fw == null) {
            LOG.warn("Ignoring kill of task {}: framework {} has no tasks on this agent", taskId, frameworkId);
            return;
        }
        if (fw.terminating) {
            LOG.warn("Ignoring kill of task {} of framework {}: the framework is shutting down", taskId, frameworkId);
            return;
        }
        TaskRun run = fw.runs.get(taskId);
        if (run == null) {
            // as Mesos's agent: the task was never launched here
            TaskState state = fw.hasCapability(FrameworkInfo.Capability.Type.PARTITION_AWARE)
                    ? TaskState.TASK_DROPPED : TaskState.TASK_LOST;
            LOG.warn("Cannot kill task {} of framework {}: no such task here; answering {}", taskId, frameworkId,
                    state);
            updates.update(m.getFrameworkId(), TaskStatuses.create(m.getTaskId(), state,
                    TaskStatus.Source.SOURCE_AGENT, agentId(), null, "Cannot find executor",
                    TaskStatus.Reason.REASON_EXECUTOR_TERMINATED));
            return;
        }
        Duration grace = m.hasKillPolicy() && m.getKillPolicy().hasGracePeriod()
                ? Duration.ofNanos(m.getKillPolicy().getGracePeriod().getNanoseconds()) : gracePeriod(run);
        switch (run.phase) {
            case PREPARING -> {
                LOG.info("Killing task {} of framework {} before it started", taskId, frameworkId);
                run.launch.cancel();
                emit(fw, run, TaskState.TASK_KILLED, TaskStatus.Source.SOURCE_AGENT,
                        "Killed before delivery to the executor", TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH);
            }
            case STARTING -> run.pendingKill = run.pendingKill == null || grace.compareTo(run.pendingKill) < 0
                    ? grace : run.pendingKill;
            case RUNNING -> startKill(fw, run, grace);
            case DONE -> LOG.info("Ignoring kill of task {} of framework {}: it is already {}", taskId, frameworkId,
                    run.state);
        }
    }

    /** Kills every task of the framework, without status updates, then forgets the framework and its updates. */
    public void shutdownFramework(FrameworkID frameworkId, String why) {
        FrameworkRecord fw = frameworks.get(frameworkId);
        if (fw == null) {
            LOG.info("Framework {} to shut down has no tasks on this agent", frameworkId.getValue());
            return;
        }
        if (fw.terminating) {
            LOG.info("Framework {} is already shutting down", frameworkId.getValue());
            return;
        }
        LOG.info("Shutting down framework {} ({}): killing its {} task(s)", frameworkId.getValue(), why,
                fw.runs.size());
        fw.terminating = true;
        checkpoints.shuttingDown(fw);
        for (TaskRun run : List.copyOf(fw.runs.values())) {
            switch (run.phase) {
                case PREPARING -> {
                    run.phase = TaskRun.Phase.DONE; // a process that still appears is killed
                    run.launch.cancel();
                }
                case STARTING -> run.pendingKill = gracePeriod(run);
                case RUNNING -> startKill(fw, run, gracePeriod(run));
                case DONE -> { }
            }
        }
        for (TaskRun run : List.copyOf(fw.runs.values())) {
            complete(fw, run);
        }
    }

    /** The master refused the agent's id: its tasks belong to an agent the cluster has forgotten. */
    public void shutdownAll(String why) {
        for (FrameworkRecord fw : frameworks.all()) {
            shutdownFramework(fw.info.getId(), why);
        }
    }

    public void acknowledge(StatusUpdateAcknowledgement ack) {
        StatusUpdateManager.Acknowledged result = updates.acknowledge(ack.getFrameworkId(), ack.getTaskId(),
                ack.getUuid());
        if (result != StatusUpdateManager.Acknowledged.TERMINAL) {
            return;
        }
        FrameworkRecord fw = frameworks.get(ack.getFrameworkId());
        TaskRun run = fw == null ? null : fw.runs.get(ack.getTaskId().getValue());
        if (run != null && run.isTerminal()) {
            run.terminalAcknowledged = true;
            complete(fw, run);
        }
    }

    public void frameworkMessage(FrameworkMessage m) {
        // Mesos's command executor ignores framework messages; so does the agent playing it
        LOG.info("Dropping a framework message of {} bytes for executor {} of framework {}: command tasks take no "
                + "messages", m.getData().size(), m.getExecutorId().getValue(), m.getFrameworkId().getValue());
    }

    /** Adds every task not yet terminal-and-acknowledged, and its framework, to a re-registration. */
    public void describe(ReregisterAgent.Builder message) {
        frameworks.describe(message, agentId(), updates::inFlight);
    }

    public TasksView view() {
        return frameworks.view(agentId(), updates::inFlight);
    }

    /** How many tasks have status updates not yet acknowledged. */
    public int pendingStatusUpdates() {
        return updates.pendingTasks();
    }

    /**
     * The agent stops and no more tasks start. Checkpointed tasks keep running for the next agent (in
     * {@link RecoveryMode#RECONNECT}); every other task's processes are killed at once.
     */
    public void stop() {
        stopped = true;
        int kept = 0;
        int killed = 0;
        for (FrameworkRecord fw : frameworks.all()) {
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
        launcher.stop();
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
                post(() -> onStarting(run));
            }

            @Override
            public void started(Process process) {
                // the agent stopped meanwhile: a checkpointed task's pid is recorded, the next agent adopts it
                if (!post(() -> onStarted(run, process.toHandle())) && !outlivesAgent(run)) {
                    ProcessTree.kill(process.toHandle(), List.of());
                }
            }

            @Override
            public void exited(int exitValue) {
                post(() -> onExited(run, exitValue));
            }

            @Override
            public void failed(String message) {
                post(() -> onLaunchFailed(run, message));
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
        if (stopped && outlivesAgent(run)) {
            return; // the next agent adopts it
        }
        if (stopped || run.phase == TaskRun.Phase.DONE) {
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
            run.completionTimer = actor.schedule(() -> completionTimeReached(run), nanos, TimeUnit.NANOSECONDS);
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
    private void adopted(FrameworkRecord fw, TaskRun run, ProcessHandle process, ProcessIdentity identity,
            Optional<KillMarker> kill) {
        run.process = process;
        launcher.exitWatcher().watch(identity, () -> {
            Optional<Integer> status = Sandbox.readExitStatus(run.sandbox);
            post(() -> onExited(run, status.orElse(null)));
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
        } else if (settings.recovery() == RecoveryMode.CLEANUP) {
            LOG.info("Killing adopted task {} of framework {}: the agent recovers in cleanup mode",
                    run.info.getTaskId().getValue(), fw.id());
            startKill(fw, run, gracePeriod(run));
        } else if (run.info.getMaxCompletionTime().getNanoseconds() > 0) {
            Duration max = Duration.ofNanos(run.info.getMaxCompletionTime().getNanoseconds());
            Duration ran = process.info().startInstant().map(t -> Duration.between(t, Instant.now()))
                    .orElse(Duration.ZERO);
            long left = Math.max(0, max.minus(ran).toNanos());
            run.completionTimer = actor.schedule(() -> completionTimeReached(run), left, TimeUnit.NANOSECONDS);
        }
    }

    /** A recovered task's process ended while no agent ran. */
    private void endedWhileDown(FrameworkRecord fw, TaskRun run, Optional<Integer> exitStatus,
            Optional<KillMarker> kill) {
        run.exited = true;
        LOG.info("Task {} of framework {} ended while the agent was down{}", run.info.getTaskId().getValue(),
                fw.id(), exitStatus.map(s -> " with status " + s).orElse(", recording no exit status"));
        if (kill.isPresent()) {
            run.killing = true;
            run.killedForCompletionTime = kill.get().maxCompletionTime();
        }
        reportEnd(fw, run, exitStatus.orElse(null));
    }

    // ---------------------------------------------------------------- killing

    private Duration gracePeriod(TaskRun run) {
        return run.info.hasKillPolicy() && run.info.getKillPolicy().hasGracePeriod()
                ? Duration.ofNanos(run.info.getKillPolicy().getGracePeriod().getNanoseconds())
                : settings.killGracePeriod();
    }

    private void startKill(FrameworkRecord fw, TaskRun run, Duration grace) {
        boolean started = killer.kill(run, grace);
        if (!fw.terminating) {
            checkpoints.killing(run);
        }
        if (started && !fw.terminating && fw.hasCapability(FrameworkInfo.Capability.Type.TASK_KILLING_STATE)
                && run.state != TaskState.TASK_KILLING) {
            emit(fw, run, TaskState.TASK_KILLING, TaskStatus.Source.SOURCE_EXECUTOR, null, null);
        }
    }

    /** Whether the run's process is left running when the agent stops, for the next agent to adopt. */
    private boolean outlivesAgent(TaskRun run) {
        return run.checkpoint != null && settings.recovery() == RecoveryMode.RECONNECT;
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

    private void emit(FrameworkRecord fw, TaskRun run, TaskState state, TaskStatus.Source source, String message,
            TaskStatus.Reason reason) {
        if (stopped) {
            // the agent is gone: a checkpointed task's end is for the next agent to find and report
            return;
        }
        TaskStatus status = TaskStatuses.create(run.info.getTaskId(), state, source, agentId(), run.executorId,
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
        if (fw != null && fw.terminating) {
            return; // as in Mesos: a framework that is shut down cannot acknowledge updates
        }
        updates.update(run.frameworkId, status);
    }

    /** Forgets the run once no process of it is left and, unless its framework is shutting down, its end is acked. */
    private void complete(FrameworkRecord fw, TaskRun run) {
        if (fw == null || !run.isTerminal() || !run.isGone() || !(fw.terminating || run.terminalAcknowledged)) {
            return;
        }
        if (fw.runs.remove(run.info.getTaskId().getValue()) == null) {
            return;
        }
        checkpoints.completed(run);
        fw.addCompleted(run.view(agentId(), Optional.empty()));
        if (fw.runs.isEmpty()) {
            if (fw.terminating) {
                updates.cleanup(fw.info.getId());
            }
            checkpoints.frameworkCompleted(fw);
            frameworks.complete(fw);
            LOG.info("Framework {} has no more tasks on this agent", fw.id());
        }
    }

    private FrameworkRecord framework(TaskRun run) {
        return frameworks.get(run.frameworkId);
    }

    private AgentID agentId() {
        AgentID id = agentId.get();
        return id != null && id.hasValue() ? id : AgentID.newBuilder().setValue("").build();
    }

    private boolean post(Runnable r) {
        try {
            actor.execute(r);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }
}
