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
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;

/**
 * Quota (Mesos 1.9 QUOTA_V2) and what it allows. A role's consumption is what its subtree holds plus its
 * reservations nobody holds. Limits cap consumption, for the role and every ancestor. Guarantees are kept as
 * headroom: free unreserved resources of active agents are handed to roles without an unsatisfied guarantee only
 * beyond the sum of unsatisfied guarantees (taken over the top-most guaranteed roles, since a sub-role's guarantee is
 * part of its parent's).
 */
final class QuotaBook {
    private final Map<String, Quota> byRole = new TreeMap<>();
    private final RoleTree tree;
    private final NameIndex names;
    private final Ledger ledger;
    private List<RoleNode> guaranteed = List.of();
    private List<RoleNode> tops = List.of();
    boolean anyLimits;
    boolean anyGuarantees;

    QuotaBook(RoleTree tree, NameIndex names, Ledger ledger) {
        this.tree = tree;
        this.names = names;
        this.ledger = ledger;
    }

    Map<String, Quota> all() {
        return Collections.unmodifiableMap(byRole);
    }

    /** @throws IllegalArgumentException for a non-scalar or a guarantee above its limit */
    void set(String role, Resources guarantees, Resources limits) {
        long[] g = quantities(role, guarantees, 0);
        long[] l = quantities(role, limits, Long.MAX_VALUE);
        for (int i = 0; i < g.length; i++) {
            long limit = i < l.length ? l[i] : Long.MAX_VALUE;
            if (g[i] > limit) {
                throw new IllegalArgumentException("quota of role " + role + ": guarantee of " + names.name(i)
                        + " (" + g[i] / 1000.0 + ") exceeds its limit (" + limit / 1000.0 + ")");
            }
        }
        Quota previous = byRole.remove(role);
        RoleNode node = tree.find(role);
        if (previous != null) {
            node.quota = null;
            tree.release(node);
        }
        if (!guarantees.isEmpty() || !limits.isEmpty()) {
            Quota q = new Quota(g, l);
            byRole.put(role, q);
            node = tree.retain(role);
            node.quota = q;
        }
        refresh();
    }

    private long[] quantities(String role, Resources resources, long absent) {
        long[] q = new long[0];
        for (Resource r : resources.toList()) {
            if (r.getType() != Value.Type.SCALAR) {
                throw new IllegalArgumentException("quota of role " + role + ": " + r.getName()
                        + " is not a scalar resource");
            }
            int i = names.of(r.getName());
            if (i >= q.length) {
                int old = q.length;
                q = Arrays.copyOf(q, i + 1);
                Arrays.fill(q, old, q.length, absent);
            }
            long v = (long) Math.rint(r.getScalar().getValue() * 1000.0);
            q[i] = q[i] == absent ? v : q[i] + v;
        }
        return q;
    }

    private void refresh() {
        List<RoleNode> g = new ArrayList<>();
        anyLimits = false;
        for (String role : byRole.keySet()) {
            RoleNode n = tree.find(role);
            if (n.quota.hasGuarantees()) {
                g.add(n);
            }
            anyLimits |= n.quota.hasLimits();
        }
        guaranteed = List.copyOf(g);
        tops = g.stream().filter(n -> top(n) == n).toList();
        anyGuarantees = !guaranteed.isEmpty();
    }

    /** Roles with guarantees, by name. */
    List<RoleNode> guaranteed() {
        return guaranteed;
    }

    long unsatisfied(RoleNode n, int i) {
        Quota q = n.quota;
        return q == null ? 0 : Math.max(0, q.guarantee(i) - n.consumed(i));
    }

    boolean unsatisfied(RoleNode n) {
        for (int i = 0; i < n.quota.guarantees().length; i++) {
            if (unsatisfied(n, i) > 0) {
                return true;
            }
        }
        return false;
    }

    /** The headroom required of name number {@code i}: unsatisfied guarantees of the top-most guaranteed roles. */
    long required(int i) {
        long sum = 0;
        for (RoleNode t : tops) {
            sum += unsatisfied(t, i);
        }
        return sum;
    }

    /** The top-most ancestor-or-self of {@code r} with a guarantee, or null. */
    RoleNode top(RoleNode r) {
        RoleNode top = null;
        for (RoleNode n = r; n.parent != null; n = n.parent) {
            if (n.quota != null && n.quota.hasGuarantees()) {
                top = n;
            }
        }
        return top;
    }

    /** How much more of name number {@code i} {@code r} may consume under its and its ancestors' limits. */
    long limitRoom(RoleNode r, int i) {
        long room = Long.MAX_VALUE;
        for (RoleNode n = r; n.parent != null; n = n.parent) {
            if (n.quota != null) {
                long l = n.quota.limit(i);
                if (l != Long.MAX_VALUE) {
                    room = Math.min(room, Math.max(0, l - n.consumed(i)));
                }
            }
        }
        return room;
    }

    /**
     * How much of each scalar (by name number) of the unreserved {@code free} role {@code r} may be offered: in
     * stage one for guaranteed role {@code g} (names it guarantees up to its unsatisfied guarantee), in stage two
     * with {@code g} null. Null when quota constrains nothing.
     */
    long[] allowed(RoleNode r, RoleNode g, Amounts free) {
        if (!anyLimits && !anyGuarantees) {
            return null;
        }
        int n = free.scalarLength();
        long[] allowed = new long[n];
        RoleNode top = anyGuarantees ? top(r) : null;
        for (int i = 0; i < n; i++) {
            if (free.scalar(i) <= 0) {
                continue;
            }
            long a = anyLimits ? limitRoom(r, i) : Long.MAX_VALUE;
            if (anyGuarantees) {
                long surplus = Math.max(0, ledger.freeUnreserved.get(i) - required(i));
                long own = top == null ? 0 : unsatisfied(top, i);
                a = Math.min(a, surplus + own);
                if (g != null && g.quota.guarantee(i) > 0) {
                    a = Math.min(a, unsatisfied(g, i));
                }
            }
            allowed[i] = a;
        }
        return allowed;
    }
}
