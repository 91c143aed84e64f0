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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.checkpoint.KillMarker;
import org.agora.agent.internal.launcher.LaunchException;
import org.agora.agent.internal.launcher.ProcessIdentity;
import org.agora.agent.internal.launcher.ProcessTree;
import org.agora.agent.internal.launcher.Sandbox;
import org.agora.api.containerizer.ContainerLimitation;
import org.agora.api.containerizer.Containerizer;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.ContainerStatus;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of {@link CommandTasks}: launching a task's command and following it (TASK_STARTING, TASK_RUNNING,
 * its end and how it ended), its max completion time, and taking a process over after an agent restart. Launcher
 * threads report here through the actor. Actor thread only.
 */
final class CommandProcesses {
    private static final Logger LOG = LoggerFactory.getLogger(CommandProcesses.class);

    private final AgentContext ctx;
    private final TaskKiller killer;
    private final CommandTasks tasks;

    CommandProcesses(AgentContext ctx, CommandTasks tasks) {
        this.ctx = ctx;
        this.killer = ctx.launcher.killer();
        this.tasks = tasks;
    }

    void launch(FrameworkRecord fw, TaskRun run) {
        String taskId = run.info.getTaskId().getValue();
        Optional<String> runAs;
        try {
            runAs = ctx.launcher.runAs(run.user);
        } catch (LaunchException e) {
            tasks.emit(fw, run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT,
                    "Failed to launch container: " + e.getMessage(), TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            tasks.gone(fw, run);
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
                    ctx.withHookVariables(fw, run.info, run.mesosVariables(ctx.agentId(), ctx.agentEndpoint)),
                    Optional.ofNullable(run.checkpoint),
                    run.group != null, Optional.of(Resources.of(run.info.getResourcesList())),
                    run.info.hasContainer() ? Optional.of(run.info.getContainer()) : Optional.empty()),
                    listener(run));
        } catch (RejectedExecutionException e) {
            run.launchInFlight = false;
            tasks.emit(fw, run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT,
                    "Failed to launch container: the agent is stopping",
                    TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            tasks.gone(fw, run);
        }
    }

