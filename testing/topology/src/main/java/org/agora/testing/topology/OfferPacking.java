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

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.Value;

/**
 * Which queued tasks fit in an offer, first come first served: each takes its cpus and mem from the offer's
 * unreserved scalar resources (copied with their allocation info, as a MULTI_ROLE framework must), and a task pinned
 * to another agent is left for that agent's offers.
 */
final class OfferPacking {

    /** The tasks that fit, in queue order, with their TaskInfos. */
    record Packed(List<TaskSpec> specs, List<TaskInfo> infos) {
    }

    private OfferPacking() {
    }

    static Packed pack(Offer offer, Collection<TaskSpec> queued) {
        Optional<Resource> cpus = unreserved(offer, "cpus");
        Optional<Resource> mem = unreserved(offer, "mem");
        List<TaskSpec> specs = new ArrayList<>();
        List<TaskInfo> infos = new ArrayList<>();
        if (cpus.isEmpty() || mem.isEmpty()) {
            return new Packed(specs, infos);
        }
        double freeCpus = cpus.get().getScalar().getValue();
        double freeMem = mem.get().getScalar().getValue();
        for (TaskSpec t : queued) {
            boolean here = t.agentId().map(a -> a.equals(offer.getAgentId().getValue())).orElse(true);
            if (here && t.cpus() <= freeCpus + 1e-9 && t.mem() <= freeMem + 1e-9) {
                freeCpus -= t.cpus();
                freeMem -= t.mem();
                specs.add(t);
                infos.add(TaskInfo.newBuilder().setName(t.id()).setTaskId(TaskID.newBuilder().setValue(t.id()))
                        .setAgentId(offer.getAgentId())
                        .addResources(scalar(cpus.get(), t.cpus())).addResources(scalar(mem.get(), t.mem()))
                        .setCommand(CommandInfo.newBuilder().setShell(true).setValue(t.command())).build());
            }
        }
        return new Packed(specs, infos);
    }

    private static Optional<Resource> unreserved(Offer o, String name) {
        return o.getResourcesList().stream().filter(r -> r.getName().equals(name) && r.getReservationsCount() == 0
                && !r.hasDisk() && r.hasScalar()).findFirst();
    }

    private static Resource scalar(Resource prototype, double value) {
        return prototype.toBuilder().setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }
}
