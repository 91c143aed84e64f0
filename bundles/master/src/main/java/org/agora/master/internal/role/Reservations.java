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
package org.agora.master.internal.role;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Resource;

/**
 * Dynamic reservations per agent (RESERVE / UNRESERVE, by operators or frameworks). The master owns them and keeps
 * them in its registry; an agent's total is what it reports with these applied: each reservation takes its source
 * (the same resources one reservation level down) and puts the reserved resources in its place. Actor thread only.
 */
public final class Reservations {
    private final Map<String, Resources> byAgent = new HashMap<>();

    public void recover(Map<String, List<Resource>> reservations) {
        byAgent.clear();
        reservations.forEach((agent, list) -> byAgent.put(agent, Resources.of(list)));
    }

    /** The agent's dynamic reservations, without allocation info. */
    public Resources on(AgentID agentId) {
        return byAgent.getOrDefault(agentId.getValue(), Resources.empty());
    }

    public void set(AgentID agentId, Resources reserved) {
        if (reserved.isEmpty()) {
            byAgent.remove(agentId.getValue());
        } else {
            byAgent.put(agentId.getValue(), reserved);
        }
    }

    /** What the agent offers in all: its own resources with its dynamic reservations applied. */
    public Resources totalOf(AgentInfo info) {
        return apply(Resources.of(info.getResourcesList()), on(info.getId()));
    }

    /** {@code base} with every reservation of {@code reserved} applied, shallowest first (refinements last). */
    static Resources apply(Resources base, Resources reserved) {
        List<Resource> ordered = new ArrayList<>(reserved.toList());
        ordered.sort(Comparator.comparingInt(Resource::getReservationsCount));
        Resources total = base;
        for (Resource r : ordered) {
            Resource source = source(r);
            if (total.contains(source)) {
                total = total.minus(source).plus(r);
            }
        }
        return total;
    }

    /** The resource one reservation level down (unreserved for a first-level reservation). */
    public static Resource source(Resource reserved) {
        Resource.Builder b = reserved.toBuilder();
        b.removeReservations(reserved.getReservationsCount() - 1);
        return b.build();
    }

    /** The sources of every resource of {@code reserved}. */
    public static Resources sources(Resources reserved) {
        Resources s = Resources.empty();
        for (Resource r : reserved.toList()) {
            s = s.plus(source(r));
        }
        return s;
    }

    /** {@code resources} without allocation info, as totals and reservations are kept. */
    public static Resources unallocated(Resources resources) {
        List<Resource> list = new ArrayList<>();
        for (Resource r : resources.toList()) {
            list.add(r.hasAllocationInfo() ? r.toBuilder().clearAllocationInfo().build() : r);
        }
        return Resources.of(list);
    }

    /**
     * Checks resources to reserve dynamically (post-refinement format, which {@link Resources} produces): each has a
     * reservation on top whose role is valid and not '*', refines its parent's role if any, and is not static.
     *
     * @throws IllegalArgumentException naming {@code field}
     */
    public static void checkReservable(String field, List<Resource> resources) {
        if (resources.isEmpty()) {
            throw new IllegalArgumentException(field + " is empty");
        }
        for (int i = 0; i < resources.size(); i++) {
            Resource r = resources.get(i);
            String f = field + "[" + i + "]";
            Resources.validate(r).ifPresent(e -> {
                throw new IllegalArgumentException(f + " (" + r.getName() + ") is invalid: " + e);
            });
            List<Resource> normal = Resources.of(r).toList();
            if (normal.isEmpty()) {
                throw new IllegalArgumentException(f + " (" + r.getName() + ") is empty");
            }
            Resource n = normal.get(0);
            int depth = n.getReservationsCount();
            if (depth == 0) {
                throw new IllegalArgumentException(f + " (" + r.getName() + ") has no reservation");
            }
            var top = n.getReservations(depth - 1);
            if (top.getType() == Resource.ReservationInfo.Type.STATIC) {
                throw new IllegalArgumentException(f + ".reservations: a STATIC reservation cannot be made at "
                        + "runtime; use DYNAMIC");
            }
            if (top.getRole().equals("*")) {
                throw new IllegalArgumentException(f + ".reservations: cannot reserve for role '*'");
            }
            RoleNames.validate(top.getRole()).ifPresent(e -> {
                throw new IllegalArgumentException(f + ".reservations role '" + top.getRole() + "' is invalid: "
                        + e);
            });
            if (depth > 1 && !RolePolicy.isAncestor(n.getReservations(depth - 2).getRole(), top.getRole())) {
                throw new IllegalArgumentException(f + ".reservations: role '" + top.getRole() + "' does not refine "
                        + "the reservation below it for '" + n.getReservations(depth - 2).getRole() + "'");
            }
        }
    }
}