    private LaunchJob.Listener listener(TaskRun run) {
        return new LaunchJob.Listener() {
            @Override
            public void starting() {
                ctx.post(() -> onStarting(run));
            }

            @Override
            public void started(ProcessHandle process) {
                // the agent stopped meanwhile: a checkpointed task's pid is recorded, the next agent adopts it
                if (!ctx.post(() -> onStarted(run, process)) && !tasks.outlivesAgent(run)) {
                    ProcessTree.kill(process, List.of());
                }
            }

            @Override
            public void ranBriefly() {
                ctx.post(() -> {
                    run.launchInFlight = false;
                    if (run.phase == TaskRun.Phase.STARTING) {
                        // as Mesos's command executor, a task that ran reports TASK_RUNNING before its end
                        run.phase = TaskRun.Phase.RUNNING;
                        tasks.emit(tasks.framework(run), run, TaskState.TASK_RUNNING,
                                TaskStatus.Source.SOURCE_EXECUTOR, null, null);
                    }
                });
            }

            @Override
            public void awaitContainerizer(Runnable resume) {
                // queued on the actor: the handover releases it once a containerizer has adopted the running tasks
                if (!ctx.post(() -> ctx.handover.whenReady("Task " + run.info.getTaskId().getValue() + " of framework "
                        + run.frameworkId.getValue(), () -> ctx.launcher.resume(resume, () -> onLaunchFailed(run,
                                "the agent is stopping")), message -> onLaunchFailed(run, message)))) {
                    LOG.debug("Task {}: the agent stopped while it waited for a containerizer",
                            run.info.getTaskId().getValue());
                }
            }

            @Override
            public void launchedThrough(Containerizer c) {
                ctx.post(() -> run.containerizer = c);
            }

            @Override
            public void containerStatus(ContainerStatus status) {
                ctx.post(() -> run.containerStatus = status);
            }

            @Override
            public void limited(ContainerLimitation limitation) {
                ctx.post(() -> run.limitation = limitation);
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
            tasks.emit(tasks.framework(run), run, TaskState.TASK_STARTING,
                    TaskStatus.Source.SOURCE_EXECUTOR, null, null);
        }
    }

    private void onStarted(TaskRun run, ProcessHandle process) {
        run.launchInFlight = false;
        run.process = process;
        FrameworkRecord fw = tasks.framework(run);
        if (ctx.stopped && tasks.outlivesAgent(run)) {
            return; // the next agent adopts it
        }
        if (ctx.stopped || run.phase == TaskRun.Phase.DONE) {
            // killed or shut down before the process appeared
            killer.killNow(process);
            return;
        }
        if (run.containerizer != null) {
            // launched through an instance that may have been unbound meanwhile: the current one adopts it
            ctx.handover.startedThrough(run, run.containerizer);
        }
        run.phase = TaskRun.Phase.RUNNING;
        LOG.debug("Task {} of framework {} runs as pid {}", run.info.getTaskId().getValue(), run.frameworkId.getValue(),
                process.pid());
        tasks.emit(fw, run, TaskState.TASK_RUNNING, TaskStatus.Source.SOURCE_EXECUTOR, null, null);
        if (run.pendingKill != null) {
            tasks.startKill(fw, run, run.pendingKill);
            return;
        }
        if (run.info.getMaxCompletionTime().getNanoseconds() > 0) {
            long nanos = run.info.getMaxCompletionTime().getNanoseconds();
            run.completionTimer = ctx.actor.schedule(() -> completionTimeReached(run), nanos, TimeUnit.NANOSECONDS);
        }
        tasks.health().start(fw, run);
    }

    private void onLaunchFailed(TaskRun run, String message) {
        run.launchInFlight = false;
        FrameworkRecord fw = tasks.framework(run);
        if (run.phase != TaskRun.Phase.DONE) {
            LOG.warn("Task {} of framework {} failed to launch: {}", run.info.getTaskId().getValue(),
                    run.frameworkId.getValue(), message);
            if (run.pendingKill != null) {
                tasks.emit(fw, run, TaskState.TASK_KILLED, TaskStatus.Source.SOURCE_AGENT,
                        "Killed before the command started (" + message + ")",
                        TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH);
            } else {
                tasks.emit(fw, run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT,
                        "Failed to launch container: " + message, TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            }
        }
        tasks.gone(fw, run);
        tasks.complete(fw, run);
    }

    /**
     * The container of a task that an earlier containerizer instance launched ended, as the instance that adopted it
     * tells (actor thread).
     */
    void containerEnded(TaskRun run, Integer exitValue) {
        onExited(run, exitValue);
    }

    /**
     * @param exitValue null when unknown: an adopted process whose wrapper recorded no status. Only the first report
     *     of an end counts (a container handed from one containerizer instance to the next may be reported by both).
     */
    private void onExited(TaskRun run, Integer exitValue) {
        if (run.exited) {
            return;
        }
        run.exited = true;
        run.cancelTimers();
        killer.exited(run);
        FrameworkRecord fw = tasks.framework(run);
        if (run.phase != TaskRun.Phase.DONE) {
            reportEnd(fw, run, exitValue);
        }
        tasks.gone(fw, run);
        tasks.complete(fw, run);
    }

    /** The terminal status of a task whose process ended with {@code exitValue} (null: unknown). */
    private void reportEnd(FrameworkRecord fw, TaskRun run, Integer exitValue) {
        if (run.limitation != null && !run.killing) {
            // the kernel (or an isolator) enforced a limit: Mesos reports it from the agent, with the limit's reason
            tasks.emit(fw, run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT, run.limitation.message(),
                    run.limitation.reason());
            return;
        }
        if (exitValue == null && !run.killing) {
            // what a Mesos agent reports for an executor whose termination it only observed (Slave::
            // sendExecutorTerminatedStatusUpdate): the wrapper was killed, or the task never got to run
            tasks.emit(fw, run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT,
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
        String message = exitValue == null ? "Command killed" : TaskStatuses.exitMessage(exitValue);
        if (run.killedByHealthCheck != null && state == TaskState.TASK_KILLED) {
            message = run.killedByHealthCheck + " (" + message + ")";
        }
        tasks.emit(fw, run, state, TaskStatus.Source.SOURCE_EXECUTOR, message, reason);
    }

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
            tasks.emit(fw, run, TaskState.TASK_RUNNING, TaskStatus.Source.SOURCE_EXECUTOR, null, null);
        }
        if (kill.isPresent()) {
            run.killedForCompletionTime = kill.get().maxCompletionTime();
            long left = Math.max(0, kill.get().deadlineEpochMillis() - System.currentTimeMillis());
            tasks.startKill(fw, run, Duration.ofMillis(left));
        } else if (ctx.settings.recovery() == RecoveryMode.CLEANUP) {
            LOG.info("Killing adopted task {} of framework {}: the agent recovers in cleanup mode",
                    run.info.getTaskId().getValue(), fw.id());
            tasks.startKill(fw, run, ctx.gracePeriod(run.info));
        } else {
            if (run.info.getMaxCompletionTime().getNanoseconds() > 0) {
                Duration max = Duration.ofNanos(run.info.getMaxCompletionTime().getNanoseconds());
                Duration ran = process.info().startInstant().map(t -> Duration.between(t, Instant.now()))
                        .orElse(Duration.ZERO);
                long left = Math.max(0, max.minus(ran).toNanos());
                run.completionTimer = ctx.actor.schedule(() -> completionTimeReached(run), left,
                        TimeUnit.NANOSECONDS);
            }
            // the checks start afresh (delay and grace period from now): the last executor's counts died with it
            tasks.health().start(fw, run);
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
        tasks.gone(fw, run);
    }

    private void completionTimeReached(TaskRun run) {
        run.completionTimer = null;
        if (run.exited || run.killing || run.phase != TaskRun.Phase.RUNNING) {
            return;
        }
        LOG.info("Task {} of framework {} reached its max completion time", run.info.getTaskId().getValue(),
                run.frameworkId.getValue());
        run.killedForCompletionTime = true;
        tasks.startKill(tasks.framework(run), run, Duration.ZERO);
    }
}
