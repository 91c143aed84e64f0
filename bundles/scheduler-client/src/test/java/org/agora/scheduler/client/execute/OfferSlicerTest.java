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
package org.agora.scheduler.client.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class OfferSlicerTest {

    static Resource scalar(String name, double value, String role) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value))
                .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role)).build();
    }

    static Offer offer(String agent, Resource... resources) {
        return Offer.newBuilder().setId(OfferID.newBuilder().setValue("offer-" + agent))
                .setFrameworkId(FrameworkID.newBuilder().setValue("f")).setAgentId(AgentID.newBuilder().setValue(agent))
                .setHostname(agent + ".example").addAllResources(List.of(resources)).build();
    }

    @Test
    void asManyTasksAsFitAreCutFromTheOffer() {
        Offer offer = offer("a", scalar("cpus", 0.35, "*"), scalar("mem", 100, "*"), scalar("disk", 1000, "*"));

        List<List<Resource>> tasks = new OfferSlicer(0.1, 32).slice(offer, 10);

        assertThat(tasks).hasSize(3).allSatisfy(task ->
                assertThat(task).containsExactly(scalar("cpus", 0.1, "*"), scalar("mem", 32, "*")));
        assertThat(new OfferSlicer(0.1, 32).slice(offer, 2)).hasSize(2);
        assertThat(new OfferSlicer(0.4, 32).slice(offer, 10)).isEmpty();
    }

    @Test
    void aTaskMayTakeFromSeveralOfferedResourcesWhichKeepTheirReservations() {
        Resource reserved = scalar("cpus", 0.3, "eng").toBuilder()
                .addReservations(Resource.ReservationInfo.newBuilder().setRole("eng")
                        .setType(Resource.ReservationInfo.Type.STATIC)).build();
        Offer offer = offer("a", reserved, scalar("cpus", 0.3, "eng"), scalar("mem", 64, "eng"));

        List<List<Resource>> tasks = new OfferSlicer(0.5, 64).slice(offer, 5);

        assertThat(tasks).singleElement().satisfies(task -> {
            assertThat(task).hasSize(3);
            assertThat(task.get(0)).isEqualTo(reserved);
            assertThat(task.get(1)).isEqualTo(scalar("cpus", 0.2, "eng"));
            assertThat(Resources.of(offer.getResourcesList()).contains(Resources.of(task))).isTrue();
        });
    }

    @Test
    void revocableResourcesAreNotUsed() {
        Resource revocable = scalar("cpus", 4, "*").toBuilder()
                .setRevocable(Resource.RevocableInfo.getDefaultInstance()).build();

        assertThat(new OfferSlicer(0.1, 32).slice(offer("a", revocable, scalar("mem", 64, "*")), 1)).isEmpty();
        assertThat(OfferSlicer.total(offer("a", revocable, scalar("cpus", 0.5, "*")), "cpus")).isEqualTo(0.5);
    }
}
