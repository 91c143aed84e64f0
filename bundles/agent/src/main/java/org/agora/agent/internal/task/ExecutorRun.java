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
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.agora.agent.internal.checkpoint.ExecutorCheckpoint;
import org.agora.api.containerizer.Containerizer;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskStatus;

/**
 * One run of a framework's custom executor: its process, its subscription to the executor API, and its tasks, queued
 * until it subscribes and then handed to it. Touched only on the agent's actor thread.
 */
final class ExecutorRun {
    /** Mesos's executor states. */
    enum State {
        /** Sandbox, user and URIs are being prepared; the process starts next. */
        LAUNCHING,
        /** The process runs and has not subscribed yet (or, after an agent restart, not again yet). */
        REGISTERING,
        /** Subscribed: tasks go to it as they come. */
        RUNNING,
        /** Told to shut down (or killed); its process is on its way out. */
        TERMINATING,
        /** Its process ended. */
        TERMINATED
    }

    final FrameworkID frameworkId;
    final ExecutorInfo info;
    final ContainerID containerId;
    final Path sandbox;
    final String user;
    /** A call with the token of an earlier container of this executor id was refused and logged. */
    boolean staleTokenLogged;
    /** Set when the framework checkpoints. */
    ExecutorCheckpoint checkpoint;

    State state = State.LAUNCHING;
    LaunchJob launch;
    /** The executor's process: the one the agent started, or the one it adopted after a restart. */
    ProcessHandle process;
    /**
     * The containerizer that launched it (an executor in an image), or that adopted it since; null for a plain
     * process and for one adopted after an agent restart (the agent watches that one's process itself).
     */
    Containerizer containerizer;
    /** The current subscription; null while the executor is not connected. */
    ExecutorConnection connection;
    /** Tasks not yet forgotten (terminal and acknowledged ones are), in the order they came. */
    final Map<String, ExecutorTask> tasks = new LinkedHashMap<>();
    /** What the executor is to be sent once it subscribes, in order. */
    final ArrayDeque<Delivery> undelivered = new ArrayDeque<>();
    final ArrayDeque<Task> completedTasks = new ArrayDeque<>();

    ScheduledFuture<?> registrationTimer;
    ScheduledFuture<?> shutdownTimer;
    ScheduledFuture<?> heartbeat;
    /** Why its live tasks fail when it ends, when the agent ended it (registration timeout, ...). */
    TaskStatus.Reason endReason;
    String endMessage;
    /** A SHUTDOWN was asked for (by the scheduler, or its framework is shut down): its tasks end killed. */
    boolean shutdownRequested;
    /** The master was told it ended. */
    boolean endReported;

    /** Tasks to hand to the executor: one task (LAUNCH) or a task group (LAUNCH_GROUP). */
    record Delivery(List<ExecutorTask> tasks, boolean group) {
    }

    ExecutorRun(FrameworkID frameworkId, ExecutorInfo info, ContainerID containerId, Path sandbox, String user) {
        this.frameworkId = frameworkId;
        this.info = info;
        this.containerId = containerId;
        this.sandbox = sandbox;
        this.user = user;
    }

    String id() {
        return info.getExecutorId().getValue();
    }

    ExecutorTask task(String taskId) {
        return tasks.get(taskId);
    }

    boolean terminated() {
        return state == State.TERMINATED;
    }

    void cancelTimers() {
        for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {registrationTimer, shutdownTimer, heartbeat}) {
            if (f != null) {
                f.cancel(false);
            }
        }
        registrationTimer = null;
        shutdownTimer = null;
        heartbeat = null;
    }

    /** Mesos keeps this many completed tasks per executor. */
    static final int MAX_COMPLETED_TASKS = 200;

    void addCompleted(Task task) {
        completedTasks.addLast(task);
        while (completedTasks.size() > MAX_COMPLETED_TASKS) {
            completedTasks.removeFirst();
        }
    }
}
