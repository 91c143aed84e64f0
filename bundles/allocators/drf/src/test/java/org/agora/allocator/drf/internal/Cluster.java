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
package org.agora.allocator.drf.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agora.api.allocator.AllocatorOptions;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.FrameworkInfo.Capability;

/**
 * A simulated master around one {@link DrfAllocator}: a fake clock, the offers made, and what each framework holds
 * on each agent (offered and not given back), which is what the master would re-seed a new allocator with.
 */
final class Cluster {
    record Offer(String framework, String agent, String role, Resources resources) {
    }

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final DrfAllocator allocator;
    /** Offers of the latest {@link #allocate()}. */
    final List<Offer> offers = new ArrayList<>();
    /** Offers ever made. */
    final List<Offer> all = new ArrayList<>();
    final Map<String, Resources> totals = new LinkedHashMap<>();
    final Map<String, FrameworkInfo> frameworks = new LinkedHashMap<>();
    /** framework -> agent -> held. */
    final Map<String, Map<String, Resources>> held = new LinkedHashMap<>();

    Cluster() {
        this(DrfSettings.defaults());
    }

    Cluster(DrfSettings settings) {
        allocator = new DrfAllocator(settings, nanos::get);
        allocator.initialize(AllocatorOptions.defaults(), (fw, byAgent) -> byAgent.forEach((agent, r) -> {
            Offer o = new Offer(fw.getValue(), agent.getValue(), r.toList().get(0).getAllocationInfo().getRole(), r);
            offers.add(o);
            all.add(o);
            held.computeIfAbsent(fw.getValue(), k -> new LinkedHashMap<>()).merge(agent.getValue(), r,
                    Resources::plus);
        }));
    }

    static AgentID agentId(String id) {
        return AgentID.newBuilder().setValue(id).build();
    }

    static FrameworkID frameworkId(String id) {
        return FrameworkID.newBuilder().setValue(id).build();
    }

    void agent(String id, String resources) {
        agent(id, Resources.parse(resources));
    }

    void agent(String id, Resources total) {
        totals.put(id, total);
        allocator.addAgent(agentId(id), AgentInfo.newBuilder().setHostname(id).setId(agentId(id)).build(), total,
                Map.of());
    }

    void agents(int count, String resources) {
        for (int i = 0; i < count; i++) {
            agent(String.format("agent-%04d", i), resources);
        }
    }

    void removeAgent(String id) {
        totals.remove(id);
        held.values().forEach(m -> m.remove(id));
        allocator.removeAgent(agentId(id));
    }

    /** A framework in one role (without MULTI_ROLE). */
    @SuppressWarnings("deprecation")
    void framework(String id, String role, Capability.Type... capabilities) {
        FrameworkInfo.Builder b = FrameworkInfo.newBuilder().setUser("u").setName(id).setId(frameworkId(id))
                .setRole(role);
        for (Capability.Type c : capabilities) {
            b.addCapabilities(Capability.newBuilder().setType(c));
        }
        framework(b.build());
    }

    /** A MULTI_ROLE framework. */
    void multiRole(String id, String... roles) {
        framework(FrameworkInfo.newBuilder().setUser("u").setName(id).setId(frameworkId(id))
                .addAllRoles(List.of(roles))
                .addCapabilities(Capability.newBuilder().setType(Capability.Type.MULTI_ROLE)).build());
    }

    void framework(FrameworkInfo info) {
        frameworks.put(info.getId().getValue(), info);
        allocator.addFramework(info.getId(), info, Map.of(), true, Set.of());
    }

    void removeFramework(String id) {
        frameworks.remove(id);
        held.remove(id);
        allocator.removeFramework(frameworkId(id));
    }

    List<Offer> allocate() {
        offers.clear();
        allocator.allocate();
        allocator.checkInvariants();
        return List.copyOf(offers);
    }

    /** Gives back part of what the framework holds on the agent. */
    void recover(String framework, String agent, Resources resources, double refuseSeconds) {
        Map<String, Resources> byAgent = held.get(framework);
        if (byAgent != null && byAgent.containsKey(agent)) {
            Resources left = byAgent.get(agent).minus(resources);
            if (left.isEmpty()) {
                byAgent.remove(agent);
            } else {
                byAgent.put(agent, left);
            }
        }
        allocator.recoverResources(frameworkId(framework), agentId(agent), resources, refuseSeconds);
    }

    void decline(Offer o, double refuseSeconds) {
        recover(o.framework(), o.agent(), o.resources(), refuseSeconds);
    }

    void advanceSeconds(double seconds) {
        nanos.addAndGet((long) (seconds * TimeUnit.SECONDS.toNanos(1)));
    }

    /** Sum of what {@code framework} holds, of resource {@code name}. */
    double holds(String framework, String name) {
        return held.getOrDefault(framework, Map.of()).values().stream().mapToDouble(r -> r.scalar(name)).sum();
    }

    /** Sum of what frameworks hold for {@code role} (and its sub-roles), of resource {@code name}. */
    double roleHolds(String role, String name) {
        double sum = 0;
        for (Map<String, Resources> byAgent : held.values()) {
            for (Resources r : byAgent.values()) {
                for (var res : r.toList()) {
                    String alloc = res.getAllocationInfo().getRole();
                    if ((alloc.equals(role) || alloc.startsWith(role + "/")) && res.getName().equals(name)) {
                        sum += res.getScalar().getValue();
                    }
                }
            }
        }
        return sum;
    }

    int agentsHeldBy(String framework) {
        return held.getOrDefault(framework, Map.of()).size();
    }

    /** What each framework holds on {@code agent}, as the master would re-seed it. */
    Map<FrameworkID, Resources> usedOn(String agent) {
        Map<FrameworkID, Resources> used = new HashMap<>();
        held.forEach((f, byAgent) -> {
            Resources r = byAgent.get(agent);
            if (r != null && !r.isEmpty()) {
                used.put(frameworkId(f), r);
            }
        });
        return used;
    }
}
