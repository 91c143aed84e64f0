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

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.agora.api.allocator.Allocator;
import org.agora.api.allocator.AllocatorOptions;
import org.agora.api.allocator.OfferFilter;
import org.agora.api.hook.MasterHook;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.master.internal.Ids;
import org.agora.master.internal.MasterSettings;
import org.agora.master.internal.agent.AgentManager;
import org.agora.master.internal.agent.AgentState;
import org.agora.master.internal.allocation.AllocatorHost;
import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.maintenance.MachineModes;
import org.agora.master.internal.maintenance.Maintenance;
import org.agora.master.internal.offer.OfferManager;
import org.agora.master.internal.offer.Offers;
import org.agora.master.internal.registry.Registry;
import org.agora.master.internal.registry.RegistryState;
import org.agora.master.internal.role.Reservations;
import org.agora.master.internal.role.RoleCalls;
import org.agora.master.internal.role.RolePolicy;
import org.agora.master.internal.task.ExecutorManager;
import org.agora.master.internal.task.Launcher;
import org.agora.master.internal.security.Permissions;
import org.agora.master.internal.task.TaskManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that exists only while this master leads: built whole from the registry when it is elected, in
 * dependency order (role policy and reservations; the offer book; agents; frameworks; tasks and executors; offers;
 * role calls; the launcher; then the listeners that tie agents and frameworks to the rest), each part given its
 * collaborators by constructor; dropped whole by {@link #close()} when leadership is lost, so nothing of one term
 * leaks into the next. Ids come from the master's process-wide {@link Ids}, never reused by a later term.
 * Actor thread only.
 */
public final class LeaderTerm {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderTerm.class);

    private final MasterSettings settings;
    private final RolePolicy policy = new RolePolicy();
    private final Reservations reservations = new Reservations();
    private final OfferManager offerBook;
    private final AgentManager agents;
    private final FrameworkManager frameworks;
    private final TaskManager tasks;
    private final ExecutorManager executors;
    private final AllocatorHost allocation;
    private final Offers offers;
    private final RoleCalls roles;
    private final Launcher launcher;
    private final AgentOperations agentOperations;
    private final SchedulerCalls schedulerCalls;
    private final OperatorCalls operatorCalls;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private final OperatorEvents operatorEvents;
    private final Maintenance maintenance;
    private boolean closed;

    /**
     * @param registry  the registry, fenced to this term (writes fail once this master no longer leads)
     * @param recovered what the registry held when this term began
     * @param hooks     the live, thread-safe list of installed master hooks
     * @param permissions what frameworks may do (run tasks as which users, reserve for which roles)
     */
    public LeaderTerm(MasterInfo self, MasterSettings settings, Registry registry, RegistryState recovered,
            ScheduledExecutorService actor, Clock clock, LongSupplier nanoTime, Ids ids, List<MasterHook> hooks,
            Permissions permissions) {
        this.settings = settings;
        this.operatorEvents = new OperatorEvents(clock);
        policy.recover(recovered.weights(), recovered.quotas());
        reservations.recover(recovered.reservations());
        allocation = new AllocatorHost(actor, new AllocatorOptions(settings.allocationInterval(), 0.01, 32));
        offerBook = new OfferManager(ids);
        agents = new AgentManager(self, registry, actor, ids, settings.agentHeartbeatInterval(),
                settings.agentUnreachableTimeout(), clock, nanoTime);
        agents.recover(recovered);
        frameworks = new FrameworkManager(self, actor, allocation, ids, clock, settings.frameworkHeartbeatInterval(),
                settings.maxCompletedFrameworks(), settings.agentReregisterTimeout());
        tasks = new TaskManager(frameworks, agents, allocation, settings.maxCompletedTasksPerFramework());
        executors = new ExecutorManager(frameworks, agents, allocation, tasks);
        offers = new Offers(offerBook, frameworks, agents, allocation);
        maintenance = new Maintenance(MachineModes.of(recovered.maintenance()), registry, agents, frameworks, offers,
                offerBook, allocation, ids, clock, nanoTime, actor);
        agents.machineDown(maintenance::isDown);
        offers.unavailability(maintenance::unavailabilityOf);
        roles = new RoleCalls(policy, reservations, registry, allocation, agents, frameworks, offers, actor);
        launcher = new Launcher(offerBook, frameworks, agents, tasks, allocation, hooks, reservations, roles,
                permissions, actor);
        agentOperations = new AgentOperations(agents, offers, allocation, tasks);
        schedulerCalls = new SchedulerCalls(frameworks, launcher, tasks, executors, offerBook, offers, allocation,
                maintenance);
        operatorCalls = new OperatorCalls(frameworks, roles, agentOperations, maintenance, permissions);
        tasks.events(operatorEvents);
        agents.listener(new AgentEvents(agents, frameworks, offers, allocation, reservations, tasks, executors,
                agentOperations, operatorEvents));
        frameworks.listener(new FrameworkEvents(offers, tasks, operatorEvents, maintenance));
        timers.add(actor.scheduleAtFixedRate(operatorEvents::heartbeat, OperatorEvents.HEARTBEAT_INTERVAL.toMillis(),
                OperatorEvents.HEARTBEAT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS));
        timers.add(actor.schedule(agents::reregistrationTimedOut, settings.agentReregisterTimeout().toMillis(),
                TimeUnit.MILLISECONDS));
    }

    /** Makes {@code allocator} (null for none) this term's allocator, seeded with everything the term knows. */
    public void useAllocator(Allocator allocator) {
        List<OfferFilter> filters = allocation.allocator().map(LeaderTerm::filtersOf).orElse(List.of());
        offers.rescindEverything();
        allocation.replace(allocator, offers::offer, a -> {
            seed(a);
            // frameworks' declines with refuse_seconds hold across the swap, as if nothing had changed
            filters.forEach(a::addOfferFilter);
        });
    }

    private static List<OfferFilter> filtersOf(Allocator previous) {
        try {
            return previous.offerFilters();
        } catch (RuntimeException e) {
            LOG.warn("Allocator {} could not hand over its offer filters: {}", previous.name(), e.toString());
            return List.of();
        }
    }

    private void seed(Allocator a) {
        policy.seed(a);
        Map<String, Map<FrameworkID, Resources>> usedByAgent = new HashMap<>();
        for (FrameworkRecord f : frameworks.all()) {
            f.usedByAgent().forEach((agentId, used) -> usedByAgent
                    .computeIfAbsent(agentId.getValue(), k -> new HashMap<>()).merge(f.id(), used, Resources::plus));
        }
        agents.snapshot().forEach(s -> {
            a.addAgent(s.info().getId(), s.info(), reservations.totalOf(s.info()),
                    usedByAgent.getOrDefault(s.id(), Map.of()));
            if (s.state() != AgentState.ACTIVE || s.deactivated()) {
                a.deactivateAgent(s.info().getId());
            }
        });
        frameworks.all().forEach(f -> a.addFramework(f.id(), f.info(), f.usedByAgent(), f.connected(),
                f.suppressedRoles()));
    }

    /** Leadership is lost: streams and agent channels close, timers stop, the allocator is let go. Idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timers.forEach(t -> t.cancel(false));
        operatorEvents.closeAll();
        allocation.close();
        frameworks.close();
        agents.close();
    }

    // periodic work, driven by the master

    public void checkAgentHeartbeats() {
        agents.checkHeartbeats();
    }

    public void heartbeatFrameworks() {
        frameworks.heartbeat();
    }

    public void allocate() {
        allocation.allocateNow();
        // as Mesos's allocator, each allocation cycle also asks for resources on DRAINING machines back
        maintenance.sendInverseOffers();
    }

    public void expireOffers() {
        if (!settings.offerTimeout().isZero()) {
            offers.expire(System.nanoTime(), settings.offerTimeout().toNanos());
        }
    }

    public void collectGarbage() {
        agents.collectGarbage(settings.registryMaxAgentAge());
    }

    // the parts the master's facade and state views use

    public AgentManager agents() {
        return agents;
    }

    public TaskManager tasks() {
        return tasks;
    }

    public FrameworkManager frameworks() {
        return frameworks;
    }

    public OfferManager offerBook() {
        return offerBook;
    }

    public AllocatorHost allocation() {
        return allocation;
    }

    public RolePolicy policy() {
        return policy;
    }

    public Reservations reservations() {
        return reservations;
    }

    public RoleCalls roles() {
        return roles;
    }

    public AgentOperations agentOperations() {
        return agentOperations;
    }

    public SchedulerCalls schedulerCalls() {
        return schedulerCalls;
    }

    /** The operator API's event stream of this term. */
    public OperatorEvents operatorEvents() {
        return operatorEvents;
    }

    /** Maintenance: the schedule, machine modes and inverse offers of this term. */
    public Maintenance maintenance() {
        return maintenance;
    }

    public OperatorCalls operatorCalls() {
        return operatorCalls;
    }
}
