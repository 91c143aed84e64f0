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

import java.util.Map;

/**
 * Who holds what: creates and drops {@link Holding}s and moves amounts between an agent's free pools and its
 * holdings, keeping the {@link Ledger} and clients in step. Nothing here re-sorts; callers do that once per change.
 */
final class Holdings {
    private final Ledger ledger;
    private final RoleTree tree;
    private final NameIndex names;
    private final Frameworks frameworks;
    /** Holdings of frameworks not known yet. */
    int orphans;

    Holdings(Ledger ledger, RoleTree tree, NameIndex names, Frameworks frameworks) {
        this.ledger = ledger;
        this.tree = tree;
        this.names = names;
        this.frameworks = frameworks;
    }

    Holding getOrCreate(AgentState agent, String frameworkId, String role) {
        RoleNode node = tree.find(role);
        Holding h = node == null ? null : agent.holding(frameworkId, node);
        if (h != null) {
            return h;
        }
        h = new Holding(agent, frameworkId, tree.retain(role), agent.pools.length);
        FrameworkState f = frameworks.get(frameworkId);
        if (f != null) {
            link(h, f);
        } else {
            orphans++;
        }
        agent.holdings.add(h);
        return h;
    }

    private void link(Holding h, FrameworkState f) {
        h.framework = f;
        h.client = frameworks.client(f, h.role);
        h.client.holdings++;
    }

    /** A framework arrived that holds {@code h}, recorded while it was unknown. */
    void adopt(Holding h, FrameworkState f) {
        link(h, f);
        orphans--;
        for (int p = 0; p < h.held.length; p++) {
            if (h.agent.pools[p].counts()) {
                h.held[p].addTo(h.client.alloc, 1);
            }
        }
        tree.resorted(h.client, h.role);
    }

    /** Moves up to {@code want} of pool {@code p} from free to {@code h}; returns what moved (frozen). */
    Amounts take(Holding h, int p, Amounts want) {
        Pool pool = h.agent.pools[p];
        Amounts taken = want == pool.free ? pool.free.takeAll() : pool.free.takeUpTo(want, names);
        h.held[p] = h.held[p].plus(taken, names);
        ledger.hold(h, pool, taken, 1);
        ledger.free(h.agent, pool, taken, -1);
        return taken;
    }

    /** Moves up to {@code want} of pool {@code p} from {@code h} back to free; returns what moved. */
    Amounts giveBack(Holding h, int p, Amounts want) {
        Pool pool = h.agent.pools[p];
        Amounts[] split = h.held[p].split(want, names);
        Amounts back = split[0];
        h.held[p] = split[1];
        pool.free.add(back, names);
        ledger.hold(h, pool, back, -1);
        ledger.free(h.agent, pool, back, 1);
        return back;
    }

    /** Gives everything {@code h} holds back to the agent and drops it. */
    void release(Holding h) {
        for (int p = 0; p < h.held.length; p++) {
            Pool pool = h.agent.pools[p];
            Amounts back = h.held[p];
            h.held[p] = Amounts.EMPTY;
            pool.free.add(back, names);
            ledger.hold(h, pool, back, -1);
            ledger.free(h.agent, pool, back, 1);
        }
        tree.resorted(h.client, h.role);
        drop(h);
    }

    /** Forgets an empty holding. */
    void drop(Holding h) {
        h.agent.holdings.remove(h);
        if (h.client != null) {
            h.client.holdings--;
            frameworks.unused(h.client);
        } else {
            orphans--;
        }
        tree.release(h.role);
    }

    /** Takes {@code parts} (by pool, null where none) of the agent's free resources into holdings of each role. */
    void hold(AgentState agent, String frameworkId, Map<String, Amounts[]> byRole) {
        byRole.forEach((role, parts) -> {
            Holding h = getOrCreate(agent, frameworkId, role);
            for (int p = 0; p < parts.length; p++) {
                if (parts[p] != null) {
                    take(h, p, parts[p]);
                }
            }
            tree.resorted(h.client, h.role);
            if (h.isEmpty()) {
                drop(h);
            }
        });
    }
}
