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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.checkpoint.ExecutorCheckpoint;
import org.agora.agent.internal.launcher.LaunchException;
import org.agora.agent.internal.launcher.ProcessIdentity;
import org.agora.agent.internal.launcher.ProcessTree;
import org.agora.agent.internal.launcher.Sandbox;
import org.agora.api.channel.Channel.ExecutorEnded;
import org.agora.api.containerizer.Containerizer;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of custom executors: starting one (the command tasks' sandbox, fetcher and user switching, Mesos's
 * executor environment, a checkpointed pid for a checkpointing framework), the registration timeout, its end (its
 * tasks that had not ended fail, the master frees its resources), taking one over after an agent restart, and what
 * an agent stop does to them. Actor thread only.
 */
final class ExecutorProcesses {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorProcesses.class);

    private final AgentContext ctx;
    private final ExecutorSettings settings;
    private final CustomExecutors executors;

    ExecutorProcesses(AgentContext ctx, CustomExecutors executors) {
        this.ctx = ctx;
        this.settings = ctx.settings.executors();
        this.executors = executors;
    }

    /** Starts the executor's process; it has the registration timeout to subscribe once it runs. */
    void start(FrameworkRecord fw, ExecutorRun executor) {
        if (executor.state == ExecutorRun.State.TERMINATED) {
            return; // its tasks could not even be checkpointed
        }
        Optional<String> runAs;
        try {
            runAs = ctx.launcher.runAs(executor.user);
        } catch (LaunchException e) {
            launchFailed(executor, e.getMessage());
            return;
        }
        List<String> networks = TaskValidation.cniNetworks(executor.info);
        if (!networks.isEmpty()) {
            // never run an executor in the host's network when it asked for others
            launchFailed(executor, "executor " + executor.id() + " names CNI networks " + networks + ": custom "
                    + "executors on CNI networks are not supported yet (command tasks are)");
            return;
        }
        // an executor in an image runs through the containerizer, as a command task in an image does (its isolators
        // too); held to its own resources and those of the tasks it starts with (the containerizer SPI has no update
        // to add later tasks'). Any other runs as a plain process, as before.
        boolean inImage = inImage(executor.info);
        Optional<Resources> isolate = inImage ? Optional.of(containerResources(executor)) : Optional.empty();
        LOG.info("Launching executor {} of framework {} as {} in {}{}", executor.id(), fw.id(),
                runAs.orElse(ctx.launcher.agentUser()), executor.sandbox, inImage ? ", in image '" + executor.info
                        .getContainer().getMesos().getImage().getDocker().getName() + "' with " + isolate.get() : "");
        try {
            // the token names this run's container: a later run of the same executor id gets another
            Optional<String> token = ctx.executorTokens.map(t -> t.issue(executor.frameworkId,
                    executor.info.getExecutorId(), executor.containerId));
            executor.launch = ctx.launcher.launch(new LaunchJob.Request(executor.info.getCommand(), executor.sandbox,
                    runAs, executorVariables(fw, executor, ExecutorEnvironment.of(executor, ctx.agentId(),
                            ctx.agentEndpoint, fw.info.getCheckpoint(), settings, token)),
                            Optional.ofNullable(executor.checkpoint), false, isolate,
                            // without an image it runs without the containerizer: secret volumes are refused then
                            executor.info.hasContainer() ? Optional.of(executor.info.getContainer())
                                    : Optional.empty()),
                    listener(executor));
        } catch (RejectedExecutionException e) {
            launchFailed(executor, "the agent is stopping");
        }
    }

    /** Whether the executor names an image ({@code ContainerInfo} of type MESOS with {@code mesos.image}). */
    static boolean inImage(ExecutorInfo info) {
        return info.hasContainer() && info.getContainer().getType() == ContainerInfo.Type.MESOS
                && info.getContainer().getMesos().hasImage();
    }

    /** The executor's resources and those of the tasks it is launched with: its container's limits. */
    private static Resources containerResources(ExecutorRun executor) {
        Resources all = Resources.of(executor.info.getResourcesList());
        for (ExecutorTask t : executor.tasks.values()) {
            all = all.plus(Resources.of(t.info.getResourcesList()));
        }
        return all;
    }

    /** The executor's agent variables with what the agent hooks add. */
    private Map<String, String> executorVariables(FrameworkRecord fw, ExecutorRun executor,
            Map<String, String> agentVariables) {
        AgentInfo agent = ctx.agentInfo();
        Map<String, String> all = new LinkedHashMap<>(agentVariables);
        all.putAll(ctx.hooks.executorEnvironment(agent != null ? agent : AgentInfo.getDefaultInstance(), fw.info,
                executor.info, agentVariables));
        return all;
    }

    private LaunchJob.Listener listener(ExecutorRun executor) {
        return new LaunchJob.Listener() {
            @Override
            public void starting() {
            }

            @Override
            public void started(ProcessHandle process) {
                if (!ctx.post(() -> onStarted(executor, process)) && !outlivesAgent(executor)) {
                    ProcessTree.kill(process, List.of());
                }
            }

            @Override
            public void awaitContainerizer(Runnable resume) {
                // an executor in an image, while the containerizer's bundle is updated: as a command task waits
                if (!ctx.post(() -> ctx.handover.whenReady("Executor " + executor.id() + " of framework "
                        + executor.frameworkId.getValue(), () -> ctx.launcher.resume(resume,
                                () -> launchFailed(executor, "the agent is stopping")),
                        message -> launchFailed(executor, message)))) {
                    LOG.debug("Executor {}: the agent stopped while it waited for a containerizer", executor.id());
                }
            }

            @Override
            public void launchedThrough(Containerizer c) {
                ctx.post(() -> executor.containerizer = c);
            }

            @Override
            public void exited(int exitValue) {
                ctx.post(() -> onExited(executor, exitValue));
            }

            @Override
            public void failed(String message) {
                ctx.post(() -> launchFailed(executor, message));
            }
        };
    }

    private void onStarted(ExecutorRun executor, ProcessHandle process) {
        executor.process = process;
        if (ctx.stopped) {
            if (!outlivesAgent(executor)) {
                ctx.launcher.killer().killNow(process);
            }
            return;
        }
        if (executor.state == ExecutorRun.State.TERMINATING) {
            ctx.launcher.killer().killNow(process); // shut down before its process appeared
            return;
        }
        if (executor.containerizer != null) {
            // launched through an instance that may have been unbound meanwhile: the current one adopts it
            ctx.handover.startedThrough(executor, executor.containerizer);
        }
        LOG.debug("Executor {} of framework {} runs as pid {}", executor.id(), executor.frameworkId.getValue(),
                process.pid());
        if (executor.state == ExecutorRun.State.LAUNCHING) {
            executor.state = ExecutorRun.State.REGISTERING;
            awaitSubscription(executor, settings.registrationTimeout(),
                    TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT);
        }
    }

    /** Kills the executor unless it subscribes within {@code timeout}. */
    void awaitSubscription(ExecutorRun executor, Duration timeout, TaskStatus.Reason reason) {
        executor.registrationTimer = ctx.actor.schedule(() -> {
            executor.registrationTimer = null;
            if (executor.state == ExecutorRun.State.REGISTERING) {
                LOG.warn("Executor {} of framework {} did not subscribe within {} ms: killing it", executor.id(),
                        executor.frameworkId.getValue(), timeout.toMillis());
                executor.endReason = reason;
                executor.endMessage = "Executor did not subscribe within " + ExecutorEnvironment.duration(timeout);
                executor.state = ExecutorRun.State.TERMINATING;
                ctx.launcher.killer().killNow(executor.process);
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void launchFailed(ExecutorRun executor, String message) {
        if (executor.state == ExecutorRun.State.TERMINATED) {
            return;
        }
        LOG.warn("Executor {} of framework {} failed to launch: {}", executor.id(), executor.frameworkId.getValue(),
                message);
        if (executor.endReason == null) {
            executor.endReason = TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED;
            executor.endMessage = "Failed to launch container: " + message;
        }
        terminated(ctx.frameworks.get(executor.frameworkId), executor, null);
    }

    /** @param exitValue null when unknown (an adopted process) */
    void onExited(ExecutorRun executor, Integer exitValue) {
        if (executor.state == ExecutorRun.State.TERMINATED) {
            return;
        }
        LOG.info("Executor {} of framework {} ended{}", executor.id(), executor.frameworkId.getValue(),
                exitValue == null ? "" : ": " + TaskStatuses.exitMessage(exitValue).replace("Command", "process"));
        terminated(ctx.frameworks.get(executor.frameworkId), executor, exitValue);
    }

    /** The executor's process is gone: its tasks that have not ended fail, and the master frees its resources. */
    void terminated(FrameworkRecord fw, ExecutorRun executor, Integer exitValue) {
        executor.state = ExecutorRun.State.TERMINATED;
        executor.cancelTimers();
        if (executor.connection != null) {
            executor.connection.close();
            executor.connection = null;
        }
        executor.undelivered.clear();
        if (fw == null) {
            return;
        }
        fw.executors.remove(executor.id(), executor);
        String message = executor.endMessage != null ? executor.endMessage : "Executor terminated"
                + (exitValue == null ? "" : ": " + TaskStatuses.exitMessage(exitValue).replace("Command", "process"));
        TaskStatus.Reason reason = executor.endReason != null ? executor.endReason
                : TaskStatus.Reason.REASON_EXECUTOR_TERMINATED;
        TaskState state = executor.shutdownRequested ? TaskState.TASK_KILLED : TaskState.TASK_FAILED;
        for (ExecutorTask t : List.copyOf(executor.tasks.values())) {
            if (fw.terminating) {
                executors.forget(fw, executor, t);
            } else if (!t.isTerminal()) {
                executors.emit(fw, executor, t, state, reason, message);
            }
        }
        if (!ctx.stopped && !executor.endReported) {
            executor.endReported = true;
            ExecutorEnded.Builder ended = ExecutorEnded.newBuilder().setFrameworkId(executor.frameworkId)
                    .setExecutorId(executor.info.getExecutorId());
            if (exitValue != null) {
                ended.setStatus(exitValue);
            }
            ctx.master.executorEnded(ended.build());
        }
        executors.completeIfDone(fw, executor);
    }

    /** The agent stops: executors of checkpointing frameworks keep running (reconnect), the others are killed. */
    void stop() {
        int kept = 0;
        int killed = 0;
        for (FrameworkRecord fw : ctx.frameworks.all()) {
            for (ExecutorRun executor : fw.executors.values()) {
                executor.cancelTimers();
                if (executor.connection != null) {
                    executor.connection.close();
                }
                if (outlivesAgent(executor)) {
                    kept++;
                } else if (executor.process != null) {
                    ProcessTree.kill(executor.process, List.of());
                    killed++;
                }
            }
        }
        if (kept + killed > 0) {
            LOG.info("Executors at agent stop: {} checkpointed executor(s) left running for the next agent, {} killed",
                    kept, killed);
        }
    }

    /**
     * An executor an earlier agent started (recovered from the checkpoint): if its process still runs it has the
     * re-registration timeout to subscribe again; if it ended meanwhile its tasks that had not ended fail.
     */
    void recovered(FrameworkRecord fw, ExecutorInfo info, ContainerID containerId, ExecutorCheckpoint checkpoint,
            List<ExecutorTask> tasks, Optional<ProcessHandle> live, Optional<ProcessIdentity> identity) {
        Path sandbox = Sandbox.directory(ctx.settings.workDir(), ctx.agentId(), fw.info.getId(),
                info.getExecutorId(), containerId);
        String user = info.getCommand().hasUser() ? info.getCommand().getUser() : fw.info.getUser();
        ExecutorRun executor = new ExecutorRun(fw.info.getId(), info, containerId, sandbox, user);
        executor.checkpoint = checkpoint;
        fw.executors.put(executor.id(), executor);
        for (ExecutorTask t : tasks) {
            executor.tasks.put(t.id(), t);
            fw.executorTasks.put(t.id(), executor);
            if (!t.delivered && !t.isTerminal()) {
                executor.undelivered.add(new ExecutorRun.Delivery(new ArrayList<>(List.of(t)), false));
            }
        }
        if (live.isEmpty()) {
            LOG.info("Executor {} of framework {} ended while the agent was down", executor.id(), fw.id());
            executor.endMessage = "Executor terminated while the agent was down";
            terminated(fw, executor, Sandbox.readExitStatus(sandbox).orElse(null));
            return;
        }
        executor.process = live.get();
        executor.state = ExecutorRun.State.REGISTERING;
        ctx.launcher.exitWatcher().watch(identity.get(), () -> {
            Integer status = Sandbox.readExitStatus(sandbox).orElse(null);
            ctx.post(() -> onExited(executor, status));
        });
        if (ctx.settings.recovery() == RecoveryMode.CLEANUP) {
            LOG.info("Killing recovered executor {} of framework {}: the agent recovers in cleanup mode",
                    executor.id(), fw.id());
            executors.shutdown(fw, executor);
            return;
        }
        LOG.info("Recovered executor {} of framework {} (pid {}) with {} task(s); waiting for it to subscribe again",
                executor.id(), fw.id(), live.get().pid(), tasks.size());
        awaitSubscription(executor, settings.reregistrationTimeout(),
                TaskStatus.Reason.REASON_EXECUTOR_REREGISTRATION_TIMEOUT);
    }

    boolean outlivesAgent(ExecutorRun executor) {
        return executor.checkpoint != null && ctx.settings.recovery() == RecoveryMode.RECONNECT;
    }
}
