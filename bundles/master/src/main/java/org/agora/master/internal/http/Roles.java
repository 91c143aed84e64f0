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
package org.agora.master.internal.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Role;
import org.agora.api.v1.Protos.WeightInfo;
import org.agora.api.v1.master.Protos.Response.GetRoles;
import org.agora.api.v1.master.Protos.Response.GetWeights;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.agent.AgentSnapshot;

/** GET_ROLES and GET_WEIGHTS: the roles frameworks use, or that have a weight, quota or reservation. */
final class Roles {
    private Roles() {
    }

    static GetRoles of(MasterSnapshot s) {
        TreeSet<String> names = new TreeSet<>(s.weights().keySet());
        s.quotas().forEach(q -> names.add(q.getRole()));
        for (AgentSnapshot a : s.agents()) {
            for (Resource r : a.total().reserved().toList()) {
                names.add(r.getReservations(r.getReservationsCount() - 1).getRole());
            }
        }
        Map<String, Role.Builder> roles = new TreeMap<>();
        for (FrameworkSnapshot f : s.frameworks().frameworks()) {
            names.addAll(f.roles());
        }
        names.forEach(n -> roles.put(n, Role.newBuilder().setName(n).setWeight(s.weights().getOrDefault(n, 1.0))));
        for (FrameworkSnapshot f : s.frameworks().frameworks()) {
            for (String role : f.roles()) {
                Role.Builder b = roles.get(role);
                b.addFrameworks(FrameworkID.newBuilder().setValue(f.id()));
                Resources allocated = Resources.of(b.getResourcesList()).plus(f.used().allocatedTo(role));
                b.clearResources().addAllResources(allocated.toList());
            }
        }
        GetRoles.Builder out = GetRoles.newBuilder();
        roles.values().forEach(out::addRoles);
        return out.build();
    }

    static GetWeights weights(MasterSnapshot s) {
        GetWeights.Builder b = GetWeights.newBuilder();
        new TreeMap<>(s.weights()).forEach((role, w) -> b.addWeightInfos(WeightInfo.newBuilder().setRole(role)
                .setWeight(w)));
        return b.build();
    }
}
