package org.agora.api.allocator;

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
 * is what lets the master replace it at runtime: a fresh instance is initialized and then re-seeded with
 * {@link #addAgent} and {@link #addFramework} calls that carry the resources already in use.
 */
@ConsumerType
public interface Allocator {

    /** The name operators see (for example {@code "drf"}); stable for the lifetime of the bundle. */
    String name();

    /** Called once before any other method. Decisions are handed to {@code sink}, on the calling thread. */
    void initialize(AllocatorOptions options, AllocationSink sink);

    /**
     * An agent joined (or is re-seeded): {@code total} is all it has, {@code used} what each framework holds on it.
     * This is what counts against the agent's free resources.
     */
    void addAgent(AgentID agentId, AgentInfo info, Resources total, Map<FrameworkID, Resources> used);

    /** The agent is gone; whatever it had is no longer allocatable. */
    void removeAgent(AgentID agentId);

    /** The agent's total changed (for example a reservation was made by the operator). */
    void updateAgent(AgentID agentId, Resources total);

    /** Agents that stay known but must get no new offers (unreachable, draining) and back. */
    void deactivateAgent(AgentID agentId);

    /** @see #deactivateAgent */
    void activateAgent(AgentID agentId);

    /**
     * A framework subscribed (or is re-seeded). {@code used} is what it holds per agent, for its share only: the
     * agents' free resources already account for it through {@link #addAgent}. {@code suppressedRoles} are roles it
     * asked not to be offered anything for.
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

    /** Resume offers for these roles (all when empty) and drop the framework's refusal filters. */
    void reviveOffers(FrameworkID frameworkId, Set<String> roles);

    /** Run one allocation cycle now over every agent with free resources. */
    void allocate();

    /** Figures for {@code /metrics/snapshot}; names are relative (the master prefixes {@code allocator/<name>/}). */
    Map<String, Double> metrics();
}
