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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.agora.agent.internal.checkpoint.RunCheckpoint;
import org.agora.agent.internal.health.HealthChecker;
import org.agora.agent.internal.health.HealthHistory;
import org.agora.api.containerizer.ContainerLimitation;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;

/**
 * One task on the agent, from RunTask until its terminal update is acknowledged: what the command executor and the
 * agent know of it. Touched only on the agent's actor thread.
 */
final class TaskRun {
    enum Phase {
        /** Sandbox, user and URIs are being prepared; nothing runs yet. */
        PREPARING,
        /** TASK_STARTING sent; the process is being started. */
        STARTING,
        /** The process runs. */
        RUNNING,
        /** A terminal status was produced (the process may still have to go). */
        DONE
    }

    final FrameworkID frameworkId;
    final TaskInfo info;
    final ExecutorID executorId;
    final ContainerID containerId;
    final Path sandbox;
    final String user;

    Phase phase = Phase.PREPARING;
    TaskState state = TaskState.TASK_STAGING;
    final List<TaskStatus> statuses = new ArrayList<>(4);
    boolean terminalAcknowledged;

    /** Set when the framework checkpoints: the task outlives the agent and is recovered from here. */
    RunCheckpoint checkpoint;
    /** Set for a task of the agent's default executor: the group it lives and dies with. */
    DefaultExecutor.TaskGroup group;

    /** The launcher still works on it (a process may still appear). */
    boolean launchInFlight;
    LaunchJob launch;
    /** The task's top process: the one the agent started, or the one it adopted after a restart. */
    ProcessHandle process;
    /**
     * The containerizer instance that launched the task's container, or adopted it from an earlier instance (whose
     * end it then reports); null for a plain process or one the agent adopted after a restart (its exit watcher
     * reports its end).
     */
    org.agora.api.containerizer.Containerizer containerizer;
    /** The limit an isolator ended the task's container for, if one did. */
    ContainerLimitation limitation;
    /** What the containerizer reported of the task's container (its networks), for TASK_RUNNING; null for nothing. */
    org.agora.api.v1.Protos.ContainerStatus containerStatus;
    boolean exited;

    /** A kill that came while the process was being started, applied once it runs. */
    Duration pendingKill;
    boolean killing;
    long killStartNanos;
    long killDeadlineNanos;
    ScheduledFuture<?> escalation;
    /** The processes SIGTERM went to, for the SIGKILL that follows. */
    CompletableFuture<List<ProcessHandle>> signalled;
    boolean killedForCompletionTime;
    ScheduledFuture<?> completionTimer;
    /** The task's health check while it runs ({@link TaskHealth}); null when it has none or it stopped. */
    HealthChecker health;
    HealthHistory healthHistory;
    /** Why the task's health check had it killed: its terminal update says {@code healthy: false} and this. */
    String killedByHealthCheck;

    TaskRun(FrameworkID frameworkId, TaskInfo info, ExecutorID executorId, ContainerID containerId, Path sandbox,
            String user) {
        this.frameworkId = frameworkId;
        this.info = info;
        this.executorId = executorId;
        this.containerId = containerId;
        this.sandbox = sandbox;
        this.user = user;
    }

    boolean isTerminal() {
        return phase == Phase.DONE;
    }

    /** No process of this task runs or can still appear. */
    boolean isGone() {
        return !launchInFlight && (process == null || exited);
    }

    void cancelTimers() {
        if (escalation != null) {
            escalation.cancel(false);
            escalation = null;
        }
        if (completionTimer != null) {
            completionTimer.cancel(false);
            completionTimer = null;
        }
        TaskHealth.stop(this);
    }

    /** The task as master and agent report it, with its latest state and the update waiting for acknowledgement. */
    Task toTask(AgentID agentId, Optional<TaskStatus> inFlight) {
        Task.Builder t = TaskViews.task(info, frameworkId, agentId, state, statuses, user, inFlight);
        if (info.hasExecutor()) {
            // command tasks have no executor of their own in Mesos's Task (the agent generates one)
            t.setExecutorId(executorId);
        }
        return t.build();
    }


    /** The run as /state shows it: an executor with the task, under tasks or, once terminal, completed_tasks. */
    TasksView.ExecutorView view(AgentID agentId, Optional<TaskStatus> inFlight) {
        Task task = toTask(agentId, inFlight);
        return new TasksView.ExecutorView(executorId, executorName(), info.getTaskId().getValue(), containerId,
                sandbox, info.getResourcesList(), isTerminal() ? List.of() : List.of(task),
                isTerminal() ? List.of(task) : List.of(), user);
    }

    /** The variables the agent gives the command (Mesos's environment of a command or a default executor's task). */
    Map<String, String> mesosVariables(AgentID agentId, String agentEndpoint) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("MESOS_FRAMEWORK_ID", frameworkId.getValue());
        v.put("MESOS_EXECUTOR_ID", executorId.getValue());
        v.put("MESOS_TASK_ID", info.getTaskId().getValue());
        v.put("MESOS_AGENT_ID", agentId.getValue());
        v.put("MESOS_SLAVE_ID", agentId.getValue());
        v.put("MESOS_AGENT_ENDPOINT", agentEndpoint);
        v.put("MESOS_SANDBOX", sandbox.toString());
        v.put("MESOS_DIRECTORY", group == null ? sandbox.toString() : group.executor.sandbox.toString());
        info.getResourcesList().stream().filter(Resource::hasAllocationInfo).findFirst()
                .ifPresent(r -> v.put("MESOS_ALLOCATION_ROLE", r.getAllocationInfo().getRole()));
        return v;
    }

    /** Mesos's name for a command executor: "Command Executor (Task: t) (Command: sh -c '...')". */
    String executorName() {
        if (info.hasExecutor() && info.getExecutor().hasName()) {
            return info.getExecutor().getName();
        }
        String name = "(Task: " + info.getTaskId().getValue() + ") ";
        CommandInfo c = info.getCommand();
        if (c.getShell()) {
            name += !c.hasValue() ? "(Command: NO COMMAND)"
                    : "(Command: sh -c '" + (c.getValue().length() > 15 ? c.getValue().substring(0, 12) + "..."
                            : c.getValue()) + "')";
        } else {
            String args = c.getValue() + ", " + String.join(", ", c.getArgumentsList());
            name += !c.hasValue() ? "(Command: NO EXECUTABLE)"
                    : "(Command: [" + (args.length() > 15 ? args.substring(0, 12) + "..." : args) + "])";
        }
        return "Command Executor " + name;
    }
}
