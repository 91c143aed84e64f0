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

import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;

/** Status updates the master makes itself, and what a framework may see of a state. */
public final class Statuses {
    private Statuses() {
    }

    /** A master-generated status: source MASTER, no uuid (frameworks do not acknowledge these). */
    public static TaskStatus master(TaskID taskId, AgentID agentId, TaskState state, TaskStatus.Reason reason,
            String message) {
        TaskStatus.Builder b = TaskStatus.newBuilder().setTaskId(taskId).setState(state)
                .setSource(TaskStatus.Source.SOURCE_MASTER).setReason(reason).setMessage(message)
                .setTimestamp(System.currentTimeMillis() / 1000.0);
        if (agentId != null && !agentId.getValue().isEmpty()) {
            b.setAgentId(agentId);
        }
        return b.build();
    }

    /**
     * The state a framework is told: states added after Mesos 1.0 (DROPPED, UNREACHABLE, GONE, GONE_BY_OPERATOR,
     * UNKNOWN) only reach PARTITION_AWARE frameworks; others see TASK_LOST.
     */
    public static TaskStatus forFramework(TaskStatus status, boolean partitionAware) {
        if (partitionAware) {
            return status;
        }
        return switch (status.getState()) {
            case TASK_DROPPED, TASK_UNREACHABLE, TASK_GONE, TASK_GONE_BY_OPERATOR, TASK_UNKNOWN ->
                    status.toBuilder().setState(TaskState.TASK_LOST).build();
            default -> status;
        };
    }
}
