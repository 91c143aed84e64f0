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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.agora.api.allocator.AllocationSink;
import org.agora.api.allocator.Allocator;
import org.agora.api.allocator.AllocatorOptions;
import org.agora.api.allocator.OfferFilter;
import org.agora.api.config.TypedConfig;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Mesos's hierarchical DRF allocator (see {@link AllocationCycle} for one cycle). Called only from the master's
 * actor thread (see {@link Allocator}); configuration changes arrive on another thread and are applied at the start
 * of the next cycle.
 */
@Component(service = Allocator.class, property = {"allocator.name=drf", "service.ranking:Integer=10"},
        configurationPid = DrfAllocator.PID)
@Designate(ocd = DrfConfig.class)
public final class DrfAllocator implements Allocator {
    static final String PID = "org.agora.allocator.drf";

    private final LongSupplier clock;
    private volatile DrfSettings pending;
    private DrfSettings settings;
    private AllocationSink sink;

    private NameIndex names;
    private Ledger ledger;
    private RoleTree tree;
    private ResourceCodec codec;
    private Agents agents;
    private Frameworks frameworks;
    private Holdings holdings;
    private QuotaBook quotas;
    private OfferFilters filters;
    private AllocationCycle cycle;
    private AgentResources resources;
    private RunStats stats;

    /** Reads the raw properties itself so that a malformed value is reported with its key (see {@link TypedConfig}). */
    @Activate
    public DrfAllocator(Map<String, Object> properties) {
        this(settings(properties), System::nanoTime);
    }

    /** An allocator outside OSGi (tests); {@code clock} gives nanoseconds for refusal filters. */
    DrfAllocator(DrfSettings settings, LongSupplier clock) {
        this.pending = settings;
        this.clock = clock;
        initialize(AllocatorOptions.defaults(), (f, r) -> { });
    }

    /** An allocator with default options outside OSGi; {@code clock} gives nanoseconds for refusal filters. */
    public static DrfAllocator withDefaults(LongSupplier clock) {
        return new DrfAllocator(DrfSettings.defaults(), clock);
    }

    private static DrfSettings settings(Map<String, Object> properties) {
        return DrfSettings.from(TypedConfig.read(DrfConfig.class, PID, properties));
    }

    @Modified
    void modified(Map<String, Object> properties) {
        pending = settings(properties);
    }

    @Override
    public String name() {
        return "drf";
    }

    @Override
    public void initialize(AllocatorOptions options, AllocationSink sink) {
        this.sink = sink;
        this.settings = pending;
        names = new NameIndex();
        ledger = new Ledger(names);
        ledger.exclude(settings.fairnessExcluded());
        tree = new RoleTree(ledger);
        codec = new ResourceCodec(names, new NameIndex());
        agents = new Agents();
        frameworks = new Frameworks(tree);
        holdings = new Holdings(ledger, tree, names, frameworks);
        quotas = new QuotaBook(tree, names, ledger);
        filters = new OfferFilters();
        cycle = new AllocationCycle(agents, tree, ledger, quotas, holdings, filters, codec, names, options.minCpus(),
                options.minMemMb());
        resources = new AgentResources(names, ledger, tree, codec, agents, frameworks, holdings, filters, clock);
        stats = new RunStats(settings.metricsWindow());
    }

    // agents

    @Override
    public void addAgent(AgentID agentId, AgentInfo info, Resources total, Map<FrameworkID, Resources> used) {
        resources.addAgent(agentId, info, total, used);
    }

    @Override
    public void removeAgent(AgentID agentId) {
        resources.removeAgent(agentId);
    }

    @Override
    public void updateAgent(AgentID agentId, Resources total) {
        resources.updateAgent(agentId, total);
    }

    @Override
    public void deactivateAgent(AgentID agentId) {
        resources.deactivateAgent(agentId);
    }

    @Override
    public void activateAgent(AgentID agentId) {
        resources.activateAgent(agentId);
    }

    // frameworks

    @Override
    public void addFramework(FrameworkID frameworkId, FrameworkInfo info, Map<AgentID, Resources> used,
            boolean active, Set<String> suppressedRoles) {
        FrameworkState existing = frameworks.get(frameworkId.getValue());
        if (existing != null) {
            existing.active = active;
            updateFramework(frameworkId, info, suppressedRoles);
            return;
        }
        FrameworkState f = new FrameworkState(frameworkId);
        f.info(info);
        f.active = active;
        f.suppressed.addAll(suppressedRoles);
        frameworks.add(f);
        if (holdings.orphans > 0) {
            for (AgentState a : agents.all()) {
                for (Holding h : new ArrayList<>(a.holdings)) {
                    if (h.framework == null && h.frameworkId.equals(f.key)) {
                        holdings.adopt(h, f);
                    }
                }
            }
            frameworks.refresh(f);
        }
        agents.markAllDirty();
    }

