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
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;

/**
 * One batch allocation, as Mesos's hierarchical allocator does it: over the agents that may have something to give
 * (see {@link Agents}), in agent order, first (stage one) roles with unsatisfied quota guarantees get what they are
 * guaranteed, then (stage two) every role in hierarchical DRF order, and within a role its frameworks in DRF order,
 * is offered what it may take of each agent: the unreserved resources (less what quota limits and headroom hold
 * back) and the reservations of the role and its ancestors.
 *
 * <p>The walk over the sorted tree stops at the first framework that takes an agent's resources, so a cycle costs
 * about one tree descent per agent. Re-sorting after an agent is done moves only the entries whose allocation
 * changed. Decisions of the whole cycle are collected in one map, one entry per framework and role.
 */
final class AllocationCycle {
    private final Agents agents;
    private final RoleTree tree;
    private final Ledger ledger;
    private final QuotaBook quotas;
    private final Holdings holdings;
    private final OfferFilters filters;
    private final ResourceCodec codec;
    private final NameIndex names;
    private final long minCpus;
    private final long minMem;

    private final Candidate base = new Candidate();
    private final Candidate variant = new Candidate();
    private final List<Client> touched = new ArrayList<>();
    private Map<Client, Map<AgentID, Resources>> decisions;
    private boolean filterGpu;
    private int cpus;
    private int mem;
    private int gpus;
    private long now;

    AllocationCycle(Agents agents, RoleTree tree, Ledger ledger, QuotaBook quotas, Holdings holdings,
            OfferFilters filters, ResourceCodec codec, NameIndex names, double minCpus, double minMemMb) {
        this.agents = agents;
        this.tree = tree;
        this.ledger = ledger;
        this.quotas = quotas;
        this.holdings = holdings;
        this.filters = filters;
        this.codec = codec;
        this.names = names;
        this.minCpus = (long) Math.rint(minCpus * 1000.0);
        this.minMem = (long) Math.rint(minMemMb * 1000.0);
    }

    /** Runs the cycle at time {@code now}; the decisions, in the order they were made. */
    Map<Client, Map<AgentID, Resources>> run(long now, boolean filterGpuAgents) {
        this.now = now;
        this.filterGpu = filterGpuAgents;
        this.decisions = new LinkedHashMap<>();
        cpus = names.find("cpus");
        mem = names.find("mem");
        gpus = names.find("gpus");
        filters.expire(now, agents::markDirty);
        if (ledger.sharesStale) {
            tree.rebuild();
        }
        List<AgentState> candidates = agents.takeDirty();
        if (candidates.isEmpty() || tree.root.active.isEmpty()) {
            return decisions;
        }
        if (quotas.anyGuarantees && quotas.guaranteed().stream().anyMatch(quotas::unsatisfied)) {
            guarantees(candidates);
        }
        for (AgentState agent : candidates) {
            if (allocatableLeft(agent)) {
                walk(agent, tree.root, null);
                resort();
            }
        }
        return decisions;
    }

    /** Stage one: roles with unsatisfied guarantees, in DRF order, offered what their guarantees still miss. */
    private void guarantees(List<AgentState> candidates) {
        List<RoleNode> roles = new ArrayList<>(quotas.guaranteed());
        roles.sort(SortEntry.ORDER);
        for (AgentState agent : candidates) {
            boolean given = false;
            for (RoleNode g : roles) {
                if (!allocatableLeft(agent)) {
                    break;
                }
                if (quotas.unsatisfied(g)) {
                    int before = touched.size();
                    walk(agent, g, g);
                    given |= touched.size() > before;
                }
            }
            resort();
            if (given) {
                roles.sort(SortEntry.ORDER);
            }
        }
    }

    /** Offers the agent down the subtree of {@code node}; true when the agent has nothing left to offer. */
    private boolean walk(AgentState agent, RoleNode node, RoleNode guaranteed) {
        for (SortEntry e : node.active) {
            boolean exhausted = e instanceof RoleNode child
                    ? walk(agent, child, guaranteed)
                    : offer(agent, (RoleLeaf) e, guaranteed);
            if (exhausted) {
                return true;
            }
        }
        return false;
    }

    /** Offers the agent to the frameworks of one role; true when the agent has nothing left to offer. */
    private boolean offer(AgentState agent, RoleLeaf leaf, RoleNode guaranteed) {
        RoleNode role = leaf.role;
        if (!candidate(agent, role, guaranteed)) {
            return false;
        }
        boolean baseAllocatable = allocatable(base);
        for (SortEntry e : leaf.clients) {
            Client c = (Client) e;
            FrameworkState f = c.framework;
            if (agent.hasGpus && !f.gpu && filterGpu) {
                continue;
            }
            Candidate offer = forFramework(agent, f);
            if (!(offer == base ? baseAllocatable : allocatable(offer))
                    || filters.refuses(f, agent, role, offer, now)) {
                continue;
            }
            give(agent, c, offer);
            if (!allocatableLeft(agent)) {
                return true;
            }
            if (!candidate(agent, role, guaranteed)) {
                return false;
            }
            baseAllocatable = allocatable(base);
        }
        return false;
    }

