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

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checked DRF allocator options.
 *
 * @param fairnessExcluded resource names left out of dominant shares
 * @param filterGpuAgents whether GPU agents go only to GPU_RESOURCES frameworks
 * @param metricsWindow runs kept for the run-time percentiles
 */
record DrfSettings(Set<String> fairnessExcluded, boolean filterGpuAgents, int metricsWindow) {

    static DrfSettings defaults() {
        return new DrfSettings(Set.of(), true, 1000);
    }

    /** @throws IllegalArgumentException naming the option when a value is out of range */
    static DrfSettings from(DrfConfig c) {
        if (c.metrics_window() < 1) {
            throw new IllegalArgumentException(DrfAllocator.PID + ": metrics.window=" + c.metrics_window()
                    + " must be at least 1");
        }
        Set<String> excluded = Arrays.stream(c.fairness_exclude_resource_names().split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        return new DrfSettings(excluded, c.filter_gpu_resources(), c.metrics_window());
    }
}
