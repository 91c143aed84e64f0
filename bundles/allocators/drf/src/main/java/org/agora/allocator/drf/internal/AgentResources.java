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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.agora.api.allocator.OfferFilter;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;

/**
 * What agents have and what comes back from frameworks: agents added (with what frameworks use on them), removed,
 * re-totalled and (de)activated; resources recovered, with the refusal filters they leave; resources converted by
 * operations. Keeps pools, holdings, the {@link Ledger} and the dirty set in step. Called by {@link DrfAllocator}.
 */
final class AgentResources {
    private static final long MAX_REFUSE_NANOS = TimeUnit.DAYS.toNanos(365);

    private final NameIndex names;
    private final Ledger ledger;
    private final RoleTree tree;
    private final ResourceCodec codec;
    private final Agents agents;
    private final Frameworks frameworks;
    private final Holdings holdings;
    private final OfferFilters filters;
    private final LongSupplier clock;

    AgentResources(NameIndex names, Ledger ledger, RoleTree tree, ResourceCodec codec, Agents agents,
            Frameworks frameworks, Holdings holdings, OfferFilters filters, LongSupplier clock) {
        this.names = names;
        this.ledger = ledger;
        this.tree = tree;
        this.codec = codec;
        this.agents = agents;
        this.frameworks = frameworks;
        this.holdings = holdings;
        this.filters = filters;
        this.clock = clock;
    }

    void addAgent(AgentID agentId, AgentInfo info, Resources total, Map<FrameworkID, Resources> used) {
        if (agents.get(agentId.getValue()) != null) {
            removeAgent(agentId);
        }
        AgentState a = new AgentState(agentId, info);
        setTotal(a, total);
        agents.add(a);
        used.forEach((f, r) -> hold(a, f.getValue(), r));
        agents.quotaMayAllowMore();
    }

    private void setTotal(AgentState a, Resources total) {
        a.total = total;
        a.pools = codec.pools(total, tree::retain);
        a.hasGpus = total.scalar("gpus") > 0;
        for (Pool p : a.pools) {
            ledger.pool(p, 1);
            ledger.free(a, p, p.free, 1);
        }
    }

    private void clearTotal(AgentState a) {
        for (Pool p : a.pools) {
            ledger.free(a, p, p.free, -1);
            ledger.pool(p, -1);
            if (p.role != null) {
                tree.release(p.role);
            }
        }
    }

    private void hold(AgentState a, String frameworkId, Resources resources) {
        FrameworkState f = frameworks.get(frameworkId);
        holdings.hold(a, frameworkId, codec.split(a.pools, resources, f == null ? "*" : f.defaultRole()));
    }

    void removeAgent(AgentID agentId) {
        AgentState a = agents.get(agentId.getValue());
        if (a == null) {
            return;
        }
        filters.clear(a);
        for (Holding h : new ArrayList<>(a.holdings)) {
            holdings.release(h);
        }
        clearTotal(a);
        agents.remove(a);
        agents.quotaMayAllowMore();
    }

    void updateAgent(AgentID agentId, Resources total) {
        AgentState a = agents.get(agentId.getValue());
        if (a != null) {
            retotal(a, total);
            agents.markDirty(a);
            agents.quotaMayAllowMore();
        }
    }

    /** Gives the agent a new total, keeping what each holding holds where the new total still has it. */
    private void retotal(AgentState a, Resources total) {
        filters.clear(a);
        record Kept(String framework, String role, Resources resources) {
        }
        List<Kept> kept = new ArrayList<>();
        for (Holding h : new ArrayList<>(a.holdings)) {
            Amounts[] parts = h.held.clone();
            for (int p = 0; p < parts.length; p++) {
                parts[p] = parts[p].isEmpty() ? null : parts[p];
            }
            kept.add(new Kept(h.frameworkId, h.role.role, codec.offer(a.pools, parts, h.role)));
            holdings.release(h);
        }
        Pool[] old = a.pools;
        for (Pool p : old) {
            ledger.free(a, p, p.free, -1);
            ledger.pool(p, -1);
        }
        a.total = total;
        a.pools = codec.pools(total, tree::retain);
        a.hasGpus = total.scalar("gpus") > 0;
        for (Pool p : a.pools) {
            ledger.pool(p, 1);
            ledger.free(a, p, p.free, 1);
        }
        for (Pool p : old) {
            if (p.role != null) {
                tree.release(p.role);
            }
        }
        kept.forEach(k -> hold(a, k.framework(), k.resources()));
    }