    /**
     * Fills {@link #base} with what {@code role} may be offered of the agent: the free unreserved resources as
     * quota allows, and the free reservations of the role and its ancestors. In stage one only a candidate with
     * something the guaranteed role still misses, or reserved resources, counts.
     */
    private boolean candidate(AgentState agent, RoleNode role, RoleNode guaranteed) {
        base.clear();
        boolean revocable = false;
        for (Pool pool : agent.pools) {
            if (pool.free.isEmpty()) {
                continue;
            }
            if (pool.revocable) {
                revocable = true;
            } else if (pool.unreserved()) {
                long[] allowed = quotas.allowed(role, guaranteed, pool.free);
                if (allowed == null || fits(pool.free, allowed)) {
                    base.add(pool, pool.free);
                } else {
                    base.chopped = true;
                    agents.blockedByQuota(agent);
                    Amounts part = pool.free.chopped(allowed);
                    if (part.hasScalars()) {
                        base.add(pool, part);
                    }
                }
            } else if (pool.allocatableTo(role)) {
                base.add(pool, pool.free);
            }
        }
        if (guaranteed != null && !missing(guaranteed)) {
            base.clear();
            return false;
        }
        return !base.isEmpty() || revocable;
    }

    private static boolean fits(Amounts free, long[] allowed) {
        for (int i = 0; i < allowed.length; i++) {
            if (free.scalar(i) > allowed[i]) {
                return false;
            }
        }
        return true;
    }

    /** True when {@link #base} holds reservations or something {@code g} is guaranteed and still misses. */
    private boolean missing(RoleNode g) {
        for (int k = 0; k < base.size; k++) {
            if (!base.pools[k].unreserved()) {
                return true;
            }
            Amounts part = base.parts[k];
            for (int i = 0, n = part.scalarLength(); i < n; i++) {
                if (part.scalar(i) > 0 && g.quota.guarantee(i) > 0 && quotas.unsatisfied(g, i) > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@link #base} as this framework may take it: without GPUs unless it can use them, plus revocable ones. */
    private Candidate forFramework(AgentState agent, FrameworkState f) {
        boolean stripGpus = agent.hasGpus && !f.gpu && gpus >= 0;
        Pool revocable = f.revocable ? revocablePool(agent) : null;
        if (!stripGpus && revocable == null) {
            return base;
        }
        variant.clear();
        for (int k = 0; k < base.size; k++) {
            Amounts part = stripGpus ? base.parts[k].without(gpus, "gpus", names) : base.parts[k];
            if (!part.isEmpty()) {
                variant.add(base.pools[k], part);
            }
        }
        if (revocable != null) {
            variant.add(revocable, stripGpus ? revocable.free.without(gpus, "gpus", names) : revocable.free);
        }
        return variant;
    }

    private static Pool revocablePool(AgentState agent) {
        for (Pool p : agent.pools) {
            if (p.revocable && !p.free.isEmpty()) {
                return p;
            }
        }
        return null;
    }

    /** Mesos's minimum: at least the minimum cpus or the minimum memory. */
    private boolean allocatable(Candidate c) {
        if (c.isEmpty()) {
            return false;
        }
        long offeredCpus = cpus >= 0 ? c.scalar(cpus) : 0;
        if (offeredCpus > 0 && offeredCpus >= minCpus) {
            return true;
        }
        long offeredMem = mem >= 0 ? c.scalar(mem) : 0;
        return offeredMem > 0 && offeredMem >= minMem;
    }

    private boolean allocatableLeft(AgentState agent) {
        long freeCpus = cpus >= 0 ? agent.free(cpus) : 0;
        if (freeCpus > 0 && freeCpus >= minCpus) {
            return true;
        }
        long freeMem = mem >= 0 ? agent.free(mem) : 0;
        return freeMem > 0 && freeMem >= minMem;
    }

    private void give(AgentState agent, Client c, Candidate offer) {
        Holding h = holdings.getOrCreate(agent, c.framework.key, c.role.role);
        Amounts[] parts = new Amounts[agent.pools.length];
        for (int k = 0; k < offer.size; k++) {
            int p = agent.indexOf(offer.pools[k]);
            parts[p] = holdings.take(h, p, offer.parts[k]);
        }
        Resources resources = codec.offer(agent.pools, parts, c.role);
        h.addGrant(resources, parts);
        decisions.computeIfAbsent(c, k -> new LinkedHashMap<>()).merge(agent.id, resources, Resources::plus);
        touched.add(c);
    }

    /** Re-sorts what the last agent's offers changed. */
    private void resort() {
        for (int i = 0, n = touched.size(); i < n; i++) {
            Client c = touched.get(i);
            tree.resorted(c, c.role);
        }
        touched.clear();
    }
}
