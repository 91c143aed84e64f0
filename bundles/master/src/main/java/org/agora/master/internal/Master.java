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
package org.agora.master.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.agora.api.allocator.Allocator;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.hook.MasterHook;
import org.agora.api.security.Action;
import org.agora.api.security.Principal;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.master.internal.agent.AgentLink;
import org.agora.master.internal.agent.AgentManager;
import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.framework.SchedulerStream;
import org.agora.master.internal.registry.Registry;
import org.agora.master.internal.security.Caller;
import org.agora.master.internal.security.NotAuthorizedException;
import org.agora.master.internal.security.Permissions;
import org.agora.master.internal.term.LeaderTerm;
import org.agora.master.internal.term.OperatorCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master, as its HTTP endpoints, agent channel, shell and timers see it: a follower, or the leader of one
 * {@link LeaderTerm}. Every method runs on the actor thread (the executor given to the constructor); nothing here is
 * locked because nothing here is shared. What lives longer than a term lives here: this master's identity, the ids it
 * hands out, the leader it last detected, the allocator service in use. A call that needs the leader fails with
 * {@link NotLeaderException} on a follower.
 */
public final class Master {
    private static final Logger LOG = LoggerFactory.getLogger(Master.class);

    /** What a term-ending registry failure asks of the component that holds this master's candidacy. */
    public interface Candidacy {
        /**
         * Gives the leadership up in ZooKeeper (leave the group and join again after {@code rejoinAfter}), so
         * another master can lead.
         */
        void abdicate(String reason, Duration rejoinAfter);
    }

    /**
     * How long a master that could not read the registry waits before it joins the election again: every master of
     * the group will fail the same way until an operator repairs the registry, and they must not take turns at it
     * in a tight loop.
     */
    static final Duration REJOIN_AFTER_UNREADABLE_REGISTRY = Duration.ofSeconds(10);

    private final MasterInfo self;
    private final MasterSettings settings;
    private final Function<String, Registry> registryForTerm;
    private final ScheduledExecutorService actor;
    private final Clock clock;
    private final Instant startTime;
    private final List<MasterHook> hooks;
    private final Ids ids;
    private final Permissions permissions;
    private final Candidacy candidacy;

    private LeaderTerm term;
    private Registry termRegistry;
    /** Bumped on every election and defeat, so a registry recovery that finishes late is not applied. */
    private long termNumber;
    private Instant electedTime;
    private Optional<MasterInfo> leader = Optional.empty();
    private Allocator allocator;

    /**
     * @param registryForTerm the registry a term uses, fenced by this master's member znode (given to elected)
     * @param hooks           the live, thread-safe list of installed master hooks
     */
    public Master(MasterInfo self, MasterSettings settings, Function<String, Registry> registryForTerm,
            ScheduledExecutorService actor, Clock clock, List<MasterHook> hooks, Permissions permissions,
            Candidacy candidacy) {
        this.self = self;
        this.settings = settings;
        this.registryForTerm = registryForTerm;
        this.actor = actor;
        this.clock = clock;
        this.startTime = clock.instant();
        this.hooks = hooks;
        this.ids = new Ids(self.getId());
        this.permissions = permissions;
        this.candidacy = candidacy;
    }

    public MasterInfo self() {
        return self;
    }

    public boolean leading() {
        return term != null;
    }

    /**
     * The leader as last detected; this master when it leads. A master that lost its leadership but still sees
     * itself in the group (its ZooKeeper connection is suspended) knows no leader: it must not send clients to itself.
     */
    public Optional<MasterInfo> leader() {
        if (leading()) {
            return Optional.of(self);
        }
        return leader.filter(l -> !l.getId().equals(self.getId()));
    }

