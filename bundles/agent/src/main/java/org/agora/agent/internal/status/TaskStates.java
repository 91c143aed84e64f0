package org.agora.agent.internal.status;

import org.agora.api.v1.Protos.TaskState;

/** Facts about task states that the agent needs in several places. */
public final class TaskStates {
    private TaskStates() {
    }

    /** Terminal as Mesos's {@code protobuf::isTerminalState}: the task will never change state again. */
    public static boolean isTerminal(TaskState state) {
        return switch (state) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
                    TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }
}
