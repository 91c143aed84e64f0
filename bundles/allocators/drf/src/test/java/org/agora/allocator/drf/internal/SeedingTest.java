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

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agora.api.allocator.AllocatorOptions;
import org.agora.api.allocator.OfferFilter;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.junit.jupiter.api.Test;

/** The master replaces or re-seeds allocators: a fresh instance seeded from the same state decides the same. */
class SeedingTest {
    private final Cluster c = new Cluster();

    /** A cluster with weights, quota, reservations, several roles, suppression, held resources and filters. */
    private void busyCluster() {
        c.allocator.updateWeights(Map.of("web", 2.0));
        c.allocator.updateQuota("prod", Resources.parse("cpus:8;mem:8192"), Resources.parse("cpus:12"));
        c.framework("web-1", "web");
        c.framework("web-2", "web");
        c.framework("batch", "batch");
        c.multiRole("prod-fw", "prod", "batch");
        c.framework("eng-fw", "eng/sub");
        for (int i = 0; i < 12; i++) {
            c.agent(String.format("a%02d", i), i % 3 == 0 ? "cpus:2;mem:2048;cpus(eng):2;mem(eng):1024"
                    : "cpus:4;mem:4096;ports:[31000-31999]");
        }
        c.allocate();
        // some offers are declined with filters, some partly used, some kept
        for (int i = 0; i < c.offers.size(); i++) {
            Cluster.Offer o = c.offers.get(i);
            switch (i % 3) {
                case 0 -> c.decline(o, 30);
                case 1 -> c.recover(o.framework(), o.agent(), o.resources().minus(Resources.parse("cpus:1;mem:512")
                        .withAllocationRole(o.role())), 0);
                default -> { }
            }
        }
        c.allocator.suppressOffers(Cluster.frameworkId("web-2"), Set.of());
        c.advanceSeconds(1);
    }

    private List<Cluster.Offer> seededCycle(boolean agentsFirst) {
        List<Cluster.Offer> offers = new ArrayList<>();
        DrfAllocator fresh = new DrfAllocator(DrfSettings.defaults(), c.nanos::get);
        fresh.initialize(AllocatorOptions.defaults(), (f, byAgent) -> byAgent.forEach((a, r) -> offers.add(
                new Cluster.Offer(f.getValue(), a.getValue(), r.toList().get(0).getAllocationInfo().getRole(), r))));
        seed(fresh, agentsFirst, c.allocator.offerFilters());
        fresh.allocate();
        return sorted(offers);
    }

    private void seed(DrfAllocator a, boolean agentsFirst, List<OfferFilter> filters) {
        a.updateWeights(Map.of("web", 2.0));
        a.updateQuota("prod", Resources.parse("cpus:8;mem:8192"), Resources.parse("cpus:12"));
        if (agentsFirst) {
            addAgents(a);
        }
        c.frameworks.forEach((id, info) -> a.addFramework(Cluster.frameworkId(id), info, Map.of(), true,
                id.equals("web-2") ? Set.of("web") : Set.of()));
        if (!agentsFirst) {
            addAgents(a);
        }
        filters.forEach(a::addOfferFilter);
    }

    private void addAgents(DrfAllocator a) {
        List<String> ids = new ArrayList<>(c.totals.keySet());
        java.util.Collections.reverse(ids);
        for (String id : ids) {
            a.addAgent(agentId(id), AgentInfo.newBuilder().setHostname(id).build(), c.totals.get(id), c.usedOn(id));
        }
    }

    private static AgentID agentId(String id) {
        return Cluster.agentId(id);
    }

    private static List<Cluster.Offer> sorted(List<Cluster.Offer> offers) {
        List<Cluster.Offer> out = new ArrayList<>(offers);
        out.sort(Comparator.comparing(Cluster.Offer::framework).thenComparing(Cluster.Offer::agent));
        return out;
    }

    @Test
    void aFreshInstanceSeededFromTheSameStateMakesTheSameDecisions() {
        busyCluster();
        List<Cluster.Offer> agentsFirst = seededCycle(true);
        List<Cluster.Offer> frameworksFirst = seededCycle(false);
        List<Cluster.Offer> running = sorted(c.allocate());

        assertThat(running).isNotEmpty();
        assertThat(agentsFirst).isEqualTo(running);
        assertThat(frameworksFirst).isEqualTo(running);
    }

    @Test
    void filtersCarriedOverStillHold() {
        c.framework("f", "*");
        c.agent("x", "cpus:1;mem:256");
        c.decline(c.allocate().get(0), 60);
        List<OfferFilter> filters = c.allocator.offerFilters();
        assertThat(filters).singleElement().satisfies(f -> {
            assertThat(f.frameworkId().getValue()).isEqualTo("f");
            assertThat(f.agentId().getValue()).isEqualTo("x");
            assertThat(f.remaining().toSeconds()).isEqualTo(60);
        });

        List<Cluster.Offer> offers = new ArrayList<>();
        DrfAllocator fresh = new DrfAllocator(DrfSettings.defaults(), c.nanos::get);
        fresh.initialize(AllocatorOptions.defaults(), (f, byAgent) -> byAgent.forEach((a, r) -> offers.add(
                new Cluster.Offer(f.getValue(), a.getValue(), "*", r))));
        fresh.addFramework(Cluster.frameworkId("f"), c.frameworks.get("f"), Map.of(), true, Set.of());
        fresh.addAgent(agentId("x"), AgentInfo.getDefaultInstance(), c.totals.get("x"), Map.of());
        filters.forEach(fresh::addOfferFilter);
        fresh.allocate();
        assertThat(offers).isEmpty();

        c.advanceSeconds(61);
        fresh.allocate();
        assertThat(offers).hasSize(1);
    }

    @Test
    void initializeDiscardsWhatTheInstanceKnew() {
        c.framework("f", "*");
        c.agent("x", "cpus:1;mem:256");
        c.allocate();
        c.allocator.initialize(AllocatorOptions.defaults(), (f, r) -> { });
        assertThat(c.allocator.metrics()).containsEntry("agents", 0.0).containsEntry("frameworks", 0.0);
    }
}
