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
package org.agora.scheduler.client.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

class TaskReportsTest {

    private static TaskStatus status(TaskState state, String message) {
        return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("t-0")).setState(state)
                .setMessage(message).build();
    }

    @Test
    void linesNameTheTaskStateAndAgentAndExplainFailures() {
        assertThat(TaskReports.line(status(TaskState.TASK_RUNNING, "ignored"), "a-S1", "host1"))
                .isEqualTo("task t-0 TASK_RUNNING on agent a-S1 (host1)");
        assertThat(TaskReports.line(status(TaskState.TASK_FAILED, "Command exited with status 3").toBuilder()
                .setReason(TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED).build(), "a-S1", ""))
                .isEqualTo("task t-0 TASK_FAILED on agent a-S1: Command exited with status 3"
                        + " (REASON_COMMAND_EXECUTOR_FAILED)");
        assertThat(TaskReports.line(status(TaskState.TASK_LOST, "").toBuilder()
                .setReason(TaskStatus.Reason.REASON_AGENT_REMOVED).build(), "", ""))
                .isEqualTo("task t-0 TASK_LOST: (REASON_AGENT_REMOVED)");
    }

    @Test
    void theExitStatusIsZeroOnlyWhenEveryTaskFinished() {
        TaskStatus finished = status(TaskState.TASK_FINISHED, "Command exited with status 0");
        TaskStatus failed = status(TaskState.TASK_FAILED, "Command exited with status 7");

        assertThat(TaskReports.exitStatus(List.of(finished))).isZero();
        assertThat(TaskReports.exitStatus(List.of(finished, finished))).isZero();
        assertThat(TaskReports.exitStatus(List.of(failed))).isEqualTo(7);
        assertThat(TaskReports.exitStatus(List.of(finished, failed))).isEqualTo(1);
        assertThat(TaskReports.exitStatus(List.of(status(TaskState.TASK_KILLED, "Command terminated with signal"))))
                .isEqualTo(1);
        assertThat(TaskReports.summary(List.of(finished, failed, finished)))
                .isEqualTo("3 tasks: 1 TASK_FAILED, 2 TASK_FINISHED");
    }
}
