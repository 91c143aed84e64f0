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

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.WeightInfo;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.agora.master.internal.agent.AgentManager;
import org.agora.master.internal.agent.AgentState;
import org.agora.master.internal.allocation.AllocatorHost;
import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.offer.Offers;
import org.agora.master.internal.registry.Registry;
import org.agora.master.internal.registry.RegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls that change weights, quota and reservations, registry first: each checks its input whole, writes the
 * registry, and only once the write succeeded applies the change in memory and to the allocator. A refused call or a
 * failed write changes nothing (the stage fails: {@link IllegalArgumentException} or {@link ConflictException} for
 * the input, the registry's exception for the write). Changes run one at a time ({@link SerialChanges}), each
 * checked against what the one before left. Actor thread only.
 */
public final class RoleCalls {
    private static final Logger LOG = LoggerFactory.getLogger(RoleCalls.class);

    /** The most entries one weights or quota call may carry, so that its registry write stays small. */
    public static final int MAX_ENTRIES_PER_CALL = 1000;

    private final RolePolicy policy;
    private final Reservations reservations;
    private final Registry registry;
    private final AllocatorHost allocation;
    private final AgentManager agents;
    private final FrameworkManager frameworks;
    private final Offers offers;
    private final Executor actor;
    private final SerialChanges changes;

    public RoleCalls(RolePolicy policy, Reservations reservations, Registry registry, AllocatorHost allocation,
            AgentManager agents, FrameworkManager frameworks, Offers offers, Executor actor) {
        this.policy = policy;
        this.reservations = reservations;
        this.registry = registry;
        this.allocation = allocation;
        this.agents = agents;
        this.frameworks = frameworks;
        this.offers = offers;
        this.actor = actor;
        this.changes = new SerialChanges(actor);
    }

    /** UPDATE_WEIGHTS. Fails with IllegalArgumentException naming the bad field; nothing changes then. */
    public CompletionStage<Void> updateWeights(List<WeightInfo> infos) {
        checkSize("update_weights.weight_infos", infos.size());
        Map<String, Double> update = RolePolicy.checkWeights(infos);
        checkWrite(() -> Registry.checkWeights(update));
        return changes.submit(() -> registry.updateWeights(update).thenRunAsync(() -> {
            policy.applyWeights(update);
            allocation.updateWeights(update);
            LOG.info("Role weights updated: {}", update);
        }, actor));
    }

    /** UPDATE_QUOTA. Fails with IllegalArgumentException naming the bad field; nothing changes then. */
    public CompletionStage<Void> updateQuota(List<QuotaConfig> configs, boolean force) {
        checkSize("update_quota.quota_configs", configs.size());
        return changes.submit(() -> {
            Resources capacity = Resources.empty();
            for (var s : agents.snapshot()) {
                if (s.state() == AgentState.ACTIVE) {
                    capacity = capacity.plus(Reservations.unallocated(reservations.totalOf(s.info())));
                }
            }
            var next = policy.checkQuotas(configs, force, capacity);
            List<QuotaConfig> changed = policy.changedQuotas(next);
            checkWrite(() -> Registry.checkQuotas(changed));
            return registry.updateQuotas(changed).thenRunAsync(() -> {
                for (QuotaConfig q : policy.applyQuotas(next)) {
                    allocation.updateQuota(q.getRole(), RolePolicy.guarantees(q), RolePolicy.limits(q));
                    LOG.info("Quota of role '{}' set to guarantees {} limits {}", q.getRole(),
                            q.getGuaranteesMap(), q.getLimitsMap());
                }
            }, actor);
        });
    }

    /**
     * RESERVE_RESOURCES by an operator: unreserved (or less refined) resources the agent has free become reserved.
     * Fails with IllegalArgumentException for malformed input, {@link ConflictException} when the agent lacks them.
     */
    public CompletionStage<Void> reserve(AgentID agentId, List<Resource> resources, List<Resource> source) {
        Reservations.checkReservable("reserve_resources.resources", resources);
        Resources wanted = Reservations.unallocated(Resources.of(resources));
        Resources from = Reservations.sources(wanted);
        if (!source.isEmpty() && !Reservations.unallocated(Resources.of(source)).equals(from)) {
            throw new IllegalArgumentException("reserve_resources.source " + Resources.of(source) + " is not "
                    + "'resources' one reservation level down (" + from + ")");
        }
        return changes.submit(() -> {
            AgentInfo info = registeredAgent("reserve_resources.agent_id", agentId);
            Resources available = freeOn(info);
            if (!available.contains(from)) {
                throw new ConflictException("reserve_resources.resources: agent " + agentId.getValue()
                        + " does not have " + from + " free to reserve (free: " + available + ")");
            }
            return changeReservations(info, reservations.on(agentId).plus(wanted), "reserved " + wanted);
        });
    }

    /**
     * UNRESERVE_RESOURCES by an operator: free dynamically reserved resources go one reservation level down.
     * Fails with IllegalArgumentException for malformed input, {@link ConflictException} when they are not free.
     */
    public CompletionStage<Void> unreserve(AgentID agentId, List<Resource> resources) {
        Reservations.checkReservable("unreserve_resources.resources", resources);
        Resources wanted = Reservations.unallocated(Resources.of(resources));
        return changes.submit(() -> {
            AgentInfo info = registeredAgent("unreserve_resources.agent_id", agentId);
            if (!reservations.on(agentId).contains(wanted)) {
                throw new ConflictException("unreserve_resources.resources: " + wanted + " are not dynamically "
                        + "reserved on agent " + agentId.getValue() + " (reserved: " + reservations.on(agentId)
                        + ")");
            }
            Resources available = freeOn(info);
            if (!available.contains(wanted)) {
                throw new ConflictException("unreserve_resources.resources: " + wanted + " are in use on agent "
                        + agentId.getValue() + " (free: " + available + ")");
            }
            return changeReservations(info, reservations.on(agentId).minus(wanted), "unreserved " + wanted);
        });
    }

    private static void checkSize(String field, int size) {
        if (size > MAX_ENTRIES_PER_CALL) {
            throw new IllegalArgumentException(field + " has " + size + " entries; at most " + MAX_ENTRIES_PER_CALL
                    + " may be changed in one call");
        }
    }

    /** A change the registry could not write in one go is the caller's mistake (400), not the registry's (503). */
    private static void checkWrite(Runnable check) {
        try {
            check.run();
        } catch (RegistryException.TooLarge e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private AgentInfo registeredAgent(String field, AgentID agentId) {
        return agents.activeAgent(agentId).orElseThrow(() -> new IllegalArgumentException(field
                + ": no agent " + agentId.getValue() + " is registered and reachable"));
    }

    /** What the agent has that no task or executor uses, after taking back its outstanding offers. */
    private Resources freeOn(AgentInfo info) {
        offers.rescindOn(info.getId());
        Resources used = Resources.empty();
        for (FrameworkRecord f : frameworks.all()) {
            used = used.plus(f.usedByAgent().getOrDefault(info.getId(), Resources.empty()));
        }
        return reservations.totalOf(info).minus(Reservations.unallocated(used));
    }

    /**
     * Persists the agent's new reservations, then applies them. While the write is in flight the allocator offers
     * nothing of the agent, so the resources checked free stay free until the change applies.
     */
    private CompletionStage<Void> changeReservations(AgentInfo info, Resources reserved, String what) {
        AgentID agentId = info.getId();
        allocation.deactivateAgent(agentId);
        return registry.saveReservations(agentId, reserved.toList()).whenCompleteAsync((v, e) -> {
            if (agents.activeAgent(agentId).isPresent() && !agents.isDeactivated(agentId)) {
                allocation.activateAgent(agentId);
            }
            if (e != null) {
                LOG.error("Operator reservation change on agent {} not made: the registry write failed: {}",
                        agentId.getValue(), e.getMessage());
                return;
            }
            reservations.set(agentId, reserved);
            allocation.updateAgent(agentId, reservations.totalOf(info));
            LOG.info("Operator {} on agent {}", what, agentId.getValue());
        }, actor);
    }

    /**
     * Runs {@code change} after the changes queued before it: for a framework's ACCEPT whose RESERVE or UNRESERVE
     * must be planned against the reservations the previous change left, persisted, and only then applied.
     */
    public <T> CompletableFuture<T> serially(Supplier<? extends CompletionStage<T>> change) {
        return changes.submit(change);
    }

    /** Persists the agent's reservations as a framework's ACCEPT will leave them (applied by the caller after). */
    public CompletionStage<Void> persistReservations(AgentID agentId, Resources newReserved) {
        return registry.saveReservations(agentId, newReserved.toList());
    }

    /**
     * A framework's RESERVE / UNRESERVE inside an ACCEPT, planned and persisted already: the allocator follows the
     * change (or refuses it, with UnsupportedOperationException), then it is recorded.
     */
    public void applyFrameworkReservation(FrameworkID frameworkId, AgentID agentId, Resources from, Resources to,
            Resources newReserved) {
        allocation.updateAllocation(frameworkId, agentId, from, to);
        reservations.set(agentId, newReserved);
    }
}
