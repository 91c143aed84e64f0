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
package org.agora.allocator.firstfit.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.agora.api.allocator.AllocationSink;
import org.agora.api.allocator.Allocator;
import org.agora.api.allocator.AllocatorOptions;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Offers each agent's free resources whole to the next framework in turn. No fairness beyond taking turns: the
 * baseline for the DRF allocator. Called only from the master's actor thread (see {@link Allocator}).
 */
@Component(service = Allocator.class, property = "allocator.name=firstfit")
public final class FirstFitAllocator implements Allocator {
    private final LongSupplier nanoTime;
    private final Map<AgentID, AgentEntry> agents = new LinkedHashMap<>();
    private final Map<FrameworkID, FrameworkEntry> frameworks = new LinkedHashMap<>();
    private AllocatorOptions options = AllocatorOptions.defaults();
    private AllocationSink sink;
    private int turn;
    private long runs;
    private double lastRunMs;

    @Activate
    public FirstFitAllocator() {
        this(System::nanoTime);
    }

    FirstFitAllocator(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    public String name() {
        return "firstfit";
    }

    @Override
    public void initialize(AllocatorOptions options, AllocationSink sink) {
        this.options = options;
        this.sink = sink;
    }

    @Override
    public void addAgent(AgentID agentId, AgentInfo info, Resources total, Map<FrameworkID, Resources> used) {
        AgentEntry a = new AgentEntry(info, total);
        used.forEach((fw, r) -> {
            Resources plain = Roles.stripAllocation(r);
            a.allocated = a.allocated.plus(plain);
            a.byFramework.merge(fw, plain, Resources::plus);
        });
        agents.put(agentId, a);
    }

    @Override
    public void removeAgent(AgentID agentId) {
        agents.remove(agentId);
        frameworks.values().forEach(f -> f.filters.remove(agentId));
    }

    @Override
    public void updateAgent(AgentID agentId, Resources total) {
        AgentEntry a = agents.get(agentId);
        if (a != null) {
            a.total = total;
        }
    }

    @Override
    public void deactivateAgent(AgentID agentId) {
        AgentEntry a = agents.get(agentId);
        if (a != null) {
            a.active = false;
        }
    }

    @Override
    public void activateAgent(AgentID agentId) {
        AgentEntry a = agents.get(agentId);
        if (a != null) {
            a.active = true;
        }
    }

    @Override
    public void addFramework(FrameworkID frameworkId, FrameworkInfo info, Map<AgentID, Resources> used,
            boolean active, Set<String> suppressedRoles) {
        // the agents' allocations already hold what it uses (see addAgent); there is no share to track here
        frameworks.put(frameworkId, new FrameworkEntry(info, active, suppressedRoles));
    }

    @Override
    public void removeFramework(FrameworkID frameworkId) {
        frameworks.remove(frameworkId);
        for (AgentEntry a : agents.values()) {
            Resources held = a.byFramework.remove(frameworkId);
            if (held != null) {
                a.allocated = a.allocated.minus(held);
            }
        }
    }

    @Override
    public void deactivateFramework(FrameworkID frameworkId) {
        FrameworkEntry f = frameworks.get(frameworkId);
        if (f != null) {
            f.active = false;
        }
    }

    @Override
    public void activateFramework(FrameworkID frameworkId) {
        FrameworkEntry f = frameworks.get(frameworkId);
        if (f != null) {
            f.active = true;
        }
    }

    @Override
    public void updateFramework(FrameworkID frameworkId, FrameworkInfo info, Set<String> suppressedRoles) {
        FrameworkEntry f = frameworks.get(frameworkId);
        if (f != null) {
            f.info = info;
            f.suppressed = Set.copyOf(suppressedRoles);
        }
    }

    @Override
    public void recoverResources(FrameworkID frameworkId, AgentID agentId, Resources resources,
            double refuseSeconds) {
        AgentEntry a = agents.get(agentId);
        if (a == null || resources.isEmpty()) {
            return;
        }
        // allocation_info is how the master tags offered resources; the agent's pool does not carry it
        Resources plain = Roles.stripAllocation(resources);
        a.allocated = a.allocated.minus(plain);
        a.byFramework.computeIfPresent(frameworkId, (k, held) -> {
            Resources left = held.minus(plain);
            return left.isEmpty() ? null : left;
        });
        FrameworkEntry f = frameworks.get(frameworkId);
        if (f != null && refuseSeconds > 0) {
            long until = nanoTime.getAsLong() + (long) (refuseSeconds * TimeUnit.SECONDS.toNanos(1));
            f.filters.put(agentId, new Filter(Roles.stripAllocation(resources), until));
        }
    }

    @Override
    public void updateAllocation(FrameworkID frameworkId, AgentID agentId, Resources from, Resources to) {
        AgentEntry a = agents.get(agentId);
        if (a == null) {
            return;
        }
        Resources plainFrom = Roles.stripAllocation(from);
        Resources plainTo = Roles.stripAllocation(to);
        a.total = a.total.minus(plainFrom).plus(plainTo);
        a.allocated = a.allocated.minus(plainFrom).plus(plainTo);
        a.byFramework.merge(frameworkId, plainTo, (held, added) -> held.minus(plainFrom).plus(added));
    }

    @Override
    public void suppressOffers(FrameworkID frameworkId, Set<String> roles) {
        FrameworkEntry f = frameworks.get(frameworkId);
        if (f != null) {
            f.suppressed = Set.copyOf(roles.isEmpty() ? Roles.of(f.info) : roles);
        }
    }

    @Override
    public void reviveOffers(FrameworkID frameworkId, Set<String> roles) {
        FrameworkEntry f = frameworks.get(frameworkId);
        if (f != null) {
            Set<String> revived = roles.isEmpty() ? Roles.of(f.info) : roles;
            f.suppressed = f.suppressed.stream().filter(r -> !revived.contains(r))
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
            f.filters.clear();
        }
    }

    @Override
    public void allocate() {
        long t0 = nanoTime.getAsLong();
        List<FrameworkID> order = new ArrayList<>(frameworks.keySet());
        Map<FrameworkID, Map<AgentID, Resources>> decisions = new LinkedHashMap<>();
        if (!order.isEmpty()) {
            for (Map.Entry<AgentID, AgentEntry> e : agents.entrySet()) {
                AgentEntry agent = e.getValue();
                if (!agent.active) {
                    continue;
                }
                Resources free = agent.total.minus(agent.allocated);
                if (!worthOffering(free)) {
                    continue;
                }
                for (int i = 0; i < order.size(); i++) {
                    FrameworkID fid = order.get((turn + i) % order.size());
                    Resources offer = offerFor(frameworks.get(fid), e.getKey(), agent, free, t0);
                    if (offer != null) {
                        Resources plain = Roles.stripAllocation(offer);
                        agent.allocated = agent.allocated.plus(plain);
                        agent.byFramework.merge(fid, plain, Resources::plus);
                        decisions.computeIfAbsent(fid, k -> new LinkedHashMap<>()).put(e.getKey(), offer);
                        turn = (turn + i + 1) % order.size();
                        break;
                    }
                }
            }
        }
        runs++;
        lastRunMs = (nanoTime.getAsLong() - t0) / 1e6;
        decisions.forEach(sink::offer);
    }

    /** What {@code framework} would be offered of {@code free} on this agent, or null. */
    private Resources offerFor(FrameworkEntry f, AgentID agentId, AgentEntry agent, Resources free, long now) {
        if (f == null || !f.active) {
            return null;
        }
        if (agent.hasGpus && !Roles.hasCapability(f.info, FrameworkInfo.Capability.Type.GPU_RESOURCES)) {
            return null;
        }
        Filter filter = f.filters.get(agentId);
        if (filter != null) {
            if (filter.until > now && filter.refused.contains(free)) {
                return null;
            }
            if (filter.until <= now) {
                f.filters.remove(agentId);
            }
        }
        for (String role : Roles.of(f.info)) {
            if (f.suppressed.contains(role)) {
                continue;
            }
            Resources usable = free.filter(r -> Roles.usableBy(r, role));
            if (worthOffering(usable)) {
                return usable.withAllocationRole(role);
            }
        }
        return null;
    }

    private boolean worthOffering(Resources r) {
        return !r.isEmpty() && (r.scalar("cpus") >= options.minCpus() || r.scalar("mem") >= options.minMemMb());
    }

    @Override
    public Map<String, Double> metrics() {
        return Map.of("allocation_runs", (double) runs, "allocation_run_ms", lastRunMs,
                "frameworks", (double) frameworks.size(), "agents", (double) agents.size());
    }

    private static final class AgentEntry {
        final boolean hasGpus;
        Resources total;
        Resources allocated = Resources.empty();
        final Map<FrameworkID, Resources> byFramework = new HashMap<>();
        boolean active = true;

        AgentEntry(AgentInfo info, Resources total) {
            this.total = total;
            this.hasGpus = total.scalar("gpus") > 0;
        }
    }

    private static final class FrameworkEntry {
        FrameworkInfo info;
        boolean active;
        Set<String> suppressed;
        final Map<AgentID, Filter> filters = new HashMap<>();

        FrameworkEntry(FrameworkInfo info, boolean active, Set<String> suppressed) {
            this.info = info;
            this.active = active;
            this.suppressed = Set.copyOf(suppressed);
        }
    }

    /** The framework refused these resources of an agent until {@code until} (nanoTime). */
    private record Filter(Resources refused, long until) {
    }
}
