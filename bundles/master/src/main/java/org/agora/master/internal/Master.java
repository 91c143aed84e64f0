package org.agora.master.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.master.internal.agent.AgentManager;
import org.agora.master.internal.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's state and its life as leader or follower. Every method runs on the actor thread (the executor given
 * to the constructor); nothing here is locked because nothing here is shared.
 */
public final class Master {
    private static final Logger LOG = LoggerFactory.getLogger(Master.class);

    private final MasterInfo self;
    private final Registry registry;
    private final Executor actor;
    private final Clock clock;
    private final Instant startTime;
    private final AgentManager agents;

    /** Elected and recovered: serving as the leader. */
    private boolean leading;
    /** Bumped on every election and defeat, so a registry recovery that finishes late is not applied. */
    private long term;
    private Instant electedTime;
    private Optional<MasterInfo> leader = Optional.empty();

    public Master(MasterInfo self, MasterSettings settings, Registry registry, Executor actor, Clock clock) {
        this.self = self;
        this.registry = registry;
        this.actor = actor;
        this.clock = clock;
        this.startTime = clock.instant();
        this.agents = new AgentManager(self, registry, actor, () -> leading, settings.agentHeartbeatInterval(),
                settings.agentUnreachableTimeout(), clock, System::nanoTime);
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
    }

    /** The detector saw another leader (or none). */
    public void leaderDetected(Optional<MasterInfo> detected) {
        if (!detected.equals(leader)) {
            LOG.info("Leading master is now {}", detected.map(m -> m.getId() + " at " + m.getHostname() + ":"
                    + m.getPort()).orElse("unknown"));
        }
        leader = detected;
    }

    public MasterSnapshot snapshot() {
        return new MasterSnapshot(self, leading, leader(), startTime, Optional.ofNullable(electedTime),
                agents.snapshot(), agents.recoveredAgents());
    }
}
