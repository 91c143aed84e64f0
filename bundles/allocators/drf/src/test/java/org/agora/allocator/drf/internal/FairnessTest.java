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
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Set;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentInfo;
import org.junit.jupiter.api.Test;

class FairnessTest {
    private final Cluster c = new Cluster();

    @Test
    void twoFrameworksOfEqualWeightConvergeToEqualDominantShares() {
        c.framework("f1", "*");
        c.framework("f2", "*");
        // f1 already runs on 30 agents: f2 catches up first, then they alternate
        for (int i = 0; i < 100; i++) {
            String id = String.format("a%03d", i);
            Resources total = Resources.parse("cpus:2;mem:1024");
            c.totals.put(id, total);
            var used = i < 30 ? Map.of(Cluster.frameworkId("f1"), total.withAllocationRole("*")) : Map.<
                    org.agora.api.v1.Protos.FrameworkID, Resources>of();
            c.allocator.addAgent(Cluster.agentId(id), AgentInfo.newBuilder().setHostname(id).build(), total, used);
            if (i < 30) {
                c.held.computeIfAbsent("f1", k -> new java.util.LinkedHashMap<>()).put(id,
                        total.withAllocationRole("*"));
            }
        }
        c.allocate();

        assertThat(c.agentsHeldBy("f1")).isEqualTo(50);
        assertThat(c.agentsHeldBy("f2")).isEqualTo(50);
        assertThat(share("*")).isEqualTo(1.0);
    }

    @Test
    void theDominantResourceDecides() {
        // cpu-heavy agents and memory-heavy agents: each framework's dominant share is what DRF equalises
        c.framework("cpu", "a");
        c.framework("mem", "b");
        c.agents(60, "cpus:4;mem:1024");
        c.allocate();
        assertThat(c.agentsHeldBy("cpu")).isEqualTo(30);
        assertThat(c.agentsHeldBy("mem")).isEqualTo(30);
    }

    @Test
    void aRoleOfWeightTwoGetsTwiceTheShare() {
        c.allocator.updateWeights(Map.of("heavy", 2.0));
        c.framework("h", "heavy");
        c.framework("l", "light");
        c.agents(90, "cpus:2;mem:1024");
        c.allocate();

        assertThat(c.agentsHeldBy("h")).isEqualTo(60);
        assertThat(c.agentsHeldBy("l")).isEqualTo(30);
        assertThat(share("heavy")).isCloseTo(2 * share("light"), within(0.02));
    }

    @Test
    void changingAWeightChangesWhereFreedResourcesGo() {
        c.framework("h", "heavy");
        c.framework("l", "light");
        c.agents(90, "cpus:2;mem:1024");
        c.allocate();
        assertThat(c.agentsHeldBy("h")).isEqualTo(45);

        c.allocator.updateWeights(Map.of("heavy", 2.0));
        // everything comes back and is allocated afresh
        for (Cluster.Offer o : c.all) {
            c.decline(o, 0);
        }
        c.allocate();
        assertThat(c.agentsHeldBy("h")).isEqualTo(60);
    }

    @Test
    void hierarchicalRolesShareLevelByLevel() {
        // eng and sales split the cluster; within eng, web and batch split eng's half; web's three frameworks
        // split web's quarter. Flat DRF over the five frameworks would give each a fifth.
        c.framework("web1", "eng/web");
        c.framework("web2", "eng/web");
        c.framework("web3", "eng/web");
        c.framework("batch", "eng/batch");
        c.framework("sales", "sales");
        c.agents(120, "cpus:1;mem:512");
        c.allocate();

        assertThat(c.agentsHeldBy("sales")).isEqualTo(60);
        assertThat(c.agentsHeldBy("batch")).isEqualTo(30);
        assertThat(c.agentsHeldBy("web1")).isEqualTo(10);
        assertThat(c.agentsHeldBy("web2")).isEqualTo(10);
        assertThat(c.agentsHeldBy("web3")).isEqualTo(10);
        assertThat(share("eng")).isEqualTo(0.5);
    }

    @Test
    void aRolesOwnFrameworksCompeteWithItsSubRolesAsOneEntry() {
        c.framework("parent", "eng");
        c.framework("child1", "eng/a");
        c.framework("child2", "eng/b");
        c.agents(90, "cpus:1;mem:512");
        c.allocate();
        assertThat(c.agentsHeldBy("parent")).isEqualTo(30);
        assertThat(c.agentsHeldBy("child1")).isEqualTo(30);
        assertThat(c.agentsHeldBy("child2")).isEqualTo(30);
    }

    @Test
    void excludedResourcesDoNotCountInShares() {
        gpuUserAndPlain(c);
        // counting gpus, gpu-user's share is 1.0 and plain gets all ten
        assertThat(c.agentsHeldBy("gpu-user")).isEqualTo(1);
        assertThat(c.agentsHeldBy("plain")).isEqualTo(10);

        Cluster excl = new Cluster(new DrfSettings(Set.of("gpus"), true, 100));
        gpuUserAndPlain(excl);
        // excluded, they even out (ties go to role a)
        assertThat(excl.agentsHeldBy("gpu-user")).isEqualTo(6);
        assertThat(excl.agentsHeldBy("plain")).isEqualTo(5);
    }

    private static void gpuUserAndPlain(Cluster excl) {
        excl.framework("gpu-user", "a", org.agora.api.v1.Protos.FrameworkInfo.Capability.Type.GPU_RESOURCES);
        excl.framework("plain", "b");
        // gpu-user holds all GPUs but only a little cpu: with gpus excluded its share is small
        excl.agent("g", "cpus:1;mem:128;gpus:8");
        excl.allocate();
        assertThat(excl.agentsHeldBy("gpu-user")).isEqualTo(1);
        excl.agents(10, "cpus:1;mem:128");
        excl.allocate();
    }

    @Test
    void multiRoleFrameworksAreOfferedPerRoleAndOthersOnlyInTheirOneRole() {
        c.multiRole("multi", "a", "b");
        c.framework(org.agora.api.v1.Protos.FrameworkInfo.newBuilder().setUser("u").setName("single")
                .setId(Cluster.frameworkId("single")).addRoles("c").addRoles("d").build());
        c.agents(8, "cpus:1;mem:512");
        c.allocate();
        assertThat(c.offers).filteredOn(o -> o.framework().equals("multi")).extracting(Cluster.Offer::role)
                .contains("a", "b");
        assertThat(c.offers).filteredOn(o -> o.framework().equals("single")).extracting(Cluster.Offer::role)
                .containsOnly("c");
        assertThat(c.offers).allMatch(o -> o.resources().toList().stream()
                .allMatch(r -> r.getAllocationInfo().getRole().equals(o.role())));
    }

    @Test
    void agentsBelowTheMinimumAreNotOffered() {
        c.framework("f", "*");
        c.agent("tiny", "cpus:0.005;mem:16;disk:100");
        c.agent("memonly", "mem:64");
        c.allocate();
        assertThat(c.offers).extracting(Cluster.Offer::agent).containsExactly("memonly");
    }

    private double share(String role) {
        return c.allocator.metrics().get("roles/" + role + "/shares/dominant");
    }
}
