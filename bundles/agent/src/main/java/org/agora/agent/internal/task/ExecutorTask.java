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

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.agora.agent.internal.checkpoint.RunCheckpoint;
import org.agora.agent.internal.status.TaskStates;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;

/**
 * A task of a custom executor, from RunTask until its terminal update is acknowledged: the executor runs it; the
 * agent records the statuses the executor (or, when the executor goes, the agent) reports. Actor thread only.
 */
final class ExecutorTask {
    final TaskInfo info;
    TaskState state = TaskState.TASK_STAGING;
    final List<TaskStatus> statuses = new ArrayList<>(4);
    /** The executor has been sent the task (LAUNCH or LAUNCH_GROUP). */
    boolean delivered;
    /** Set when the framework checkpoints. */
    RunCheckpoint checkpoint;

    ExecutorTask(TaskInfo info) {
        this.info = info;
    }

    String id() {
        return info.getTaskId().getValue();
    }

    boolean isTerminal() {
        return TaskStates.isTerminal(state);
    }

    void record(TaskStatus status) {
        statuses.add(status);
        state = status.getState();
    }

    /** The task as master and agent report it. */
    Task toTask(AgentID agentId, FrameworkID frameworkId, String user, Optional<TaskStatus> inFlight) {
        return TaskViews.task(info, frameworkId, agentId, state, statuses, user, inFlight)
                .setExecutorId(info.getExecutor().getExecutorId()).build();
    }

}
