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
package org.agora.master.internal.framework;

import java.util.ArrayList;
import java.util.List;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;

/** The master's view of one task; touched only on the actor thread. */
public final class TaskRecord {
    private Task task;
    private final Resources resources;
    /** Whether the task's resources are still counted as allocated (given back on its first terminal update). */
    private boolean holdsResources;
    /** Whether the task reached a terminal state (it counts once in the metrics of ended tasks). */
    private boolean ended;

    public TaskRecord(Task task) {
        this.task = task;
        this.resources = Resources.of(task.getResourcesList());
        this.holdsResources = !isTerminal(task.getState());
        this.ended = isTerminal(task.getState());
    }

    public Task task() {
        return task;
    }

    public String id() {
        return task.getTaskId().getValue();
    }

    public AgentID agentId() {
        return task.getAgentId();
    }

    public TaskState state() {
        return task.getState();
    }

    public Resources resources() {
        return resources;
    }

    /**
     * Records a status; keeps the latest status of each state, as Mesos's Task.statuses does.
     *
     * @return true the first time the task's state turns terminal (a later terminal state does not count again)
     */
    public boolean update(TaskStatus status) {
        List<TaskStatus> statuses = new ArrayList<>(task.getStatusesList());
        statuses.removeIf(s -> s.getState() == status.getState());
        statuses.add(status.toBuilder().clearData().build());
        Task.Builder b = task.toBuilder().setState(status.getState()).clearStatuses().addAllStatuses(statuses);
        if (status.hasUuid()) {
            b.setStatusUpdateState(status.getState()).setStatusUpdateUuid(status.getUuid());
        }
        task = b.build();
        boolean endsNow = !ended && isTerminal(status.getState());
        ended |= endsNow;
        return endsNow;
    }

    /** True once, for the caller that gives the resources back. */
    public boolean releaseResources() {
        boolean had = holdsResources;
        holdsResources = false;
        return had;
    }

    public static boolean isTerminal(TaskState s) {
        return switch (s) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
                    TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }
}
