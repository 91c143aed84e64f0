package org.agora.master.internal.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.quota.Protos.QuotaConfig;

/**
 * The master's durable memory: which agents were admitted and which are unreachable, the operator's role weights and
 * quotas, and the agents' dynamic reservations. Every change is persisted before
 * its stage completes, and the master acknowledges nothing to an agent before that. Completion happens on a thread of
 * the registry's choosing.
 */
public interface Registry extends AutoCloseable {

    /** Reads everything back, as a newly elected leader must before serving. */
    CompletionStage<RegistryState> recover();

    /** Records (or updates) an admitted agent; it is reachable. */
    CompletionStage<Void> admit(AgentInfo agent);

    /** Records that an admitted agent has become unreachable at {@code when}. */
    CompletionStage<Void> markUnreachable(AgentID agentId, Instant when);

    /** The operator marked the agent gone: it is no longer admitted and may never re-register under its id. */
    CompletionStage<Void> markGone(AgentID agentId, Instant when);

    /** Forgets an agent entirely (garbage-collected). */
    CompletionStage<Void> remove(AgentID agentId);

    /** Replaces every role weight at once ({@code weights} is the whole new table). */
    CompletionStage<Void> saveWeights(Map<String, Double> weights);

    /** Replaces every role quota at once ({@code quotas} is the whole new list), so one call lands whole or not. */
    CompletionStage<Void> saveQuotas(List<QuotaConfig> quotas);

    /** Replaces the dynamic reservations of one agent; an empty list removes the record. */
    CompletionStage<Void> saveReservations(AgentID agentId, List<Resource> reserved);

    @Override
    void close();
}
