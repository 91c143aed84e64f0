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
package org.agora.master.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.FrameworkUsage;
import org.junit.jupiter.api.Test;

/** agora:tasks keeps the tasks that meet every criterion given, and names a bad state with the allowed ones. */
class TaskFilterTest {
    private static final FrameworkSnapshot WEB = new FrameworkSnapshot(FrameworkInfo.newBuilder()
            .setId(FrameworkID.newBuilder().setValue("fw-web")).setName("web").setUser("nobody").build(), true, true,
            false, Instant.EPOCH, Optional.empty(), Optional.empty(), Set.of("web"), List.of(), List.of(), List.of(),
            List.of(), FrameworkUsage.of(List.of(), List.of()), Resources.empty());

    private static TaskRows.Row row(String id, String name, String agent, TaskState state, String role) {
        Task.Builder t = Task.newBuilder().setTaskId(TaskID.newBuilder().setValue(id)).setName(name)
                .setFrameworkId(FrameworkID.newBuilder().setValue("fw-web"))
                .setAgentId(AgentID.newBuilder().setValue(agent)).setState(state);
        if (role != null) {
            t.addResources(Resource.newBuilder().setName("cpus").setType(org.agora.api.v1.Protos.Value.Type.SCALAR)
                    .setScalar(org.agora.api.v1.Protos.Value.Scalar.newBuilder().setValue(1))
                    .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role)));
        }
        return new TaskRows.Row(t.build(), WEB, true);
    }

    private final TaskRows.Row running = row("t-1", "frontend", "S1", TaskState.TASK_RUNNING, "web/a");
    private final TaskRows.Row finished = row("t-2", "batch", "S2", TaskState.TASK_FINISHED, null);

    @Test
    void statesAreMesosNamesInAnyCaseWithOrWithoutThePrefix() {
        assertThat(TaskFilter.states("TASK_RUNNING")).containsExactly(TaskState.TASK_RUNNING);
        assertThat(TaskFilter.states("running, Finished")).containsExactlyInAnyOrder(TaskState.TASK_RUNNING,
                TaskState.TASK_FINISHED);
        assertThat(TaskFilter.of("finished", null, null, null, null).wantsFinished()).isTrue();
        assertThat(TaskFilter.of("running", null, null, null, null).wantsFinished()).isFalse();
    }

    @Test
    void anUnknownStateIsNamedWithTheAllowedOnes() {
        assertThatThrownBy(() -> TaskFilter.states("running,sleeping"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown task state 'sleeping'; allowed: TASK_STAGING, TASK_STARTING, "
                        + "TASK_RUNNING")
                .hasMessageNotContaining("\n");
    }

    @Test
    void everyCriterionGivenMustHold() {
        assertThat(TaskFilter.of("running", null, null, null, null).keeps(running)).isTrue();
        assertThat(TaskFilter.of("running", null, null, null, null).keeps(finished)).isFalse();
        assertThat(TaskFilter.of(null, null, "S2", null, null).keeps(finished)).isTrue();
        assertThat(TaskFilter.of(null, null, "S2", null, null).keeps(running)).isFalse();
        assertThat(TaskFilter.of(null, "fw-web", null, null, null).keeps(running)).isTrue();
        assertThat(TaskFilter.of(null, "fw-other", null, null, null).keeps(running)).isFalse();
        // the allocation role, else the framework's role
        assertThat(TaskFilter.of(null, null, null, "web/a", null).keeps(running)).isTrue();
        assertThat(TaskFilter.of(null, null, null, "web", null).keeps(finished)).isTrue();
        assertThat(TaskFilter.of(null, null, null, "web", null).keeps(running)).isFalse();
        // a part of the id or the name, in any case
        assertThat(TaskFilter.of(null, null, null, null, "FRONT").keeps(running)).isTrue();
        assertThat(TaskFilter.of(null, null, null, null, "t-2").keeps(finished)).isTrue();
        assertThat(TaskFilter.of(null, null, null, null, "t-2").keeps(running)).isFalse();
        assertThat(TaskFilter.of("running", "fw-web", "S1", "web/a", "front").keeps(running)).isTrue();
    }
}
