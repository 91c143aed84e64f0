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
package org.agora.api.allocator;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An allocation policy. The master calls every method from its own single actor thread, never concurrently, so an
 * implementation needs no locking of its own; it must not block and must not call back into the master other than
 * through the {@link AllocationSink} given to {@link #initialize}.
 *
 * <p>The allocator only ever sees what is passed in: ids, infos and {@link Resources}. It owns no master state, which
 * is what lets the master replace it at runtime: a fresh instance is initialized and then re-seeded with the whole
 * current state, in this order:
 * <ol>
 * <li>{@link #initialize} (which discards anything the instance knew before);</li>
 * <li>{@link #updateWeights} with every configured weight, {@link #updateQuota} once per role with quota;</li>
 * <li>{@link #addFramework} for every framework (with its roles, active flag and suppressed roles);</li>
 * <li>{@link #addAgent} for every agent, with its current total (reservations and volumes applied) and what each
 * framework uses on it (resources offered but not yet answered count as used), then {@link #deactivateAgent} for
 * the agents that must get no offers;</li>
 * <li>{@link #addOfferFilter} with each of the previous allocator's {@link #offerFilters()};</li>
 * <li>{@link #allocate()}.</li>
 * </ol>
 * Frameworks may also come after the agents: an allocator must accept both orders and count every used resource
 * exactly once. Resources the master hands in carry {@code allocation_info.role} where they are allocated to a
 * role (offered or used); a resource without it counts for the framework's first role.
 */
@ConsumerType
public interface Allocator {

    /** The name operators see (for example {@code "drf"}); stable for the lifetime of the bundle. */
    String name();

    /**
     * Called before any other method, and again whenever the master re-seeds this instance (after a lost and regained
     * leadership): everything known before is discarded. Decisions are handed to {@code sink}, on the calling thread.
     */
    void initialize(AllocatorOptions options, AllocationSink sink);

    /**
     * An agent joined (or is re-seeded): {@code total} is all it has, {@code used} what each framework holds on it.
     * This is what counts against the agent's free resources.
     */
    void addAgent(AgentID agentId, AgentInfo info, Resources total, Map<FrameworkID, Resources> used);

    /** The agent is gone; whatever it had is no longer allocatable. */
    void removeAgent(AgentID agentId);

    /**
     * The agent's total changed while what frameworks hold on it did not: an operator reserved or unreserved free
     * resources, or the agent reported new resources. What is allocated stays allocated; the agent's free resources
     * become {@code total} minus that. The master rescinds the agent's outstanding offers before it changes
     * resources that were offered. Offer filters for the agent may be dropped.
     */
    void updateAgent(AgentID agentId, Resources total);

    /** Agents that stay known but must get no new offers (unreachable, draining) and back. */
    void deactivateAgent(AgentID agentId);

    /** @see #deactivateAgent */
    void activateAgent(AgentID agentId);

    /**
     * A framework subscribed (or is re-seeded). {@code used} is what it holds per agent; it repeats what
     * {@link #addAgent} reports for this framework, which is what allocators count (for the agents' free resources
     * and the framework's share alike), whether the agent was added before or after the framework.
     * {@code suppressedRoles} are roles it asked not to be offered anything for.
     */
    void addFramework(FrameworkID frameworkId, FrameworkInfo info, Map<AgentID, Resources> used,
            boolean active, Set<String> suppressedRoles);

    /** The framework is gone; what it held is released. */
    void removeFramework(FrameworkID frameworkId);

    /** A disconnected framework keeps its resources but gets no offers until reactivated. */
    void deactivateFramework(FrameworkID frameworkId);

    /** @see #deactivateFramework */
    void activateFramework(FrameworkID frameworkId);

    /** The framework's roles or capabilities changed without a re-subscription. */
    void updateFramework(FrameworkID frameworkId, FrameworkInfo info, Set<String> suppressedRoles);

    /**
     * Resources come back from a framework (declined, unused part of an accept, rescinded, task finished). Until
     * then everything offered counts as allocated to the framework, whether it was launched on or not.
     * With {@code refuseSeconds} greater than zero the same resources of that agent are not offered to that framework
     * again for that long.
     */
    void recoverResources(FrameworkID frameworkId, AgentID agentId, Resources resources, double refuseSeconds);

    /** Stop offering to the framework for these roles (all its roles when empty). */
    void suppressOffers(FrameworkID frameworkId, Set<String> roles);

    /** Resume offers for these roles (all when empty) and drop the framework's refusal filters for them. */
    void reviveOffers(FrameworkID frameworkId, Set<String> roles);

    /**
     * A framework applied operations to resources it was offered or uses on the agent (RESERVE, UNRESERVE, CREATE,
     * DESTROY in an ACCEPT): {@code from}, which it holds, became {@code to}, of the same quantities. The framework
     * holds {@code to} from now on and the agent's total changes the same way (minus {@code from}, plus {@code to}).
     * Both carry {@code allocation_info.role}. Called before the master launches tasks out of {@code to} and before
     * it recovers what was left unused.
     *
     * @throws UnsupportedOperationException when this allocator cannot follow such changes (the default); the master
     *     then refuses the operations
     */
    default void updateAllocation(FrameworkID frameworkId, AgentID agentId, Resources from, Resources to) {
        throw new UnsupportedOperationException(name() + " does not support operations on allocated resources");
    }

    /**
     * Sets the weight of each role named (Mesos's {@code UPDATE_WEIGHTS}); roles not named keep theirs and a role
     * never named weighs 1.0. A role with weight 2 is entitled to twice the dominant share of a role with weight 1.
     * The default ignores weights.
     *
     * @throws IllegalArgumentException if a weight is not a positive finite number
     */
    default void updateWeights(Map<String, Double> weights) {
    }

    /**
     * Sets the quota of {@code role} (Mesos 1.9 {@code UPDATE_QUOTA}, QUOTA_V2): {@code guarantees} are scalar
     * quantities the role (with its sub-roles) is entitled to, kept aside as headroom while unsatisfied;
     * {@code limits} are scalar quantities the role (with its sub-roles) is never allocated beyond, counting what it
     * uses and its reservations. A resource name absent from {@code limits} is unlimited. Both empty removes the
     * role's quota. Only names and scalar values count: roles, reservations and allocation info are ignored. The
     * default ignores quota.
     *
     * @throws IllegalArgumentException if a resource is not a scalar or a guarantee exceeds the limit of its name
     */
    default void updateQuota(String role, Resources guarantees, Resources limits) {
    }

    /**
     * The refusal filters in force now (frameworks' declines with {@code refuse_seconds}), for the master to carry
     * them over to a replacing allocator with {@link #addOfferFilter}. The default has none.
     */
    default List<OfferFilter> offerFilters() {
        return List.of();
    }

    /**
     * Re-seeds one refusal filter, as if the framework had just declined {@code filter.refused()} on the agent with
     * {@code filter.remaining()} to run. Filters of unknown frameworks or agents are ignored. The default ignores it.
     */
    default void addOfferFilter(OfferFilter filter) {
    }

    /** Run one allocation cycle now over every agent with free resources. */
    void allocate();

    /** Figures for {@code /metrics/snapshot}; names are relative (the master prefixes {@code allocator/<name>/}). */
    Map<String, Double> metrics();
}
