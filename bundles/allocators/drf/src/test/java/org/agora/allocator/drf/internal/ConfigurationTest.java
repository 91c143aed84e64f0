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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agora.api.allocator.AllocatorOptions;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

    @Test
    void optionsAreReadFromConfigurationProperties() {
        DrfAllocator a = new DrfAllocator(Map.of("fairness.exclude.resource.names", "gpus, fpgas",
                "filter.gpu.resources", "false"));
        List<String> offered = new ArrayList<>();
        a.initialize(AllocatorOptions.defaults(), (f, r) -> offered.add(f.getValue()));
        a.addFramework(Cluster.frameworkId("plain"), FrameworkInfo.newBuilder().setUser("u").setName("plain")
                .build(), Map.of(), true, Set.of());
        a.addAgent(Cluster.agentId("g"), AgentInfo.getDefaultInstance(), Resources.parse("cpus:1;mem:64;gpus:1"),
                Map.of());
        a.allocate();
        // GPU agents are not kept for GPU frameworks
        assertThat(offered).containsExactly("plain");
    }

    @Test
    void aMalformedValueNamesItsKey() {
        assertThatThrownBy(() -> new DrfAllocator(Map.of("filter.gpu.resources", "maybe")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filter.gpu.resources");
        assertThatThrownBy(() -> new DrfAllocator(Map.of("metrics.window", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metrics.window");
    }

    @Test
    void aChangedConfigurationAppliesFromTheNextCycle() {
        DrfAllocator a = new DrfAllocator(Map.of());
        List<String> offered = new ArrayList<>();
        a.initialize(AllocatorOptions.defaults(), (f, r) -> offered.add(f.getValue()));
        a.addFramework(Cluster.frameworkId("plain"), FrameworkInfo.newBuilder().setUser("u").setName("plain")
                .build(), Map.of(), true, Set.of());
        a.addAgent(Cluster.agentId("g"), AgentInfo.getDefaultInstance(), Resources.parse("cpus:1;mem:64;gpus:1"),
                Map.of());
        a.allocate();
        assertThat(offered).isEmpty();

        a.modified(Map.of("filter.gpu.resources", false));
        a.allocate();
        assertThat(offered).containsExactly("plain");
    }

    @Test
    void invalidWeightsAreRefused() {
        DrfAllocator a = new DrfAllocator(Map.of());
        assertThatThrownBy(() -> a.updateWeights(Map.of("r", 0.0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("role r");
        assertThatThrownBy(() -> a.updateWeights(Map.of("r", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
