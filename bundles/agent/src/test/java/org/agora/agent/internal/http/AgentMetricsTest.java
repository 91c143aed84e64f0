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
package org.agora.agent.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.agent.internal.Agent;
import org.agora.agent.internal.master.MasterLink;
import org.agora.agent.internal.task.TasksView;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final FrameworkInfo FRAMEWORK = FrameworkInfo.newBuilder().setUser("u").setName("f")
            .setId(FrameworkID.newBuilder().setValue("fw")).build();

    private static Task task(String id, TaskState state, String resources) {
        return Task.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id)).setFrameworkId(
                FRAMEWORK.getId()).setAgentId(org.agora.api.v1.Protos.AgentID.newBuilder().setValue("a"))
                .setState(state).addAllResources(Resources.parse(resources).toList()).build();
    }

    private static TasksView.ExecutorView executor(String id, String resources, List<Task> live,
            List<Task> done) {
        return new TasksView.ExecutorView(ExecutorID.newBuilder().setValue(id).build(), id, "",
                ContainerID.newBuilder().setValue("c-" + id).build(), Path.of("/sandbox", id),
                Resources.parse(resources).toList(), live, done, "u");
    }

    private static Agent.AgentSnapshot snapshot(MasterLink.State link, List<TasksView.ExecutorView> executors,
            Map<TaskState, Long> ended) {
        return new Agent.AgentSnapshot(AgentInfo.newBuilder().setHostname("h").build(),
                Resources.parse("cpus:4;mem:1024;disk:100"), T0, link, Optional.empty(),
                new TasksView(executors.isEmpty() ? List.of()
                        : List.of(new TasksView.FrameworkView(FRAMEWORK, executors, List.of())), List.of()),
                ended);
    }

    @Test
    void aCommandTaskCountsOnceAndACustomExecutorCountsBesideItsTasks() {
        // a command task's executor has the task's id and resources; a custom executor has its own
        TasksView.ExecutorView command = executor("cmd", "cpus:0.5;mem:64",
                List.of(task("cmd", TaskState.TASK_RUNNING, "cpus:0.5;mem:64")), List.of());
        TasksView.ExecutorView custom = executor("exec", "cpus:0.1;mem:32",
                List.of(task("t1", TaskState.TASK_RUNNING, "cpus:1;mem:128"),
                        task("t2", TaskState.TASK_STAGING, "cpus:1;mem:128")),
                List.of(task("t0", TaskState.TASK_FINISHED, "cpus:1;mem:128")));

        Map<String, Double> m = AgentMetrics.figures(snapshot(MasterLink.State.REGISTERED, List.of(command, custom),
                Map.of(TaskState.TASK_FINISHED, 3L, TaskState.TASK_KILLED, 1L)), T0.plusSeconds(12));

        assertThat(m).containsEntry("slave/cpus_used", 2.6).containsEntry("slave/mem_used", 352.0)
                .containsEntry("slave/cpus_total", 4.0).containsEntry("slave/cpus_percent", 0.65)
                .containsEntry("slave/tasks_running", 2.0).containsEntry("slave/tasks_staging", 1.0)
                .containsEntry("slave/tasks_finished", 3.0).containsEntry("slave/tasks_killed", 1.0)
                .containsEntry("slave/tasks_failed", 0.0).containsEntry("slave/executors_running", 2.0)
                .containsEntry("slave/frameworks_active", 1.0).containsEntry("slave/registered", 1.0)
                .containsEntry("slave/uptime_secs", 12.0);
    }

    @Test
    void everyKeyTheOperatorGuideListsIsThereAndAnUnregisteredAgentSaysSo() {
        Map<String, Double> m = AgentMetrics.figures(snapshot(MasterLink.State.BACKING_OFF, List.of(), Map.of()),
                T0);

        assertThat(m).containsOnlyKeys("slave/uptime_secs", "slave/registered", "slave/frameworks_active",
                "slave/tasks_staging", "slave/tasks_starting", "slave/tasks_running", "slave/tasks_killing",
                "slave/tasks_finished", "slave/tasks_failed", "slave/tasks_killed", "slave/tasks_lost",
                "slave/tasks_gone", "slave/executors_running",
                "slave/cpus_total", "slave/cpus_used", "slave/cpus_percent",
                "slave/mem_total", "slave/mem_used", "slave/mem_percent",
                "slave/disk_total", "slave/disk_used", "slave/disk_percent",
                "slave/gpus_total", "slave/gpus_used", "slave/gpus_percent");
        assertThat(m).containsEntry("slave/registered", 0.0).containsEntry("slave/cpus_used", 0.0)
                .containsEntry("slave/gpus_percent", 0.0);
    }
}
