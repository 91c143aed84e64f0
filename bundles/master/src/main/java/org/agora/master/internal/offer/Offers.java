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
package org.agora.master.internal.offer;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.Unavailability;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.master.internal.agent.AgentManager;
import org.agora.master.internal.allocation.AllocatorHost;
import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.offer.OfferManager.OfferRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of offers between the allocator and frameworks: the allocator's decisions become OFFERS events, and
 * offers taken back (rescinded, withdrawn from a framework that left, expired) return their resources to the
 * allocator. Actor thread only.
 */
public final class Offers {
    private static final Logger LOG = LoggerFactory.getLogger(Offers.class);
    private final OfferManager offers;
    private final FrameworkManager frameworks;
    private final AgentManager agents;
    private final AllocatorHost allocation;
    private Function<AgentID, Optional<Unavailability>> unavailability = agentId -> Optional.empty();

    public Offers(OfferManager offers, FrameworkManager frameworks, AgentManager agents, AllocatorHost allocation) {
        this.offers = offers;
        this.frameworks = frameworks;
        this.agents = agents;
        this.allocation = allocation;
    }

    /** Where offers find the maintenance window of an agent's machine, which they carry while it is DRAINING. */
    public void unavailability(Function<AgentID, Optional<Unavailability>> unavailability) {
        this.unavailability = unavailability;
    }

    /**
     * The allocator gives {@code resources} to a framework: one offer per agent, sent in one OFFERS event. What
     * cannot be offered (framework gone or disconnected, agent not active) goes straight back.
     */
    public void offer(FrameworkID frameworkId, Map<AgentID, Resources> resources) {
        FrameworkRecord f = frameworks.get(frameworkId.getValue()).orElse(null);
        Event.Offers.Builder event = Event.Offers.newBuilder();
        long now = System.nanoTime();
        resources.forEach((agentId, r) -> {
            Optional<AgentInfo> agent = agents.activeAgent(agentId);
            if (f == null || !f.connected() || agent.isEmpty()) {
                allocation.recoverResources(frameworkId, agentId, r, 0);
                return;
            }
            Offer o = offers.create(frameworkId, agent.get(), agents.ipOf(agentId), r, now,
                    unavailability.apply(agentId));
            f.offers().add(o.getId().getValue());
            event.addOffers(o);
        });
        if (event.getOffersCount() > 0) {
            frameworks.send(f, Event.newBuilder().setType(Event.Type.OFFERS).setOffers(event).build());
        }
    }

    /** Takes an offer (already removed from the book) back from its framework: RESCIND, resources back. */
    public void rescind(OfferRecord o) {
        frameworks.get(o.frameworkId().getValue()).ifPresent(f -> {
            f.offers().remove(o.id());
            frameworks.send(f, Event.newBuilder().setType(Event.Type.RESCIND).setRescind(Event.Rescind.newBuilder()
                    .setOfferId(o.offer().getId())).build());
        });
        allocation.recoverResources(o.frameworkId(), o.agentId(), o.resources(), 0);
    }

    /** Rescinds every offer of the agent (it left, changed, or its resources are being changed). */
    public void rescindOn(AgentID agentId) {
        offers.removeForAgent(agentId.getValue()).forEach(this::rescind);
    }

    /** Rescinds every offer of the framework (it failed over to a new connection). */
    public void rescindAll(FrameworkRecord f) {
        offers.removeForFramework(f.idValue()).forEach(this::rescind);
    }

    /** The framework is gone or disconnected: its offers return to the allocator without an event. */
    public void withdraw(FrameworkRecord f) {
        for (OfferRecord o : offers.removeForFramework(f.idValue())) {
            f.offers().remove(o.id());
            allocation.recoverResources(f.id(), o.agentId(), o.resources(), 0);
        }
    }

    /** Rescinds every outstanding offer (the allocator is being replaced). */
    public void rescindEverything() {
        offers.removeAll().forEach(this::rescind);
    }

    /** Rescinds offers older than {@code maxAgeNanos}. */
    public void expire(long nowNanos, long maxAgeNanos) {
        for (OfferRecord o : offers.removeExpired(nowNanos, maxAgeNanos)) {
            LOG.info("Offer {} of framework {} on agent {} rescinded: unused for {} ms (offer.timeout.ms)", o.id(),
                    o.frameworkId().getValue(), o.agentId().getValue(), maxAgeNanos / 1_000_000);
            rescind(o);
        }
    }
}
