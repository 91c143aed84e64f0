package org.agora.testing.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

class TaskHistoryTest {

    private static TaskHistory.Update update(TaskState state, String uuid, boolean reconciliation) {
        TaskStatus.Builder s = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("t")).setState(state);
        if (uuid != null) {
            s.setUuid(ByteString.copyFromUtf8(uuid));
        }
        if (reconciliation) {
            s.setReason(TaskStatus.Reason.REASON_RECONCILIATION);
        }
        return new TaskHistory.Update(0, "m", s.build());
    }

    @Test
    void aResentTerminalUpdateCountsOnceAndAsARedelivery() {
        TaskHistory h = new TaskHistory("t");
        h.updated(update(TaskState.TASK_RUNNING, "u1", false));
        h.updated(update(TaskState.TASK_FINISHED, "u2", false));
        h.updated(update(TaskState.TASK_FINISHED, "u2", false));

        assertThat(h.terminalReports()).isEqualTo(1);
        assertThat(h.redeliveries()).isEqualTo(1);
        assertThat(h.ended()).isTrue();
    }

    @Test
    void twoDifferentTerminalUpdatesAreTwoReports() {
        TaskHistory h = new TaskHistory("t");
        h.updated(update(TaskState.TASK_FINISHED, "u1", false));
        h.updated(update(TaskState.TASK_FINISHED, "u2", false));

        assertThat(h.terminalReports()).isEqualTo(2);
    }

    @Test
    void aReconciliationAnswerDoesNotEndTheTaskButStaysInItsHistory() {
        TaskHistory h = new TaskHistory("t");
        h.updated(update(TaskState.TASK_RUNNING, "u1", false));
        h.updated(update(TaskState.TASK_LOST, null, true));
        h.updated(update(TaskState.TASK_RUNNING, null, true));
        h.updated(update(TaskState.TASK_FINISHED, "u2", false));
        h.updated(update(TaskState.TASK_UNKNOWN, null, true));

        assertThat(h.ended()).isTrue();
        assertThat(h.lastReported()).hasValue(TaskState.TASK_FINISHED);
        assertThat(h.state()).hasValue(TaskState.TASK_UNKNOWN);
        assertThat(h.untilEnd()).extracting(u -> u.status().getState()).containsExactly(TaskState.TASK_RUNNING,
                TaskState.TASK_LOST, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
        assertThat(h.states()).containsExactly("RUNNING", "~LOST", "~RUNNING", "FINISHED", "~UNKNOWN");
        assertThat(h.terminalReports()).isEqualTo(1);
    }
}
