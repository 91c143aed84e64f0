package org.agora.master.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import org.agora.api.allocator.AllocationSink;
import org.agora.api.allocator.Allocator;
import org.agora.api.allocator.AllocatorOptions;
import org.agora.api.allocator.OfferFilter;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.hook.MasterHook;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.DrainConfig;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.master.internal.agent.AgentManager;
import org.agora.master.internal.allocation.AllocatorHost;
import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.offer.OfferManager;
import org.agora.master.internal.offer.OfferManager.OfferRecord;
import org.agora.master.internal.registry.Registry;
import org.agora.master.internal.role.Reservations;
import org.agora.master.internal.role.RoleCalls;
import org.agora.master.internal.role.RolePolicy;
import org.agora.master.internal.task.ExecutorManager;
import org.agora.master.internal.task.Launcher;
import org.agora.master.internal.task.TaskManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's state and its life as leader or follower. Every method runs on the actor thread (the executor given
 * to the constructor); nothing here is locked because nothing here is shared. The parts (agents, frameworks, offers,
 * tasks, the allocator) reach each other through this hub.
 */
public final class Master implements AgentManager.Listener, AllocationSink {
    private static final Logger LOG = LoggerFactory.getLogger(Master.class);

    private final MasterInfo self;
    private final MasterSettings settings;
    private final Registry registry;
    private final ScheduledExecutorService actor;
    private final Clock clock;
    private final Instant startTime;
    private final List<MasterHook> hooks;
    private final AllocatorHost allocation;
    private final AgentManager agents;
    // durable, read back from the registry on every election
    private final RolePolicy policy = new RolePolicy();
    private final Reservations reservations = new Reservations();
    private final RoleCalls roleCalls;
    private FrameworkManager frameworks;
    private OfferManager offers;
    private TaskManager tasks;
    private Launcher launcher;
    private ExecutorManager executors;

    /** Elected and recovered: serving as the leader. */
    private boolean leading;
    /** Bumped on every election and defeat, so a registry recovery that finishes late is not applied. */
    private long term;
    private Instant electedTime;
    private Optional<MasterInfo> leader = Optional.empty();

    /** {@code hooks} is the live, thread-safe list of installed master hooks. */
    public Master(MasterInfo self, MasterSettings settings, Registry registry, ScheduledExecutorService actor,
            Clock clock, List<MasterHook> hooks) {
        this.self = self;
        this.hooks = hooks;
        this.settings = settings;
        this.registry = registry;
        this.actor = actor;
        this.clock = clock;
        this.startTime = clock.instant();
        this.allocation = new AllocatorHost(actor, new AllocatorOptions(settings.allocationInterval(), 0.01, 32),
                this);
        this.agents = new AgentManager(self, registry, actor, () -> leading, settings.agentHeartbeatInterval(),
                settings.agentUnreachableTimeout(), clock, System::nanoTime);
        agents.listener(this);
        roleCalls = new RoleCalls(this);
        freshFrameworkState();
    }

    private void freshFrameworkState() {
        frameworks = new FrameworkManager(self, actor, allocation, clock, settings.frameworkHeartbeatInterval(),
                settings.maxCompletedFrameworks());
        offers = new OfferManager(self.getId());
        tasks = new TaskManager(this, settings.maxCompletedTasksPerFramework());
        frameworks.teardownHandler(tasks);
        launcher = new Launcher(this);
        executors = new ExecutorManager(this);
    }

    public MasterInfo self() {
        return self;
    }

    public boolean leading() {
        return leading;
    }

    /** The leader as last detected; this master when it leads. */
    public Optional<MasterInfo> leader() {
        return leading ? Optional.of(self) : leader;
    }

    public AgentManager agents() {
        return agents;
    }

    public FrameworkManager frameworks() {
        return frameworks;
    }

    public OfferManager offers() {
        return offers;
    }

    public TaskManager tasks() {
        return tasks;
    }

    public Launcher launcher() {
        return launcher;
    }

    public ExecutorManager executors() {
        return executors;
    }

    public AllocatorHost allocation() {
        return allocation;
    }

    public List<MasterHook> hooks() {
        return hooks;
    }

    public Registry registry() {
        return registry;
    }

    public Reservations reservations() {
        return reservations;
    }

    public RolePolicy policy() {
        return policy;
    }

    /** The operator's (and frameworks') calls on weights, quota and reservations. */
    public RoleCalls roles() {
        return roleCalls;
    }

