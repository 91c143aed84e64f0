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

import java.util.Set;

/**
 * The allocator's books in numbers: cluster totals, what is held, what is free for headroom, and the dominant
 * shares computed from them. Every change of what an agent has, or of who holds what, goes through here so that
 * role, leaf and framework quantities always add up. Revocable resources are left out of all of it.
 */
final class Ledger {
    final NameIndex names;
    /** All agents' resources. */
    final Quantities total = new Quantities();
    /** Held by frameworks (offered or used). */
    final Quantities allocated = new Quantities();
    /** Free and unreserved on active agents: the headroom quota guarantees can draw on. */
    final Quantities freeUnreserved = new Quantities();
    /** Shares depend on the totals: when they change, every share in the tree must be recomputed. */
    boolean sharesStale = true;

    private Set<String> excludedNames = Set.of();
    private boolean[] excluded = new boolean[0];

    Ledger(NameIndex names) {
        this.names = names;
    }

    void exclude(Set<String> resourceNames) {
        excludedNames = Set.copyOf(resourceNames);
        excluded = new boolean[0];
        sharesStale = true;
    }

    private boolean excluded(int i) {
        if (i >= excluded.length) {
            excluded = new boolean[names.size() + 4];
            for (int k = 0; k < names.size(); k++) {
                excluded[k] = excludedNames.contains(names.name(k));
            }
        }
        return excluded[i];
    }

    /** The largest fraction of the cluster total that {@code alloc} holds of any resource, unweighted. */
    double dominantShare(Quantities alloc) {
        double share = 0;
        for (int i = 0, n = alloc.length(); i < n; i++) {
            long a = alloc.get(i);
            long t = total.get(i);
            if (a > 0 && t > 0 && !excluded(i)) {
                double s = (double) a / t;
                if (s > share) {
                    share = s;
                }
            }
        }
        return share;
    }

    double share(SortEntry e) {
        return dominantShare(e.allocation()) / e.weight();
    }

    /** {@code h} holds {@code sign} times {@code a} more out of pool {@code p}. */
    void hold(Holding h, Pool p, Amounts a, int sign) {
        if (!p.counts()) {
            return;
        }
        for (RoleNode n = h.role; n.parent != null; n = n.parent) {
            a.addTo(n.alloc, sign);
        }
        a.addTo(h.role.leaf.alloc, sign);
        if (h.client != null) {
            a.addTo(h.client.alloc, sign);
        }
        if (p.role != null) {
            for (RoleNode n = p.role; n.parent != null; n = n.parent) {
                a.addTo(n.reservedHeld, sign);
            }
        }
        a.addTo(allocated, sign);
    }

    /** Pool {@code p} of {@code agent} has {@code sign} times {@code a} more free. */
    void free(AgentState agent, Pool p, Amounts a, int sign) {
        if (agent.active && p.unreserved()) {
            a.addTo(freeUnreserved, sign);
        }
    }

    /** Pool {@code p} joins ({@code sign} 1) or leaves (-1) the cluster. */
    void pool(Pool p, int sign) {
        if (!p.counts()) {
            return;
        }
        p.total.addTo(total, sign);
        if (p.role != null) {
            for (RoleNode n = p.role; n.parent != null; n = n.parent) {
                p.total.addTo(n.reserved, sign);
            }
        }
        sharesStale = true;
    }
}
