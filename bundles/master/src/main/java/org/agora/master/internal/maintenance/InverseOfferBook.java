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
package org.agora.master.internal.maintenance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.v1.Protos.InverseOffer;
import org.agora.api.v1.allocator.Protos.InverseOfferStatus;

/**
 * Inverse offers outstanding, the frameworks' latest answers per agent, and the filters their answers set (no new
 * inverse offer for that agent before the filter ends), as Mesos's allocator keeps them. Statuses are soft state: a
 * new leader starts without them, as Mesos does. Actor thread only.
 */
final class InverseOfferBook {
    /** Outstanding, by inverse offer id. */
    private final Map<String, InverseOffer> outstanding = new LinkedHashMap<>();
    /** Agent id to framework id to its latest status (UNKNOWN once an inverse offer was sent, until it answers). */
    private final Map<String, Map<String, InverseOfferStatus>> statuses = new HashMap<>();
    /** "agent framework" to the nanoTime before which no inverse offer is sent again. */
    private final Map<String, Long> filters = new HashMap<>();

    boolean hasOutstanding(String agentId, String frameworkId) {
        return outstanding.values().stream().anyMatch(o -> o.getAgentId().getValue().equals(agentId)
                && o.getFrameworkId().getValue().equals(frameworkId));
    }

    boolean filtered(String agentId, String frameworkId, long nowNanos) {
        Long until = filters.get(agentId + " " + frameworkId);
        return until != null && nowNanos - until < 0;
    }

    void sent(InverseOffer offer, InverseOfferStatus unknown) {
        outstanding.put(offer.getId().getValue(), offer);
        statuses.computeIfAbsent(offer.getAgentId().getValue(), k -> new LinkedHashMap<>())
                .putIfAbsent(offer.getFrameworkId().getValue(), unknown);
    }

    Optional<InverseOffer> remove(String inverseOfferId) {
        return Optional.ofNullable(outstanding.remove(inverseOfferId));
    }

    /** The framework answered: its status on the agent, and a filter until {@code untilNanos}. */
    void answered(InverseOffer offer, InverseOfferStatus status, long untilNanos) {
        String agent = offer.getAgentId().getValue();
        String framework = offer.getFrameworkId().getValue();
        statuses.computeIfAbsent(agent, k -> new LinkedHashMap<>()).put(framework, status);
        filters.put(agent + " " + framework, untilNanos);
    }

    /** The agent's window changed or ended: its outstanding inverse offers (returned, to rescind) and answers go. */
    List<InverseOffer> resetAgent(String agentId) {
        List<InverseOffer> removed = new ArrayList<>();
        outstanding.values().removeIf(o -> {
            if (o.getAgentId().getValue().equals(agentId)) {
                removed.add(o);
                return true;
            }
            return false;
        });
        statuses.remove(agentId);
        filters.keySet().removeIf(k -> k.startsWith(agentId + " "));
        return removed;
    }

    /** The framework's outstanding inverse offers are dropped without an event (it disconnected or left). */
    void dropFramework(String frameworkId) {
        outstanding.values().removeIf(o -> o.getFrameworkId().getValue().equals(frameworkId));
    }

    /** The framework is gone: its answers and filters are forgotten. */
    void forgetAnswers(String frameworkId) {
        statuses.values().forEach(byFramework -> byFramework.remove(frameworkId));
        filters.keySet().removeIf(k -> k.endsWith(" " + frameworkId));
    }

    /** The latest status of each framework on the agent. */
    List<InverseOfferStatus> statuses(String agentId) {
        return List.copyOf(statuses.getOrDefault(agentId, Map.of()).values());
    }
}
