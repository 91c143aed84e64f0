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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Address;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.URL;
import org.agora.master.internal.Ids;

/**
 * Outstanding offers: which framework holds which resources of which agent. An offer exists from the allocator's
 * decision until it is accepted, declined, rescinded or times out; it is never held by two frameworks. Touched only
 * on the actor thread.
 */
public final class OfferManager {
    private final Ids ids;
    private final Map<String, OfferRecord> offers = new LinkedHashMap<>();
    private final Map<String, Set<String>> byAgent = new HashMap<>();
    private final Map<String, Set<String>> byFramework = new HashMap<>();

    /** One outstanding offer. */
    public record OfferRecord(Offer offer, Resources resources, long createdNanos) {
        public String id() {
            return offer.getId().getValue();
        }

        public FrameworkID frameworkId() {
            return offer.getFrameworkId();
        }

        public AgentID agentId() {
            return offer.getAgentId();
        }
    }

    public OfferManager(Ids ids) {
        this.ids = ids;
    }

    /** Makes an offer of {@code resources} (carrying their allocation role) on {@code agent} to a framework. */
    public Offer create(FrameworkID frameworkId, AgentInfo agent, String agentIp, Resources resources,
            long nowNanos) {
        return create(frameworkId, agent, agentIp, resources, nowNanos, Optional.empty());
    }

    /** The same, from an agent whose machine is scheduled for maintenance in {@code unavailability}. */
    public Offer create(FrameworkID frameworkId, AgentInfo agent, String agentIp, Resources resources,
            long nowNanos, Optional<org.agora.api.v1.Protos.Unavailability> unavailability) {
        String id = ids.newOfferId().getValue();
        List<Resource> list = resources.toList();
        String role = list.isEmpty() ? "*" : list.get(0).getAllocationInfo().getRole();
        Offer offer = Offer.newBuilder().setId(OfferID.newBuilder().setValue(id)).setFrameworkId(frameworkId)
                .setAgentId(agent.getId()).setHostname(agent.getHostname()).addAllResources(list)
                .addAllAttributes(agent.getAttributesList())
                .setUrl(URL.newBuilder().setScheme("http").setPath("/slave(1)")
                        .setAddress(Address.newBuilder().setHostname(agent.getHostname()).setIp(agentIp)
                                .setPort(agent.getPort())))
                .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role))
                .build();
        if (unavailability.isPresent()) {
            offer = offer.toBuilder().setUnavailability(unavailability.get()).build();
        }
        offers.put(id, new OfferRecord(offer, resources, nowNanos));
        byAgent.computeIfAbsent(agent.getId().getValue(), k -> new LinkedHashSet<>()).add(id);
        byFramework.computeIfAbsent(frameworkId.getValue(), k -> new LinkedHashSet<>()).add(id);
        return offer;
    }

    public Optional<OfferRecord> get(String offerId) {
        return Optional.ofNullable(offers.get(offerId));
    }

    /** Takes the offer out (it is being used, declined or rescinded). */
    public Optional<OfferRecord> remove(String offerId) {
        OfferRecord r = offers.remove(offerId);
        if (r != null) {
            unindex(byAgent, r.agentId().getValue(), offerId);
            unindex(byFramework, r.frameworkId().getValue(), offerId);
        }
        return Optional.ofNullable(r);
    }

    public List<OfferRecord> removeForAgent(String agentId) {
        return removeAll(byAgent.get(agentId));
    }

    public List<OfferRecord> removeForFramework(String frameworkId) {
        return removeAll(byFramework.get(frameworkId));
    }

    /** Offers older than {@code maxAgeNanos}, taken out. */
    public List<OfferRecord> removeExpired(long nowNanos, long maxAgeNanos) {
        List<String> expired = new ArrayList<>();
        offers.values().forEach(o -> {
            if (nowNanos - o.createdNanos() > maxAgeNanos) {
                expired.add(o.id());
            }
        });
        return removeAll(expired);
    }

    /** Every outstanding offer, taken out (the allocator is being replaced). */
    public List<OfferRecord> removeAll() {
        return removeAll(new ArrayList<>(offers.keySet()));
    }

    public int size() {
        return offers.size();
    }

    /** Resources currently offered, per agent id, for the state endpoints. */
    public Map<String, Resources> offeredByAgent() {
        Map<String, Resources> out = new HashMap<>();
        offers.values().forEach(o -> out.merge(o.agentId().getValue(), o.resources(), Resources::plus));
        return out;
    }

    public List<Offer> offersOf(String frameworkId) {
        Set<String> ids = byFramework.getOrDefault(frameworkId, Set.of());
        return ids.stream().map(id -> offers.get(id).offer()).toList();
    }

    private List<OfferRecord> removeAll(Iterable<String> ids) {
        List<OfferRecord> out = new ArrayList<>();
        if (ids != null) {
            for (String id : new ArrayList<String>(toList(ids))) {
                remove(id).ifPresent(out::add);
            }
        }
        return out;
    }

    private static List<String> toList(Iterable<String> ids) {
        List<String> l = new ArrayList<>();
        ids.forEach(l::add);
        return l;
    }

    private static void unindex(Map<String, Set<String>> index, String key, String offerId) {
        Set<String> s = index.get(key);
        if (s != null) {
            s.remove(offerId);
            if (s.isEmpty()) {
                index.remove(key);
            }
        }
    }
}