    @Override
    public void removeFramework(FrameworkID frameworkId) {
        FrameworkState f = frameworks.get(frameworkId.getValue());
        if (f == null) {
            return;
        }
        filters.clear(f, agents.unordered());
        for (AgentState a : agents.unordered()) {
            for (Holding h : new ArrayList<>(a.holdings)) {
                if (h.framework == f) {
                    holdings.release(h);
                    agents.markDirty(a);
                }
            }
        }
        frameworks.remove(f);
        agents.quotaMayAllowMore();
    }

    @Override
    public void deactivateFramework(FrameworkID frameworkId) {
        FrameworkState f = frameworks.get(frameworkId.getValue());
        if (f != null) {
            f.active = false;
            frameworks.refresh(f);
        }
    }

    @Override
    public void activateFramework(FrameworkID frameworkId) {
        FrameworkState f = frameworks.get(frameworkId.getValue());
        if (f != null) {
            f.active = true;
            frameworks.refresh(f);
            agents.markAllDirty();
        }
    }

    @Override
    public void updateFramework(FrameworkID frameworkId, FrameworkInfo info, Set<String> suppressedRoles) {
        FrameworkState f = frameworks.get(frameworkId.getValue());
        if (f != null) {
            f.info(info);
            f.suppressed.clear();
            f.suppressed.addAll(suppressedRoles);
            frameworks.refresh(f);
            agents.markAllDirty();
        }
    }

    @Override
    public void suppressOffers(FrameworkID frameworkId, Set<String> roles) {
        FrameworkState f = frameworks.get(frameworkId.getValue());
        if (f != null) {
            f.suppressed.addAll(roles.isEmpty() ? f.roles : roles);
            frameworks.refresh(f);
        }
    }

    @Override
    public void reviveOffers(FrameworkID frameworkId, Set<String> roles) {
        FrameworkState f = frameworks.get(frameworkId.getValue());
        if (f != null) {
            f.suppressed.removeAll(roles.isEmpty() ? f.roles : roles);
            filters.clear(f, roles.isEmpty() ? null : roles);
            frameworks.refresh(f);
            agents.markAllDirty();
        }
    }

    // resources

    @Override
    public void recoverResources(FrameworkID frameworkId, AgentID agentId, Resources recovered,
            double refuseSeconds) {
        resources.recoverResources(frameworkId, agentId, recovered, refuseSeconds);
    }

    @Override
    public void updateAllocation(FrameworkID frameworkId, AgentID agentId, Resources from, Resources to) {
        resources.updateAllocation(frameworkId, agentId, from, to);
    }

    // policy

    @Override
    public void updateWeights(Map<String, Double> weights) {
        weights.forEach((role, w) -> {
            if (w == null || !(w > 0) || w.isInfinite()) {
                throw new IllegalArgumentException("weight of role " + role + " must be a positive number, not "
                        + w);
            }
        });
        weights.forEach(tree::setWeight);
    }

    @Override
    public void updateQuota(String role, Resources guarantees, Resources limits) {
        quotas.set(role, guarantees, limits);
        agents.markAllDirty();
    }

    @Override
    public List<OfferFilter> offerFilters() {
        long now = clock.getAsLong();
        return filters.live(now).stream()
                .map(e -> new OfferFilter(e.framework.id, e.agent.id, e.refused, Duration.ofNanos(e.until - now)))
                .toList();
    }

    @Override
    public void addOfferFilter(OfferFilter filter) {
        resources.addOfferFilter(filter);
    }

    // allocation

    @Override
    public void allocate() {
        long t0 = System.nanoTime();
        DrfSettings next = pending;
        if (next != settings) {
            if (next.metricsWindow() != settings.metricsWindow()) {
                stats = new RunStats(next.metricsWindow());
            }
            settings = next;
            ledger.exclude(next.fairnessExcluded());
            agents.markAllDirty();
        }
        Map<Client, Map<AgentID, Resources>> decisions = cycle.run(clock.getAsLong(), settings.filterGpuAgents());
        stats.record((System.nanoTime() - t0) / 1e6);
        decisions.forEach((c, offers) -> sink.offer(c.framework.id, offers));
    }

    @Override
    public Map<String, Double> metrics() {
        return new DrfMetrics(names, ledger, tree, quotas, filters).snapshot(stats, agents.size(), frameworks.size(),
                clock.getAsLong());
    }

    /** Checks the books add up (tests): every agent's free plus holdings equals its total. */
    void checkInvariants() {
        resources.checkInvariants();
    }
}
