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
package org.agora.master.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.http.SystemMetrics;
import org.agora.master.internal.MasterSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterMetricsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final MasterInfo SELF = MasterInfo.newBuilder().setId("m").setIp(0).setPort(5050).build();

    private static MasterSnapshot leading(Map<TaskState, Long> ended) {
        return new MasterSnapshot(SELF, true, Optional.of(SELF), T0, Optional.of(T0), List.of(), List.of(),
                new FrameworkSnapshot.All(List.of(), List.of()), Map.of(), "drf",
                Map.of("allocation_runs", 7.0), Map.of(), List.of(), ended);
    }

    @TempDir
    Path proc;

    @Test
    void everyKeyTheOperatorGuideListsIsThere() throws IOException {
        Files.writeString(proc.resolve("loadavg"), "0.50 0.25 0.10 1/100 42\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal: 2048 kB\nMemFree: 1024 kB\n");
        Map<String, Double> figures = new MasterMetrics(() -> 3, () -> 5, () -> 2,
                new SystemMetrics(proc))
                .figures(leading(Map.of()), T0.plusSeconds(90));

        assertThat(figures).containsOnlyKeys("master/elected", "master/uptime_secs", "master/slaves_active",
                "master/slaves_inactive", "master/slaves_connected", "master/slaves_disconnected",
                "master/slaves_unreachable", "master/frameworks_active", "master/frameworks_inactive",
                "master/frameworks_connected", "master/frameworks_disconnected", "master/outstanding_offers",
                "master/tasks_staging", "master/tasks_starting", "master/tasks_running", "master/tasks_killing",
                "master/tasks_unreachable", "master/tasks_finished", "master/tasks_failed", "master/tasks_killed",
                "master/tasks_lost", "master/tasks_error", "master/tasks_dropped", "master/tasks_gone",
                "master/tasks_gone_by_operator",
                "master/cpus_total", "master/cpus_used", "master/cpus_offered", "master/cpus_percent",
                "master/mem_total", "master/mem_used", "master/mem_offered", "master/mem_percent",
                "master/disk_total", "master/disk_used", "master/disk_offered", "master/disk_percent",
                "master/gpus_total", "master/gpus_used", "master/gpus_offered", "master/gpus_percent",
                "master/messages_status_update_duplicates_dropped", "master/messages_registrations_retry_later",
                "master/agent_registrations_waiting", "allocator/drf/allocation_runs",
                "system/cpus_total", "system/load_1min", "system/load_5min", "system/load_15min",
                "system/mem_total_bytes", "system/mem_free_bytes");
        assertThat(figures).containsEntry("master/elected", 1.0).containsEntry("master/uptime_secs", 90.0)
                .containsEntry("master/messages_status_update_duplicates_dropped", 3.0)
                .containsEntry("master/messages_registrations_retry_later", 5.0)
                .containsEntry("master/agent_registrations_waiting", 2.0)
                .containsEntry("allocator/drf/allocation_runs", 7.0).containsEntry("system/load_1min", 0.5)
                .containsEntry("system/mem_free_bytes", 1024 * 1024.0);
    }

    @Test
    void endedTasksAreCountedByTheTerminalStateTheyReached() {
        Map<String, Double> figures = MasterMetrics.figuresOf(leading(Map.of(TaskState.TASK_FINISHED, 4L,
                TaskState.TASK_FAILED, 1L, TaskState.TASK_GONE_BY_OPERATOR, 2L)), T0);

        assertThat(figures).containsEntry("master/tasks_finished", 4.0).containsEntry("master/tasks_failed", 1.0)
                .containsEntry("master/tasks_gone_by_operator", 2.0).containsEntry("master/tasks_killed", 0.0)
                .containsEntry("master/tasks_running", 0.0);
    }

    @Test
    void aFollowerSaysItIsNotElected() {
        MasterSnapshot follower = new MasterSnapshot(SELF, false, Optional.empty(), T0, Optional.empty(), List.of(),
                List.of(), new FrameworkSnapshot.All(List.of(), List.of()), Map.of(), "none", Map.of(), Map.of(),
                List.of());

        assertThat(MasterMetrics.figuresOf(follower, T0)).containsEntry("master/elected", 0.0)
                .containsEntry("master/tasks_finished", 0.0);
    }
}
