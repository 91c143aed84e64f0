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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;

/**
 * The one place that converts between {@link Resources} and the allocator's pools: an agent's total into
 * {@link Pool}s, resources handed back into per-role, per-pool {@link Amounts}, and amounts into the
 * {@link Resources} of an offer.
 */
final class ResourceCodec {
    private final NameIndex scalars;
    private final NameIndex rangeNames;

    ResourceCodec(NameIndex scalars, NameIndex rangeNames) {
        this.scalars = scalars;
        this.rangeNames = rangeNames;
    }

    /** True when the hot path holds {@code r} as numbers rather than as a resource. */
    private static boolean plain(Resource r) {
        if (r.hasDisk() || r.hasShared() || r.hasRevocable() || r.hasProviderId()) {
            return false;
        }
        return r.getType() == Value.Type.SCALAR
                || (r.getType() == Value.Type.RANGES && Intervals.representable(r.getRanges()));
    }

    private void add(Amounts a, Resource r) {
        if (!plain(r)) {
            a.addOther(r.hasAllocationInfo() ? r.toBuilder().clearAllocationInfo().build() : r, scalars);
        } else if (r.getType() == Value.Type.SCALAR) {
            a.addPlain(scalars.of(r.getName()), (long) Math.rint(r.getScalar().getValue() * 1000.0));
        } else {
            a.addRanges(rangeNames.of(r.getName()), Intervals.of(r.getRanges()));
        }
    }

    /**
     * The pools of an agent with {@code total}: unreserved first, then one per reservation stack (by role, then
     * stack), then revocable. {@code role} maps a reservation role to its node (taking a reference).
     */
    Pool[] pools(Resources total, Function<String, RoleNode> role) {
        Map<String, List<Resource>> byStack = new LinkedHashMap<>();
        Map<String, List<Resource.ReservationInfo>> stacks = new LinkedHashMap<>();
        List<Resource> unreserved = new ArrayList<>();
        List<Resource> revocable = new ArrayList<>();
        for (Resource r : total.toList()) {
            Resource plain = r.hasAllocationInfo() ? r.toBuilder().clearAllocationInfo().build() : r;
            if (plain.hasRevocable()) {
                revocable.add(plain);
            } else if (plain.getReservationsCount() == 0) {
                unreserved.add(plain);
            } else {
                String key = plain.getReservations(plain.getReservationsCount() - 1).getRole() + "\u0000"
                        + plain.getReservationsList();
                byStack.computeIfAbsent(key, k -> new ArrayList<>()).add(plain);
                stacks.putIfAbsent(key, List.copyOf(plain.getReservationsList()));
            }
        }
        List<Pool> pools = new ArrayList<>();
        pools.add(new Pool(List.of(), false, null, amounts(unreserved)));
        byStack.keySet().stream().sorted().forEach(key -> {
            List<Resource.ReservationInfo> stack = stacks.get(key);
            RoleNode node = role.apply(stack.get(stack.size() - 1).getRole());
            pools.add(new Pool(stack, false, node, amounts(byStack.get(key))));
        });
        if (!revocable.isEmpty()) {
            pools.add(new Pool(List.of(), true, null, amounts(revocable)));
        }
        return pools.toArray(new Pool[0]);
    }

    private Amounts amounts(List<Resource> resources) {
        Amounts a = new Amounts();
        resources.forEach(r -> add(a, r));
        return a;
    }

    /**
     * Splits {@code resources} of an agent by allocation role and by the agent's pools. A resource without
     * allocation info goes to {@code defaultRole}; one matching no pool of the agent is dropped (it is not part
     * of the agent's total, so nobody can hold it).
     */
    Map<String, Amounts[]> split(Pool[] pools, Resources resources, String defaultRole) {
        Map<String, Amounts[]> out = new LinkedHashMap<>();
        for (Resource r : resources.toList()) {
            int p = poolOf(pools, r);
            if (p < 0) {
                continue;
            }
            String role = r.hasAllocationInfo() ? r.getAllocationInfo().getRole() : defaultRole;
            Amounts[] parts = out.computeIfAbsent(role, k -> new Amounts[pools.length]);
            if (parts[p] == null) {
                parts[p] = new Amounts();
            }
            add(parts[p], r);
        }
        return out;
    }

    private static int poolOf(Pool[] pools, Resource r) {
        boolean revocable = r.hasRevocable();
        if (!revocable && r.getReservationsCount() == 0) {
            return 0;
        }
        for (int i = 0; i < pools.length; i++) {
            if (pools[i].matches(r.getReservationsList(), revocable)) {
                return i;
            }
        }
        return -1;
    }

    /** The offer of {@code parts} (non-null ones, by pool) allocated to {@code role}. */
    Resources offer(Pool[] pools, Amounts[] parts, RoleNode role) {
        int only = -1;
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != null) {
                only = i;
                count++;
            }
        }
        if (count == 1) {
            Resources cached = pools[only].cachedOffer(role, parts[only]);
            if (cached != null) {
                return cached;
            }
        }
        List<Resource> list = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != null) {
                build(pools[i], parts[i], role, list);
            }
        }
        Resources offer = Resources.of(list);
        if (count == 1) {
            pools[only].cache(role, parts[only], offer);
        }
        return offer;
    }

    private void build(Pool pool, Amounts a, RoleNode role, List<Resource> out) {
        for (int i = 0, n = a.scalarLength(); i < n; i++) {
            long millis = a.plain(i);
            if (millis > 0) {
                out.add(Resource.newBuilder().setName(scalars.name(i)).setType(Value.Type.SCALAR)
                        .setScalar(Value.Scalar.newBuilder().setValue(millis / 1000.0))
                        .addAllReservations(pool.stack).setAllocationInfo(role.allocationInfo).build());
            }
        }
        for (int i = 0, n = a.rangeLength(); i < n; i++) {
            long[] iv = a.ranges(i);
            if (!Intervals.isEmpty(iv)) {
                out.add(Resource.newBuilder().setName(rangeNames.name(i)).setType(Value.Type.RANGES)
                        .setRanges(Intervals.toProto(iv)).addAllReservations(pool.stack)
                        .setAllocationInfo(role.allocationInfo).build());
            }
        }
        if (!a.other().isEmpty()) {
            out.addAll(a.other().withAllocationRole(role.role).toList());
        }
    }
}