    void deactivateAgent(AgentID agentId) {
        AgentState a = agents.get(agentId.getValue());
        if (a != null && a.active) {
            for (Pool p : a.pools) {
                ledger.free(a, p, p.free, -1);
            }
            a.active = false;
        }
    }

    void activateAgent(AgentID agentId) {
        AgentState a = agents.get(agentId.getValue());
        if (a != null && !a.active) {
            a.active = true;
            for (Pool p : a.pools) {
                ledger.free(a, p, p.free, 1);
            }
            agents.markDirty(a);
            agents.quotaMayAllowMore();
        }
    }

    void recoverResources(FrameworkID frameworkId, AgentID agentId, Resources resources,
            double refuseSeconds) {
        AgentState a = agents.get(agentId.getValue());
        if (a == null || resources.isEmpty()) {
            return;
        }
        String key = frameworkId.getValue();
        FrameworkState f = frameworks.get(key);
        long until = refuseSeconds > 0 ? clock.getAsLong() + Math.min(MAX_REFUSE_NANOS,
                (long) (refuseSeconds * TimeUnit.SECONDS.toNanos(1))) : 0;
        for (Holding h : a.holdings) {
            Amounts[] granted = h.frameworkId.equals(key) ? h.takeGrant(resources) : null;
            if (granted != null) {
                giveBack(h, granted);
                if (until != 0 && f != null) {
                    filters.add(f, a, h.role, resources, granted, until);
                }
                settle(h);
                agents.markDirty(a);
                agents.quotaMayAllowMore();
                return;
            }
        }
        Map<String, Amounts[]> split = codec.split(a.pools, resources, f == null ? "*" : f.defaultRole());
        split.forEach((role, parts) -> {
            RoleNode node = tree.find(role);
            Holding h = node == null ? null : a.holding(key, node);
            if (h != null) {
                h.forgetGrants();
                giveBack(h, parts);
                if (until != 0 && f != null) {
                    filters.add(f, a, node, split.size() == 1 ? resources : resources.allocatedTo(role), parts,
                            until);
                }
                settle(h);
            }
        });
        agents.markDirty(a);
        agents.quotaMayAllowMore();
    }

    private void giveBack(Holding h, Amounts[] parts) {
        for (int p = 0; p < parts.length; p++) {
            if (parts[p] != null) {
                holdings.giveBack(h, p, parts[p]);
            }
        }
    }

    private void settle(Holding h) {
        tree.resorted(h.client, h.role);
        if (h.isEmpty()) {
            holdings.drop(h);
        }
    }

    void updateAllocation(FrameworkID frameworkId, AgentID agentId, Resources from, Resources to) {
        AgentState a = agents.get(agentId.getValue());
        if (a == null) {
            return;
        }
        String key = frameworkId.getValue();
        FrameworkState f = frameworks.get(key);
        codec.split(a.pools, from, f == null ? "*" : f.defaultRole()).forEach((role, parts) -> {
            RoleNode node = tree.find(role);
            Holding h = node == null ? null : a.holding(key, node);
            if (h != null) {
                h.forgetGrants();
                giveBack(h, parts);
                settle(h);
            }
        });
        retotal(a, a.total.minus(unallocated(from)).plus(unallocated(to)));
        hold(a, key, to);
        agents.markDirty(a);
        agents.quotaMayAllowMore();
    }

    private static Resources unallocated(Resources r) {
        return Resources.of(r.toList().stream().map(x -> x.toBuilder().clearAllocationInfo().build()).toList());
    }

    void addOfferFilter(OfferFilter filter) {
        AgentState a = agents.get(filter.agentId().getValue());
        FrameworkState f = frameworks.get(filter.frameworkId().getValue());
        if (a == null || f == null) {
            return;
        }
        long until = clock.getAsLong() + Math.min(MAX_REFUSE_NANOS, filter.remaining().toNanos());
        codec.split(a.pools, filter.refused(), f.defaultRole()).forEach((role, parts) -> {
            RoleNode node = tree.find(role);
            if (node != null) {
                filters.add(f, a, node, filter.refused(), parts, until);
            }
        });
    }

    /** Checks the books add up (tests): every agent's free plus holdings equals its total. */
    void checkInvariants() {
        for (AgentState a : agents.unordered()) {
            for (int p = 0; p < a.pools.length; p++) {
                Amounts sum = a.pools[p].free.copy();
                for (Holding h : a.holdings) {
                    sum.add(h.held[p], names);
                }
                if (!sum.sameContent(a.pools[p].total)) {
                    throw new IllegalStateException("agent " + a.key + " pool " + p + ": free " + a.pools[p].free
                            + " plus held is " + sum + ", total is " + a.pools[p].total);
                }
            }
        }
    }
}
