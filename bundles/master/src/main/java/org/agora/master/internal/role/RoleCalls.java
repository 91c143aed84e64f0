package org.agora.master.internal.role;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.WeightInfo;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.agora.master.internal.Master;
import org.agora.master.internal.agent.AgentState;
import org.agora.master.internal.framework.FrameworkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls that change weights, quota and reservations. Each checks its input whole (nothing changes when it is
 * refused), applies at once on the actor thread, and completes once the registry holds the change.
 */
public final class RoleCalls {
    private static final Logger LOG = LoggerFactory.getLogger(RoleCalls.class);

    private final Master master;

    public RoleCalls(Master master) {
        this.master = master;
    }

    /** UPDATE_WEIGHTS. @throws IllegalArgumentException naming the bad field; nothing changes then */
    public CompletionStage<Void> updateWeights(List<WeightInfo> infos) {
        Map<String, Double> update = RolePolicy.checkWeights(infos);
        master.policy().applyWeights(update);
        master.allocation().updateWeights(update);
        LOG.info("Role weights updated: {}", update);
        return master.registry().updateWeights(update);
    }

    /** UPDATE_QUOTA. @throws IllegalArgumentException naming the bad field; nothing changes then */
    public CompletionStage<Void> updateQuota(List<QuotaConfig> configs, boolean force) {
        Resources capacity = Resources.empty();
        for (var s : master.agents().snapshot()) {
            if (s.state() == AgentState.ACTIVE) {
                capacity = capacity.plus(Reservations.unallocated(master.reservations().totalOf(s.info())));
            }
        }
        var next = master.policy().checkQuotas(configs, force, capacity);
        List<QuotaConfig> changed = master.policy().applyQuotas(next);
        for (QuotaConfig q : changed) {
            master.allocation().updateQuota(q.getRole(), RolePolicy.guarantees(q), RolePolicy.limits(q));
            LOG.info("Quota of role '{}' set to guarantees {} limits {}", q.getRole(), q.getGuaranteesMap(),
                    q.getLimitsMap());
        }
        return master.registry().updateQuotas(changed);
    }

    /**
     * RESERVE_RESOURCES by an operator: unreserved (or less refined) resources the agent has free become reserved.
     *
     * @throws IllegalArgumentException for malformed input; {@link ConflictException} when the agent lacks them
     */
    public CompletionStage<Void> reserve(AgentID agentId, List<Resource> resources, List<Resource> source) {
        Reservations.checkReservable("reserve_resources.resources", resources);
        Resources wanted = Reservations.unallocated(Resources.of(resources));
        Resources from = Reservations.sources(wanted);
        if (!source.isEmpty() && !Reservations.unallocated(Resources.of(source)).equals(from)) {
            throw new IllegalArgumentException("reserve_resources.source " + Resources.of(source) + " is not "
                    + "'resources' one reservation level down (" + from + ")");
        }
        AgentInfo info = registeredAgent("reserve_resources.agent_id", agentId);
        Resources available = freeOn(info);
        if (!available.contains(from)) {
            throw new ConflictException("reserve_resources.resources: agent " + agentId.getValue() + " does not have "
                    + from + " free to reserve (free: " + available + ")");
        }
        return changeReservations(info, master.reservations().on(agentId).plus(wanted), "reserved " + wanted);
    }

    /**
     * UNRESERVE_RESOURCES by an operator: free dynamically reserved resources go one reservation level down.
     *
     * @throws IllegalArgumentException for malformed input; {@link ConflictException} when they are not free
     */
    public CompletionStage<Void> unreserve(AgentID agentId, List<Resource> resources) {
        Reservations.checkReservable("unreserve_resources.resources", resources);
        Resources wanted = Reservations.unallocated(Resources.of(resources));
        AgentInfo info = registeredAgent("unreserve_resources.agent_id", agentId);
        if (!master.reservations().on(agentId).contains(wanted)) {
            throw new ConflictException("unreserve_resources.resources: " + wanted + " are not dynamically reserved "
                    + "on agent " + agentId.getValue() + " (reserved: " + master.reservations().on(agentId) + ")");
        }
        Resources available = freeOn(info);
        if (!available.contains(wanted)) {
            throw new ConflictException("unreserve_resources.resources: " + wanted + " are in use on agent "
                    + agentId.getValue() + " (free: " + available + ")");
        }
        return changeReservations(info, master.reservations().on(agentId).minus(wanted), "unreserved " + wanted);
    }

    private AgentInfo registeredAgent(String field, AgentID agentId) {
        return master.agents().activeAgent(agentId).orElseThrow(() -> new IllegalArgumentException(field
                + ": no agent " + agentId.getValue() + " is registered and reachable"));
    }

    /** What the agent has that no task or executor uses, after taking back its outstanding offers. */
    private Resources freeOn(AgentInfo info) {
        master.offers().removeForAgent(info.getId().getValue()).forEach(master::rescind);
        Resources used = Resources.empty();
        for (FrameworkRecord f : master.frameworks().all()) {
            used = used.plus(f.usedByAgent().getOrDefault(info.getId(), Resources.empty()));
        }
        return master.reservations().totalOf(info).minus(Reservations.unallocated(used));
    }

    private CompletionStage<Void> changeReservations(AgentInfo info, Resources reserved, String what) {
        master.reservations().set(info.getId(), reserved);
        master.allocation().updateAgent(info.getId(), master.reservations().totalOf(info));
        LOG.info("Operator {} on agent {}", what, info.getId().getValue());
        return master.registry().saveReservations(info.getId(), reserved.toList());
    }

    /**
     * A framework's RESERVE / UNRESERVE inside an ACCEPT, already checked: the allocator follows the change (or
     * refuses it, with UnsupportedOperationException), then it is recorded and persisted in the background.
     */
    public void frameworkReservation(FrameworkID frameworkId, AgentID agentId, Resources from, Resources to,
            Resources newReserved) {
        master.allocation().updateAllocation(frameworkId, agentId, from, to);
        master.reservations().set(agentId, newReserved);
        master.registry().saveReservations(agentId, newReserved.toList()).whenComplete((v, e) -> {
            if (e != null) {
                LOG.error("Reservations of agent {} not persisted: {}", agentId.getValue(), e.getMessage());
            }
        });
    }
}
