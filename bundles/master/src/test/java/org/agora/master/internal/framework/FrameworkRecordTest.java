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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/** A framework's tasks by agent: what re-registrations and agent removals read instead of every task. */
class FrameworkRecordTest {
    private static final AgentID A = AgentID.newBuilder().setValue("A").build();
    private static final AgentID B = AgentID.newBuilder().setValue("B").build();

    private final FrameworkRecord f = new FrameworkRecord(FrameworkInfo.newBuilder().setUser("u").setName("f")
            .setId(FrameworkID.newBuilder().setValue("F")).build(), Instant.EPOCH);

    private static TaskRecord task(String id, AgentID agent, TaskState state, String resources) {
        return new TaskRecord(Task.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setFrameworkId(FrameworkID.newBuilder().setValue("F")).setAgentId(agent).setState(state)
                .addAllResources(Resources.parse(resources).toList()).build());
    }

    @Test
    void tasksOnAnAgentAreOnlyThatAgentsTasks() {
        f.putTask(task("t1", A, TaskState.TASK_RUNNING, "cpus:1;mem:10"));
        f.putTask(task("t2", B, TaskState.TASK_RUNNING, "cpus:2;mem:20"));
        f.putTask(task("t3", A, TaskState.TASK_RUNNING, "cpus:3;mem:30"));

        assertThat(f.tasksOn(A)).extracting(TaskRecord::id).containsExactly("t1", "t3");
        assertThat(f.tasksOn(B)).extracting(TaskRecord::id).containsExactly("t2");
        assertThat(f.usedOn(A)).isEqualTo(Resources.parse("cpus:4;mem:40"));
        assertThat(f.usedOn(A)).isEqualTo(f.usedByAgent().get(A));
    }

    @Test
    void aTaskReplacedFromAnotherAgentsReportMovesToThatAgent() {
        f.putTask(task("t1", A, TaskState.TASK_STAGING, "cpus:1;mem:10"));
        f.putTask(task("t1", B, TaskState.TASK_RUNNING, "cpus:1;mem:10"));

        assertThat(f.tasksOn(A)).isEmpty();
        assertThat(f.usedOn(A).isEmpty()).isTrue();
        assertThat(f.tasksOn(B)).extracting(TaskRecord::id).containsExactly("t1");
        assertThat(f.tasks()).hasSize(1);
    }

    @Test
    void completedAndTerminalTasksHoldNothing() {
        TaskRecord t1 = task("t1", A, TaskState.TASK_RUNNING, "cpus:1;mem:10");
        f.putTask(t1);
        TaskRecord t2 = task("t2", A, TaskState.TASK_RUNNING, "cpus:2;mem:20");
        f.putTask(t2);
        t2.update(TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("t2"))
                .setState(TaskState.TASK_FINISHED).build());
        f.complete(t1, 10);

        assertThat(f.tasksOn(A)).extracting(TaskRecord::id).containsExactly("t2");
        assertThat(f.usedOn(A).isEmpty()).isTrue();
        assertThat(f.completedTasks()).extracting(t -> t.getTaskId().getValue()).containsExactly("t1");
    }

    @Test
    void executorsCountOnTheirAgent() {
        f.addExecutor(B, ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("e"))
                .addAllResources(Resources.parse("cpus:0.5;mem:32").toList()).build());

        assertThat(f.usedOn(B)).isEqualTo(Resources.parse("cpus:0.5;mem:32"));
        assertThat(f.usedOn(A).isEmpty()).isTrue();
    }

    @Test
    void theTaskMapIsChangedOnlyThroughTheRecord() {
        f.putTask(task("t1", A, TaskState.TASK_RUNNING, "cpus:1"));

        assertThatThrownBy(() -> f.tasks().remove("t1")).isInstanceOf(UnsupportedOperationException.class);
    }
}