    /** Won the election as {@code memberZnode}: read the registry, then lead a new term. */
    public void elected(String memberZnode) {
        long myTerm = ++termNumber;
        LOG.info("Elected leading master {} ({}); recovering the registry", self.getId(), memberZnode);
        closeRegistry();
        Registry registry = new RegistryWatch(registryForTerm.apply(memberZnode), reason -> actor.execute(() -> {
            if (myTerm == termNumber) {
                candidacy.abdicate(reason, Duration.ZERO);
            }
        }));
        termRegistry = registry;
        registry.recover().whenCompleteAsync((state, error) -> {
            if (myTerm != termNumber) {
                return;
            }
            if (error != null) {
                // Mesos aborts here; this master gives the leadership up so that another one (or a later election
                // of this one) can try, and says exactly what is wrong
                LOG.error("Master {} cannot recover the registry and will not lead; it rejoins the election in {} s: "
                        + "{}", self.getId(), REJOIN_AFTER_UNREADABLE_REGISTRY.toSeconds(), rootMessage(error));
                candidacy.abdicate("registry recovery failed", REJOIN_AFTER_UNREADABLE_REGISTRY);
                return;
            }
            term = new LeaderTerm(self, settings, registry, state, actor, clock, System::nanoTime, ids, hooks,
                    permissions);
            term.useAllocator(allocator);
            electedTime = clock.instant();
            LOG.info("Master {} is the leader ({} admitted agents may re-register within {} s)", self.getId(),
                    state.admitted().size(), settings.agentReregisterTimeout().toSeconds());
        }, actor);
    }

    /** Lost (or cannot be sure of) leadership: stop serving as leader at once. */
    public void defeated(String reason) {
        termNumber++;
        if (term != null) {
            LOG.warn("Master {} is no longer the leader: {}", self.getId(), reason);
            term.close();
            term = null;
        }
        closeRegistry();
    }

    /** The term's registry refuses every later write (a deposed master's late callbacks cannot write). */
    private void closeRegistry() {
        if (termRegistry != null) {
            termRegistry.close();
            termRegistry = null;
        }
    }

    /** The detector saw another leader (or none). */
    public void leaderDetected(Optional<MasterInfo> detected) {
        if (!detected.equals(leader)) {
            LOG.info("Leading master is now {}", detected.map(m -> m.getId() + " at " + m.getHostname() + ":"
                    + m.getPort()).orElse("unknown"));
        }
        leader = detected;
    }

    /** The allocator service in use changed (or went away: null): the term rescinds its offers and re-seeds. */
    public void allocatorChanged(Allocator next) {
        allocator = next;
        if (term != null) {
            term.useAllocator(next);
        }
    }

    /** The allocator service in use, if any. */
    public Optional<Allocator> allocator() {
        return Optional.ofNullable(allocator);
    }

    private LeaderTerm leaderTerm() {
        if (term == null) {
            throw new NotLeaderException(leader());
        }
        return term;
    }

    // the scheduler API

    /** A SUBSCRIBE admitted by one term: it opens on that term or not at all. */
    public record Subscription(LeaderTerm term, FrameworkManager.Admission admission) {
        public String frameworkId() {
            return admission.info().getId().getValue();
        }
    }

    /**
     * Decides a SUBSCRIBE's framework id and stream id. An authenticated caller must be the framework's principal;
     * the framework's principal (the authenticated one, or the one it claims when authentication is off, as Mesos
     * does) must be allowed to register in each of its roles.
     *
     * @throws NotLeaderException    on a follower
     * @throws NotAuthorizedException when the caller may not subscribe this framework
     * @throws IllegalStateException for a framework that was torn down (the answer is an ERROR event)
     */
    public Subscription subscribe(FrameworkInfo info, Caller caller) {
        LeaderTerm t = leaderTerm();
        String principal = info.getPrincipal();
        if (caller.principal().isPresent() && !caller.principal().get().value().equals(principal)) {
            throw new NotAuthorizedException("Framework principal '" + principal + "' is not the authenticated "
                    + "principal '" + caller.describe() + "'");
        }
        Caller subject = frameworkSubject(info);
        for (String role : roles(info)) {
            permissions.require(subject, Action.REGISTER_FRAMEWORK, Optional.of(role), "register frameworks in "
                    + "role '" + role + "'");
        }
        return new Subscription(t, t.schedulerCalls().admit(info));
    }

    /** Who a framework acts as for authorization: its principal, or nobody when it has none. */
    static Caller frameworkSubject(FrameworkInfo info) {
        return info.getPrincipal().isEmpty() ? Caller.ANONYMOUS : Caller.of(new Principal(info.getPrincipal()));
    }

