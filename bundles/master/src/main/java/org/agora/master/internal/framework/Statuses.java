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
