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
package org.agora.master.internal.term;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.DrainConfig;
import org.agora.master.internal.agent.AgentManager;
import org.agora.master.internal.allocation.AllocatorHost;
import org.agora.master.internal.offer.Offers;
import org.agora.master.internal.task.TaskManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator's calls on agents: deactivate, reactivate, drain, mark gone. Actor thread only. */
public final class AgentOperations {
    private static final Logger LOG = LoggerFactory.getLogger(AgentOperations.class);

    private final AgentManager agents;
    private final Offers offers;
    private final AllocatorHost allocation;
    private final TaskManager tasks;

    AgentOperations(AgentManager agents, Offers offers, AllocatorHost allocation, TaskManager tasks) {
        this.agents = agents;
        this.offers = offers;
        this.allocation = allocation;
        this.tasks = tasks;
    }

    /**
     * MARK_AGENT_GONE: completes once the registry holds it (the operator's answer waits for that).
     *
     * @throws IllegalArgumentException when this master does not know the agent
     */
    public CompletionStage<Void> markGone(AgentID agentId) {
        return agents.markGone(agentId);
    }

    /**
     * DEACTIVATE_AGENT (no new offers; tasks keep running) or REACTIVATE_AGENT.
     *
     * @throws IllegalArgumentException when this master does not know the agent
     */
    public void deactivate(AgentID agentId, boolean deactivated) {
        agents.setDeactivated(agentId, deactivated);
        if (deactivated) {
            offers.rescindOn(agentId);
            allocation.deactivateAgent(agentId);
        } else {
            allocation.activateAgent(agentId);
        }
    }

    /**
     * DRAIN_AGENT: no new offers, every task killed (grace capped); gone afterwards when asked.
     *
     * @throws IllegalArgumentException when this master does not know the agent
     */
    public void drain(AgentID agentId, DrainConfig config) {
        agents.startDrain(agentId, config);
        offers.rescindOn(agentId);
        allocation.deactivateAgent(agentId);
        tasks.killAllOn(agentId, config.hasMaxGracePeriod()
                ? Optional.of(Duration.ofNanos(config.getMaxGracePeriod().getNanoseconds())) : Optional.empty());
        checkDrain(agentId);
    }

    /**
     * The agent, when it is being drained and has no task left, is drained (and marked gone when that was asked).
     * Called for the agent of each status update, the only one an update can have drained: a look at every agent
     * per update took most of the actor's time at 10,000 agents (MasterScale, JFR).
     */
    void checkDrain(AgentID agentId) {
        agents.draining(agentId).filter(a -> !tasks.hasLiveTasksOn(agentId)).ifPresent(a -> {
            agents.drained(agentId);
            if (a.drain().map(d -> d.getConfig().getMarkGone()).orElse(false)) {
                markGone(agentId).whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.error("Drained agent {} could not be marked gone: {}", a.id(), e.getMessage());
                    }
                });
            }
        });
    }
}