    private static List<String> roles(FrameworkInfo info) {
        return info.getRolesCount() > 0 ? info.getRolesList() : List.of(info.getRole().isEmpty() ? "*"
                : info.getRole());
    }

    /** The SUBSCRIBE stream is open; if leadership changed since it was admitted, it is closed with an ERROR. */
    public void open(Subscription s, SchedulerStream stream, Set<String> suppressedRoles) {
        if (s.term() != term) {
            stream.send(Event.newBuilder().setType(Event.Type.ERROR).setError(Event.Error.newBuilder()
                    .setMessage("The master lost its leadership; subscribe to the new leader")).build());
            stream.close();
            return;
        }
        term.schedulerCalls().subscribed(s.admission(), stream, suppressedRoles);
    }

    /** The SUBSCRIBE stream closed. */
    public void closed(Subscription s) {
        if (s.term() == term) {
            term.schedulerCalls().streamClosed(s.frameworkId(), s.admission().streamId());
        }
    }

    /**
     * Any other scheduler call, on the stream {@code streamId}, by {@code caller}: an authenticated caller must be the
     * framework's principal.
     *
     * @throws NotLeaderException on a follower
     * @throws org.agora.master.internal.term.CallRefusedException for a call the leader refuses
     */
    public void schedulerCall(Call call, String streamId, Caller caller) {
        leaderTerm().schedulerCalls().call(call, streamId, caller);
    }

    /** The operator API's changes, authorized for {@code caller}: see {@link OperatorCalls}. */
    public OperatorCalls operatorCalls() {
        return leaderTerm().operatorCalls();
    }

    /**
     * Maintenance of the current term (schedule, machine modes, inverse offers); {@link NotLeaderException} on a
     * follower.
     */
    public org.agora.master.internal.maintenance.Maintenance maintenance() {
        return leaderTerm().maintenance();
    }

    /** The operator API's event stream of the current term; {@link NotLeaderException} on a follower. */
    public org.agora.master.internal.term.OperatorEvents operatorEvents() {
        return leaderTerm().operatorEvents();
    }

    // the agent channel

    /** A message on an agent's channel: handled by the term, or refused (NOT_LEADER) by a follower. */
    public void agentMessage(AgentLink link, Envelope envelope) {
        if (term == null) {
            AgentManager.refuseNotLeader(link);
            return;
        }
        term.agents().onMessage(link, envelope);
    }

    /** A registered agent's heartbeat, already answered on its channel: only noted (it is alive). */
    public void agentHeard(AgentLink link) {
        if (term != null) {
            term.agents().heard(link);
        }
    }

    public void agentChannelClosed(AgentLink link) {
        if (term != null) {
            term.agents().onClose(link);
        }
    }

    // periodic work

    public void checkAgentHeartbeats() {
        if (term != null) {
            term.checkAgentHeartbeats();
        }
    }

    public void heartbeatFrameworks() {
        if (term != null) {
            term.heartbeatFrameworks();
        }
    }

    public void allocate() {
        if (term != null) {
            term.allocate();
        }
    }

    public void expireOffers() {
        if (term != null) {
            term.expireOffers();
        }
    }

    public void collectGarbage() {
        if (term != null) {
            term.collectGarbage();
        }
    }

    /** The master's state now, for the state endpoints, metrics and the shell. */
    public MasterSnapshot snapshot() {
        if (term == null) {
            // a follower was elected at no time, and names the leader it sees (never itself)
            return new MasterSnapshot(self, false, leader(), startTime, Optional.empty(), List.of(),
                    List.of(), new FrameworkSnapshot.All(List.of(), List.of()), Map.of(),
                    allocator().map(Allocator::name).orElse("none"), Map.of(), Map.of(), List.of());
        }
        return new MasterSnapshot(self, true, leader(), startTime, Optional.ofNullable(electedTime),
                term.agents().snapshot().stream().map(a -> a.withTotal(term.reservations().totalOf(a.info())))
                        .toList(),
                term.agents().recoveredAgents(), FrameworkSnapshot.of(term.frameworks(), term.offerBook()),
                term.offerBook().offeredByAgent(), allocator().map(Allocator::name).orElse("none"),
                term.allocation().metrics(), term.policy().weights(), term.policy().quotas(),
                term.tasks().ended());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
