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
