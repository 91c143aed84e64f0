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
package org.agora.testing.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class OfferPackingTest {

    private static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value))
                .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("*")).build();
    }

    private static Offer offer(String agent, double cpus, double mem) {
        return Offer.newBuilder().setId(OfferID.newBuilder().setValue("o1"))
                .setFrameworkId(FrameworkID.newBuilder().setValue("f")).setAgentId(AgentID.newBuilder()
                        .setValue(agent)).setHostname("h").addResources(scalar("cpus", cpus))
                .addResources(scalar("mem", mem)).build();
    }

    @Test
    void takesQueuedTasksInOrderWhileTheyFitAndCopiesTheAllocationInfo() {
        TaskSpec a = new TaskSpec("a", 0.5, 100, "true");
        TaskSpec big = new TaskSpec("big", 2, 100, "true");
        TaskSpec b = new TaskSpec("b", 0.5, 100, "true");
        TaskSpec c = new TaskSpec("c", 0.5, 100, "true");

        OfferPacking.Packed p = OfferPacking.pack(offer("S1", 1, 1000), List.of(a, big, b, c));

        assertThat(p.specs()).containsExactly(a, b);
        assertThat(p.infos()).allSatisfy(i -> {
            assertThat(i.getAgentId().getValue()).isEqualTo("S1");
            assertThat(i.getResourcesList()).allMatch(r -> r.getAllocationInfo().getRole().equals("*"));
            assertThat(i.getCommand().getShell()).isTrue();
        });
        assertThat(p.infos().get(0).getResources(0).getScalar().getValue()).isEqualTo(0.5);
    }

    @Test
    void leavesATaskPinnedToAnotherAgentForThatAgent() {
        TaskSpec pinned = new TaskSpec("p", 0.1, 10, "true").on("S2");

        assertThat(OfferPacking.pack(offer("S1", 4, 4096), List.of(pinned)).specs()).isEmpty();
        assertThat(OfferPacking.pack(offer("S2", 4, 4096), List.of(pinned)).specs()).containsExactly(pinned);
    }
}
