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
package org.agora.allocator.drf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private final Cluster c = new Cluster();

    @Test
    void runsSharesAndResourcesAreReportedUnderMesosNames() {
        c.framework("f1", "a");
        c.framework("f2", "b/c");
        c.agents(4, "cpus:2;mem:1024");
        for (int i = 0; i < 5; i++) {
            c.allocate();
        }
        Map<String, Double> m = c.allocator.metrics();

        assertThat(m).containsEntry("allocation_runs", 5.0).containsEntry("allocation_run_ms/count", 5.0)
                .containsKeys("allocation_run_ms", "allocation_run_ms/p50", "allocation_run_ms/p90",
                        "allocation_run_ms/p99", "allocation_run_ms/max", "allocation_run_ms/min");
        assertThat(m.get("allocation_run_ms/p99")).isGreaterThanOrEqualTo(m.get("allocation_run_ms/p50"));
        assertThat(m).containsEntry("resources/cpus/total", 8.0).containsEntry("resources/mem/total", 4096.0)
                .containsEntry("resources/cpus/offered_or_allocated", 8.0);
        assertThat(m).containsEntry("roles/a/shares/dominant", 0.5).containsEntry("roles/b/shares/dominant", 0.5)
                .containsEntry("roles/b/c/shares/dominant", 0.5);
    }

    @Test
    void percentilesInterpolateBetweenRanks() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(RunStats.percentile(sorted, 0.5)).isEqualTo(5.5);
        assertThat(RunStats.percentile(sorted, 0.9)).isEqualTo(9.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(RunStats.percentile(sorted, 1.0)).isEqualTo(10);
    }

    @Test
    void theWindowKeepsTheLatestRuns() {
        RunStats stats = new RunStats(3);
        for (int i = 1; i <= 10; i++) {
            stats.record(i);
        }
        Map<String, Double> m = new java.util.HashMap<>();
        stats.into(m);
        assertThat(m).containsEntry("allocation_runs", 10.0).containsEntry("allocation_run_ms/count", 3.0)
                .containsEntry("allocation_run_ms/min", 8.0).containsEntry("allocation_run_ms/max", 10.0);
    }
}
