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

import java.util.Set;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.FrameworkInfo.Capability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Filters, suppression, revival, capabilities and never offering anything twice. */
class OffersTest {
    private final Cluster c = new Cluster();

    @Test
    void nothingIsOfferedTwiceUntilItComesBack() {
        c.framework("f", "*");
        c.agent("a", "cpus:2;mem:1024;ports:[31000-32000]");
        assertThat(c.allocate()).hasSize(1);
        assertThat(c.allocate()).isEmpty();

        c.recover("f", "a", Resources.parse("cpus:1;mem:512;ports:[31000-31009]").withAllocationRole("*"), 0);
        var again = c.allocate();
        assertThat(again).hasSize(1);
        assertThat(again.get(0).resources()).isEqualTo(
                Resources.parse("cpus:1;mem:512;ports:[31000-31009]").withAllocationRole("*"));
    }

    @Test
    void aRefusalFilterHoldsForItsDurationAndOthersGetTheAgentMeanwhile() {
        c.framework("f1", "*");
        c.agent("a", "cpus:2;mem:1024");
        Cluster.Offer first = c.allocate().get(0);
        c.framework("f2", "*");
        c.decline(first, 5);

        assertThat(c.allocate()).extracting(Cluster.Offer::framework).containsExactly("f2");
        c.decline(c.offers.get(0), 5);
        assertThat(c.allocate()).isEmpty();

        c.advanceSeconds(5.5);
        assertThat(c.allocate()).extracting(Cluster.Offer::framework).containsExactly("f1");
    }

    @Test
    void aFilterAppliesOnlyToResourcesItContains() {
        c.framework("f", "*");
        c.agent("a", "cpus:2;mem:1024");
        Cluster.Offer offer = c.allocate().get(0);
        // launch on half, decline the other half for a long time
        Resources task = Resources.parse("cpus:1;mem:512").withAllocationRole("*");
        c.recover("f", "a", offer.resources().minus(task), 1000);
        assertThat(c.allocate()).isEmpty();

        // the task ends: the whole agent is more than what was refused, so it is offered again
        c.recover("f", "a", task, 0);
        assertThat(c.allocate()).hasSize(1);
    }

    @Test
    void reviveClearsFiltersAndSuppressedRolesGetNothing() {
        c.framework("f", "*");
        c.agent("a", "cpus:2;mem:1024");
        c.decline(c.allocate().get(0), 1000);
        assertThat(c.allocate()).isEmpty();

        c.allocator.reviveOffers(Cluster.frameworkId("f"), Set.of());
        assertThat(c.allocate()).hasSize(1);

        c.allocator.suppressOffers(Cluster.frameworkId("f"), Set.of());
        c.decline(c.offers.get(0), 0);
        assertThat(c.allocate()).isEmpty();

        c.allocator.reviveOffers(Cluster.frameworkId("f"), Set.of("*"));
        assertThat(c.allocate()).hasSize(1);
    }

    @Test
    void suppressionIsPerRole() {
        c.multiRole("m", "a", "b");
        c.agents(4, "cpus:1;mem:256");
        c.allocator.suppressOffers(Cluster.frameworkId("m"), Set.of("a"));
        c.allocate();
        assertThat(c.offers).hasSize(4).extracting(Cluster.Offer::role).containsOnly("b");
    }

    @Test
    void reviveForOneRoleKeepsTheOtherRolesFilters() {
        c.multiRole("m", "a", "b");
        c.agent("x", "cpus:1;mem:256");
        Cluster.Offer o = c.allocate().get(0);
        assertThat(o.role()).isEqualTo("a");
        c.decline(o, 1000);
        // refused for a, so it goes to b; refuse for b too
        Cluster.Offer o2 = c.allocate().get(0);
        assertThat(o2.role()).isEqualTo("b");
        c.decline(o2, 1000);
        assertThat(c.allocate()).isEmpty();

        c.allocator.reviveOffers(Cluster.frameworkId("m"), Set.of("b"));
        assertThat(c.allocate()).extracting(Cluster.Offer::role).containsExactly("b");
    }

    @Test
    @Timeout(10)
    void reviveOfAllRolesEndsEveryFilterOnAnAgent() {
        c.multiRole("m", "a", "b", "c");
        c.agent("x", "cpus:1;mem:256");
        for (int i = 0; i < 3; i++) {
            c.decline(c.allocate().get(0), 1000);
        }
        assertThat(c.allocate()).isEmpty();
        assertThat(c.allocator.offerFilters()).hasSize(3);

        c.allocator.reviveOffers(Cluster.frameworkId("m"), Set.of());
        assertThat(c.allocate()).hasSize(1);
        assertThat(c.allocator.offerFilters()).isEmpty();
        assertThat(c.allocator.metrics()).containsEntry("offer_filters/roles/a/active", 0.0);
    }

    @Test
    void inactiveFrameworksGetNothingUntilActivated() {
        c.framework("f", "*");
        c.allocator.deactivateFramework(Cluster.frameworkId("f"));
        c.agent("a", "cpus:1;mem:256");
        assertThat(c.allocate()).isEmpty();
        c.allocator.activateFramework(Cluster.frameworkId("f"));
        assertThat(c.allocate()).hasSize(1);
    }

