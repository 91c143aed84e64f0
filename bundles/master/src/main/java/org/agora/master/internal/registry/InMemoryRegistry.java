package org.agora.master.internal.registry;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.quota.Protos.QuotaConfig;

/**
 * A registry that lives as long as the master process: for a single master without ZooKeeper (as Mesos's
 * {@code --registry=in_memory}). Called only from the master's actor thread.
 */
public final class InMemoryRegistry implements Registry {
    private final Map<String, AgentInfo> admitted = new LinkedHashMap<>();
    private final Map<String, Instant> unreachable = new LinkedHashMap<>();
    private final Map<String, Instant> gone = new LinkedHashMap<>();
    private final Map<String, List<Resource>> reservations = new LinkedHashMap<>();
    private Map<String, Double> weights = Map.of();
    private List<QuotaConfig> quotas = List.of();

    @Override
    public CompletionStage<RegistryState> recover() {
        return CompletableFuture.completedFuture(new RegistryState(admitted.values().stream().toList(), unreachable,
                gone, weights, quotas, reservations));
    }

    @Override
    public CompletionStage<Void> admit(AgentInfo agent) {
        admitted.put(agent.getId().getValue(), agent);
        unreachable.remove(agent.getId().getValue());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> markUnreachable(AgentID agentId, Instant when) {
        unreachable.put(agentId.getValue(), when);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> markGone(AgentID agentId, Instant when) {
        remove(agentId);
        gone.put(agentId.getValue(), when);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> remove(AgentID agentId) {
        admitted.remove(agentId.getValue());
        unreachable.remove(agentId.getValue());
        reservations.remove(agentId.getValue());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> saveWeights(Map<String, Double> weights) {
        this.weights = Map.copyOf(weights);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> saveQuotas(List<QuotaConfig> quotas) {
        this.quotas = List.copyOf(quotas);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> saveReservations(AgentID agentId, List<Resource> reserved) {
        if (reserved.isEmpty()) {
            reservations.remove(agentId.getValue());
        } else {
            reservations.put(agentId.getValue(), List.copyOf(reserved));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
    }
}
