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

import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class ReservationTest {
    private final Cluster c = new Cluster();

    private static Resource dynamic(String name, double value, String role) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value))
                .addReservations(Resource.ReservationInfo.newBuilder().setType(Resource.ReservationInfo.Type.DYNAMIC)
                        .setRole(role).setPrincipal("ops"))
                .build();
    }

    private static boolean anyReserved(Resources r) {
        return !r.reserved().isEmpty();
    }

    @Test
    void reservedResourcesGoOnlyToTheirRoleAndItsSubRoles() {
        c.framework("other", "other");
        c.agent("r", "cpus(eng):2;mem(eng):1024");
        assertThat(c.allocate()).isEmpty();

        c.framework("sub", "eng/sub");
        assertThat(c.allocate()).extracting(Cluster.Offer::framework).containsExactly("sub");
        assertThat(c.offers.get(0).resources().reserved("eng").scalar("cpus")).isEqualTo(2.0);
    }

    @Test
    void othersGetOnlyTheUnreservedPartOfAnAgent() {
        c.framework("a-other", "a-other");
        c.framework("eng-fw", "eng");
        c.agents(6, "cpus:2;mem:1024;cpus(eng):2;mem(eng):1024");
        for (int round = 0; round < 3; round++) {
            c.allocate();
            assertThat(c.offers).filteredOn(o -> o.framework().equals("a-other"))
                    .allMatch(o -> !anyReserved(o.resources()));
            assertThat(c.offers).filteredOn(o -> o.framework().equals("eng-fw")).isNotEmpty();
            c.offers.forEach(o -> c.decline(o, 0));
        }
        // eng holds its reservations besides its fair part of the rest
        c.allocate();
        assertThat(c.roleHolds("eng", "cpus")).isGreaterThanOrEqualTo(12.0);
    }

    @Test
    void aFrameworksReservationOfOfferedResourcesMovesThemIntoItsRole() {
        c.framework("eng-fw", "eng");
        c.framework("other", "other");
        c.agent("x", "cpus:2;mem:1024");
        Cluster.Offer offer = c.allocate().get(0);
        assertThat(offer.framework()).isEqualTo("eng-fw");

        Resources from = Resources.parse("cpus:1;mem:512").withAllocationRole("eng");
        Resources to = Resources.of(dynamic("cpus", 1, "eng"), dynamic("mem", 512, "eng")).withAllocationRole("eng");
        c.allocator.updateAllocation(Cluster.frameworkId("eng-fw"), Cluster.agentId("x"), from, to);
        c.allocator.checkInvariants();

        // everything comes back: the reserved half goes to eng only, the rest to the other role (lower share)
        c.allocator.recoverResources(Cluster.frameworkId("eng-fw"), Cluster.agentId("x"),
                offer.resources().minus(from).plus(to), 0);
        c.held.clear();
        c.allocate();
        assertThat(c.offers).filteredOn(o -> o.framework().equals("other"))
                .allMatch(o -> !anyReserved(o.resources()));
        assertThat(c.offers).filteredOn(o -> o.framework().equals("eng-fw"))
                .anyMatch(o -> o.resources().reserved("eng").scalar("cpus") == 1.0);
    }

    @Test
    void anOperatorReservationChangesTheAgentsTotal() {
        c.framework("other", "other");
        c.agent("x", "cpus:4;mem:1024");
        c.allocator.updateAgent(Cluster.agentId("x"), Resources.parse("cpus:2;cpus(eng):2;mem:1024"));
        c.allocate();
        assertThat(c.offers).hasSize(1);
        assertThat(c.offers.get(0).resources()).isEqualTo(Resources.parse("cpus:2;mem:1024").withAllocationRole(
                "other"));
    }

    @Test
    void anUpdatedTotalKeepsWhatIsHeld() {
        c.framework("f", "*");
        c.agent("x", "cpus:4;mem:1024");
        Cluster.Offer offer = c.allocate().get(0);
        c.recover("f", "x", offer.resources().minus(Resources.parse("cpus:1;mem:256").withAllocationRole("*")), 0);
        c.allocator.updateAgent(Cluster.agentId("x"), Resources.parse("cpus:2;cpus(eng):2;mem:1024"));
        c.allocate();
        // f still holds cpus:1;mem:256; only the unreserved rest is offered
        assertThat(c.offers).hasSize(1);
        assertThat(c.offers.get(0).resources()).isEqualTo(Resources.parse("cpus:1;mem:768").withAllocationRole("*"));
    }
}