    /** Won the election: read the registry, then serve. */
    public void elected() {
        long myTerm = ++term;
        LOG.info("Elected leading master {}; recovering the registry", self.getId());
        registry.recover().whenCompleteAsync((state, error) -> {
            if (myTerm != term) {
                return;
            }
            if (error != null) {
                // Mesos aborts here; we stay a follower and let another master (or a re-election) take over.
                LOG.error("Master {} cannot recover the registry and will not lead: {}", self.getId(),
                        error.getMessage());
                return;
            }
            agents.recover(state);
            policy.recover(state.weights(), state.quotas());
            reservations.recover(state.reservations());
            allocation.replace(allocation.allocator().orElse(null), this::seed);
            leading = true;
            electedTime = clock.instant();
            LOG.info("Master {} is the leader ({} admitted agents may re-register)", self.getId(),
                    state.admitted().size());
        }, actor);
    }

    /** Lost (or cannot be sure of) leadership: stop serving as leader at once. */
    public void defeated(String reason) {
        term++;
        if (leading) {
            LOG.warn("Master {} is no longer the leader: {}", self.getId(), reason);
        }
        leading = false;
        agents.reset();
        for (FrameworkRecord f : frameworks.all()) {
            if (f.stream() != null) {
                f.stream().close();
            }
            if (f.failoverTimer() != null) {
                f.failoverTimer().cancel(false);
            }
        }
        freshFrameworkState();
        allocation.replace(allocation.allocator().orElse(null), this::seed);
    }

    /** The detector saw another leader (or none). */
    public void leaderDetected(Optional<MasterInfo> detected) {
        if (!detected.equals(leader)) {
            LOG.info("Leading master is now {}", detected.map(m -> m.getId() + " at " + m.getHostname() + ":"
                    + m.getPort()).orElse("unknown"));
        }
        leader = detected;
    }

    // allocator

    /** A new allocator service (or none): rescind what the old one offered, seed the new one, resume. */
    public void allocatorChanged(Allocator next) {
        List<OfferFilter> filters = allocation.allocator().map(Master::filtersOf).orElse(List.of());
        offers.removeAll().forEach(this::rescind);
        allocation.replace(next, a -> {
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
            if (s.state() != org.agora.master.internal.agent.AgentState.ACTIVE) {
                a.deactivateAgent(s.info().getId());
            }
        });
        frameworks.all().forEach(f -> a.addFramework(f.id(), f.info(), FrameworkManager.usedByAgent(f),
                f.connected(), f.suppressedRoles()));
    }

