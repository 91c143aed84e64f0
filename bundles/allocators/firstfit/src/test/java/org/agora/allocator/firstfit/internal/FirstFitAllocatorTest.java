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
package org.agora.allocator.firstfit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agora.api.allocator.AllocatorOptions;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FirstFitAllocatorTest {
    private final AtomicLong nanos = new AtomicLong();
    private final List<Decision> offers = new ArrayList<>();
    private FirstFitAllocator allocator;

    private record Decision(String framework, String agent, Resources resources) {
    }

    @BeforeEach
    void setUp() {
        allocator = new FirstFitAllocator(nanos::get);
        allocator.initialize(AllocatorOptions.defaults(), (fw, byAgent) -> byAgent.forEach((agent, r) ->
                offers.add(new Decision(fw.getValue(), agent.getValue(), r))));
    }

    private static AgentID agent(String id) {
        return AgentID.newBuilder().setValue(id).build();
    }

    private static FrameworkID fw(String id) {
        return FrameworkID.newBuilder().setValue(id).build();
    }

    private void addAgent(String id, String resources) {
        allocator.addAgent(agent(id), AgentInfo.newBuilder().setHostname(id).setId(agent(id)).build(),
                Resources.parse(resources), Map.of());
    }

    private void addFramework(String id, FrameworkInfo.Capability.Type... caps) {
        FrameworkInfo.Builder b = FrameworkInfo.newBuilder().setUser("u").setName(id).setId(fw(id)).addRoles("*");
        for (var c : caps) {
            b.addCapabilities(FrameworkInfo.Capability.newBuilder().setType(c));
        }
        allocator.addFramework(fw(id), b.build(), Map.of(), true, Set.of());
    }

    @Test
    void eachAgentGoesWholeToOneFrameworkInTurn() {
        addAgent("a1", "cpus:2;mem:1024");
        addAgent("a2", "cpus:2;mem:1024");
        addFramework("f1");
        addFramework("f2");

        allocator.allocate();

        assertThat(offers).extracting(Decision::framework, Decision::agent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("f1", "a1"),
                        org.assertj.core.groups.Tuple.tuple("f2", "a2"));
        assertThat(offers.get(0).resources().toList()).allMatch(r -> r.getAllocationInfo().getRole().equals("*"));
    }

    @Test
    void nothingIsOfferedTwiceUntilItComesBack() {
        addAgent("a1", "cpus:2;mem:1024");
        addFramework("f1");
        allocator.allocate();
        allocator.allocate();
        assertThat(offers).hasSize(1);

        Resources part = Resources.parse("cpus:1;mem:512").withAllocationRole("*");
        allocator.recoverResources(fw("f1"), agent("a1"), part, 0);
        allocator.allocate();
        assertThat(offers).hasSize(2);
        assertThat(offers.get(1).resources().scalar("cpus")).isEqualTo(1.0);
    }

    @Test
    void aRefusalFilterHoldsForItsDurationThenLapses() {
        addAgent("a1", "cpus:2;mem:1024");
        addFramework("f1");
        allocator.allocate();
        allocator.recoverResources(fw("f1"), agent("a1"), offers.get(0).resources(), 5);

        allocator.allocate();
        assertThat(offers).hasSize(1);

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(6));
        allocator.allocate();
        assertThat(offers).hasSize(2);
    }

    @Test
    void suppressedFrameworksGetNothingUntilRevived() {
        addAgent("a1", "cpus:2;mem:1024");
        addFramework("f1");
        allocator.suppressOffers(fw("f1"), Set.of());
        allocator.allocate();
        assertThat(offers).isEmpty();

        allocator.reviveOffers(fw("f1"), Set.of());
        allocator.allocate();
        assertThat(offers).hasSize(1);
    }

    @Test
    void gpuAgentsGoOnlyToFrameworksThatDeclareGpuResources() {
        addAgent("gpu", "cpus:2;mem:1024;gpus:1");
        addFramework("plain");
        allocator.allocate();
        assertThat(offers).isEmpty();

        addFramework("ml", FrameworkInfo.Capability.Type.GPU_RESOURCES);
        allocator.allocate();
        assertThat(offers).extracting(Decision::framework).containsExactly("ml");
    }

    @Test
    void reservedResourcesGoOnlyToTheirRole() {
        addAgent("a1", "cpus(analytics):2;mem(analytics):1024");
        addFramework("f1");
        allocator.allocate();
        assertThat(offers).isEmpty();
    }

    @Test
    void removingAFrameworkReleasesWhatItHeld() {
        addAgent("a1", "cpus:2;mem:1024");
        addFramework("f1");
        allocator.allocate();
        allocator.removeFramework(fw("f1"));
        addFramework("f2");
        allocator.allocate();

        assertThat(offers).extracting(Decision::framework).containsExactly("f1", "f2");
    }

    @Test
    void anAgentAddedWithUsedResourcesOffersOnlyTheRest() {
        addFramework("f1");
        allocator.addAgent(agent("a1"), AgentInfo.newBuilder().setHostname("a1").build(),
                Resources.parse("cpus:2;mem:1024"), Map.of(fw("f1"), Resources.parse("cpus:1.5;mem:1000")));
        allocator.allocate();

        assertThat(offers).singleElement().satisfies(d -> assertThat(d.resources().scalar("cpus")).isEqualTo(0.5));
    }

    @Test
    void anAllocationUpdateMovesTheTotalAndWhatTheFrameworkHolds() {
        addAgent("a1", "cpus:2;mem:1024");
        addFramework("f1");
        allocator.allocate();
        Resources from = Resources.parse("cpus:1").withAllocationRole("*");
        Resources to = Resources.of(Resources.parse("cpus:1").toList().get(0).toBuilder()
                .addReservations(org.agora.api.v1.Protos.Resource.ReservationInfo.newBuilder()
                        .setType(org.agora.api.v1.Protos.Resource.ReservationInfo.Type.DYNAMIC).setRole("eng"))
                .build()).withAllocationRole("*");
        allocator.updateAllocation(fw("f1"), agent("a1"), from, to);

        // everything but the converted cpu comes back: only that is offered again
        allocator.recoverResources(fw("f1"), agent("a1"), offers.get(0).resources().minus(from), 0);
        allocator.allocate();
        assertThat(offers).hasSize(2);
        assertThat(offers.get(1).resources().scalar("cpus")).isEqualTo(1.0);
        assertThat(offers.get(1).resources().reserved().isEmpty()).isTrue();
    }
}