    @Test
    void deactivatedAgentsAreNotOffered() {
        c.framework("f", "*");
        c.agent("a", "cpus:1;mem:256");
        c.allocator.deactivateAgent(Cluster.agentId("a"));
        assertThat(c.allocate()).isEmpty();
        c.allocator.activateAgent(Cluster.agentId("a"));
        assertThat(c.allocate()).hasSize(1);
    }

    @Test
    void gpuAgentsGoOnlyToFrameworksThatDeclareGpuResources() {
        c.framework("plain", "*");
        c.agent("gpu", "cpus:2;mem:1024;gpus:1");
        assertThat(c.allocate()).isEmpty();

        c.framework("ml", "*", Capability.Type.GPU_RESOURCES);
        assertThat(c.allocate()).extracting(Cluster.Offer::framework).containsExactly("ml");
        assertThat(c.offers.get(0).resources().scalar("gpus")).isEqualTo(1.0);
    }

    @Test
    void withoutGpuFilteringOthersGetGpuAgentsWithoutTheirGpus() {
        Cluster open = new Cluster(new DrfSettings(Set.of(), false, 100));
        open.framework("plain", "*");
        open.agent("gpu", "cpus:2;mem:1024;gpus:1");
        assertThat(open.allocate()).hasSize(1);
        assertThat(open.offers.get(0).resources().scalar("gpus")).isZero();
        assertThat(open.offers.get(0).resources().scalar("cpus")).isEqualTo(2.0);

        open.framework("ml", "*", Capability.Type.GPU_RESOURCES);
        // a GPU alone is below the minimum (cpus or memory)
        assertThat(open.allocate()).isEmpty();
        open.decline(open.all.get(0), 0);
        assertThat(open.allocate()).extracting(Cluster.Offer::framework).containsExactly("ml");
        assertThat(open.offers.get(0).resources()).isEqualTo(Resources.parse("cpus:2;mem:1024;gpus:1")
                .withAllocationRole("*"));
    }

    @Test
    void revocableResourcesGoOnlyToFrameworksThatAcceptThem() {
        Resources total = Resources.parse("cpus:1;mem:256").plus(Resources.parse("cpus:3").toList().get(0)
                .toBuilder().setRevocable(org.agora.api.v1.Protos.Resource.RevocableInfo.getDefaultInstance())
                .build());
        c.framework("plain", "a");
        c.agent("x", total);
        assertThat(c.allocate()).hasSize(1);
        assertThat(c.offers.get(0).resources().revocable().isEmpty()).isTrue();

        c.framework("rev", "b", Capability.Type.REVOCABLE_RESOURCES);
        c.recover("plain", "x", c.offers.get(0).resources(), 1000);
        assertThat(c.allocate()).extracting(Cluster.Offer::framework).containsExactly("rev");
        assertThat(c.offers.get(0).resources().revocable().scalar("cpus")).isEqualTo(3.0);
    }

    @Test
    void removingAFrameworkReleasesWhatItHeld() {
        c.framework("f1", "*");
        c.agent("a", "cpus:1;mem:256");
        c.allocate();
        c.removeFramework("f1");
        c.framework("f2", "*");
        assertThat(c.allocate()).extracting(Cluster.Offer::framework).containsExactly("f2");
    }

    @Test
    void anAgentReAddedWithUsedResourcesOffersOnlyTheRest() {
        c.framework("f1", "*");
        c.agent("a", "cpus:2;mem:1024");
        c.allocate();
        c.allocator.removeAgent(Cluster.agentId("a"));
        c.allocator.addAgent(Cluster.agentId("a"), c.offers.get(0).resources().isEmpty() ? null
                : org.agora.api.v1.Protos.AgentInfo.newBuilder().setHostname("a").build(),
                Resources.parse("cpus:2;mem:1024"), java.util.Map.of(Cluster.frameworkId("f1"),
                        Resources.parse("cpus:1.5;mem:1000").withAllocationRole("*")));
        c.allocate();
        assertThat(c.offers).hasSize(1);
        assertThat(c.offers.get(0).resources()).isEqualTo(Resources.parse("cpus:0.5;mem:24")
                .withAllocationRole("*"));
    }

    @Test
    void anAgentWhoseFrameworkIsNotKnownYetCountsItsUseOnceTheFrameworkArrives() {
        c.allocator.addAgent(Cluster.agentId("a"), org.agora.api.v1.Protos.AgentInfo.getDefaultInstance(),
                Resources.parse("cpus:4;mem:4096"), java.util.Map.of(Cluster.frameworkId("old"),
                        Resources.parse("cpus:3;mem:3072").withAllocationRole("*")));
        c.agents(3, "cpus:4;mem:4096");
        c.framework("old", "*");
        c.framework("new", "*");
        c.allocate();
        // old already holds 3 of 16 cpus, so new gets the rest of a, then they alternate from new's turn and old is
        // offered one agent (had old's use not been counted, new would get two agents and old two)
        assertThat(c.agentsHeldBy("new")).isEqualTo(3);
        assertThat(c.holds("new", "cpus")).isEqualTo(9.0);
        assertThat(c.holds("old", "cpus")).isEqualTo(4.0);
    }
}