    @Override
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
            Offer o = offers.create(frameworkId, agent.get(), agents.ipOf(agentId), r, now);
            f.offers().add(o.getId().getValue());
            event.addOffers(o);
        });
        if (event.getOffersCount() > 0) {
            frameworks.send(f, Event.newBuilder().setType(Event.Type.OFFERS).setOffers(event).build());
        }
    }

    /** Takes an offer back from its framework (RESCIND) and returns its resources to the allocator. */
    public void rescind(OfferRecord o) {
        frameworks.get(o.frameworkId().getValue()).ifPresent(f -> {
            f.offers().remove(o.id());
            frameworks.send(f, Event.newBuilder().setType(Event.Type.RESCIND).setRescind(Event.Rescind.newBuilder()
                    .setOfferId(o.offer().getId())).build());
        });
        allocation.recoverResources(o.frameworkId(), o.agentId(), o.resources(), 0);
    }

    /** Rescinds offers older than the offer timeout; run periodically when one is configured. */
    public void expireOffers() {
        if (!settings.offerTimeout().isZero()) {
            offers.removeExpired(System.nanoTime(), settings.offerTimeout().toNanos()).forEach(this::rescind);
        }
    }

    // agents

    @Override
    public void agentAdded(AgentInfo info) {
        allocation.addAgent(info.getId(), info, reservations.totalOf(info), Map.of());
    }

    @Override
    public void agentReregistered(AgentInfo info, ReregisterAgent report, boolean wasUnreachable,
            boolean wasKnown) {
        // the agent's report is the truth about its tasks: rebuild the allocator's view of the agent from it
        offers.removeForAgent(info.getId().getValue()).forEach(this::rescind);
        allocation.removeAgent(info.getId());
        tasks.agentReported(info.getId(), report.getTasksList(), report.getFrameworksList());
        executors.agentReported(info.getId(), report.getExecutorsList());
        Map<FrameworkID, Resources> used = new HashMap<>();
        for (FrameworkRecord f : frameworks.all()) {
            Resources r = f.usedByAgent().get(info.getId());
            if (r != null) {
                used.put(f.id(), r);
            }
        }
        allocation.addAgent(info.getId(), info, reservations.totalOf(info), used);
        agents.snapshot().stream().filter(a -> a.id().equals(info.getId().getValue()) && a.deactivated())
                .findFirst().ifPresent(a -> allocation.deactivateAgent(info.getId()));
    }

    @Override
    public void agentDisconnected(AgentInfo info) {
        offers.removeForAgent(info.getId().getValue()).forEach(this::rescind);
        allocation.deactivateAgent(info.getId());
        // as Mesos's Master::exited: an agent that restarts kills tasks of frameworks that do not checkpoint
        tasks.lostWithoutCheckpoint(info.getId());
        executors.lostWithoutCheckpoint(info.getId());
    }

    @Override
    public void agentUnreachable(AgentInfo info) {
        offers.removeForAgent(info.getId().getValue()).forEach(this::rescind);
        allocation.removeAgent(info.getId());
        tasks.agentUnreachable(info.getId());
        executors.agentRemoved(info.getId());
    }

    @Override
    public void agentGone(AgentInfo info) {
        offers.removeForAgent(info.getId().getValue()).forEach(this::rescind);
        allocation.removeAgent(info.getId());
        tasks.agentGone(info.getId());
        executors.agentRemoved(info.getId());
    }

    // operator calls on agents

    /** MARK_AGENT_GONE: completes once the registry holds it (the operator's answer waits for that). */
    public CompletionStage<Void> markAgentGone(AgentID agentId) {
        return agents.markGone(agentId);
    }

    public void deactivateAgent(AgentID agentId, boolean deactivated) {
        agents.setDeactivated(agentId, deactivated);
        if (deactivated) {
            offers.removeForAgent(agentId.getValue()).forEach(this::rescind);
            allocation.deactivateAgent(agentId);
        } else {
            allocation.activateAgent(agentId);
        }
    }

    /** DRAIN_AGENT: no new offers, every task killed (grace capped); gone afterwards when asked. */
    public void drainAgent(AgentID agentId, DrainConfig config) {
        agents.startDrain(agentId, config);
        offers.removeForAgent(agentId.getValue()).forEach(this::rescind);
        allocation.deactivateAgent(agentId);
        tasks.killAllOn(agentId, config.hasMaxGracePeriod()
                ? Optional.of(Duration.ofNanos(config.getMaxGracePeriod().getNanoseconds())) : Optional.empty());
        checkDrains();
    }

    /** Agents being drained that have no task left are drained (and marked gone when that was asked). */
    public void checkDrains() {
        for (var a : agents.draining()) {
            if (!tasks.hasLiveTasksOn(a.info().getId())) {
                agents.drained(a.info().getId());
                if (a.drain().map(d -> d.getConfig().getMarkGone()).orElse(false)) {
                    markAgentGone(a.info().getId()).whenComplete((v, e) -> {
                        if (e != null) {
                            LOG.error("Drained agent {} could not be marked gone: {}", a.id(), e.getMessage());
                        }
                    });
                }
            }
        }
    }

    @Override
    public void agentMessage(AgentID agentId, Envelope envelope) {
        switch (envelope.getMessageCase()) {
            case STATUS_UPDATE -> {
                tasks.statusUpdate(agentId, envelope.getStatusUpdate());
                checkDrains();
            }
            case FRAMEWORK_MESSAGE -> tasks.executorMessage(agentId, envelope.getFrameworkMessage());
            case TASK_ENDED -> tasks.taskEnded(envelope.getTaskEnded());
            case EXECUTOR_ENDED -> executors.executorEnded(agentId, envelope.getExecutorEnded());
            default -> LOG.warn("Ignoring unexpected {} from agent {}", envelope.getMessageCase(),
                    agentId.getValue());
        }
    }

    public MasterSnapshot snapshot() {
        return new MasterSnapshot(self, leading, leader(), startTime, Optional.ofNullable(electedTime),
                agents.snapshot().stream().map(a -> a.withTotal(reservations.totalOf(a.info()))).toList(),
                agents.recoveredAgents(), FrameworkSnapshot.of(frameworks, offers),
                offers.offeredByAgent(), allocation.allocator().map(Allocator::name).orElse("none"),
                allocation.metrics(), policy.weights(), policy.quotas());
    }
}
