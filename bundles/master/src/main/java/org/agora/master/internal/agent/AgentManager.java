package org.agora.master.internal.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.agora.api.channel.Channel.AgentRegistered;
import org.agora.api.channel.Channel.AgentReregistered;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.Heartbeat;
import org.agora.api.channel.Channel.RegisterAgent;
import org.agora.api.channel.Channel.RegistrationRefused;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.channel.Channel.ShutdownAgent;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.master.internal.Ids;
import org.agora.master.internal.registry.Registry;
import org.agora.master.internal.registry.RegistryState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent membership during one leadership term: registration and re-registration over the agent channel, heartbeats,
 * marking silent agents unreachable, the agents of the registry that never came back after a failover, and the
 * garbage collection of agents unreachable for too long. Runs on the master's actor thread only. Every change the
 * registry records is written there first and applied (and told to the agent or the {@link Listener}) only once the
 * write succeeded, back on the actor thread; a failed write changes nothing.
 */
public final class AgentManager implements AgentLinks {
    private static final Logger LOG = LoggerFactory.getLogger(AgentManager.class);

    private final MasterInfo master;
    private final Registry registry;
    private final Executor actor;
    private final Ids ids;
    private final Duration heartbeatInterval;
    private final Duration unreachableTimeout;
    private final Clock clock;
    private final LongSupplier nanoTime;

    /** What the rest of the master hears about agents; called on the actor thread. */
    public interface Listener {
        /** A new agent was admitted. */
        default void agentAdded(AgentInfo info) {
        }

        /** A known agent came back (after a broken channel, unreachability or a master failover). */
        default void agentReregistered(AgentInfo info, ReregisterAgent report, boolean wasUnreachable,
                boolean wasKnown) {
        }

        /** The channel broke; the agent is still counted on. */
        default void agentDisconnected(AgentInfo info) {
        }

        /** Silent too long (recorded in the registry): its resources and tasks are gone until it returns. */
        default void agentUnreachable(AgentInfo info) {
        }

        /**
         * Unreachable for longer than the registry keeps agents: forgotten (removed from the registry). If it comes
         * back it is told its id is unknown, and it shuts its tasks down.
         */
        default void agentForgotten(AgentID agentId) {
        }

        /** The operator marked it gone (persisted): its tasks are gone with it. */
        default void agentGone(AgentInfo info) {
        }

        /** Any other message from a registered agent (status updates, executor messages). */
        default void agentMessage(AgentID agentId, Envelope envelope) {
        }
    }

    private final Map<String, AgentRecord> agents = new LinkedHashMap<>();
    private Listener listener = new Listener() { };
    /** Admitted in the registry but not re-registered since this master was elected. */
    private final Map<String, AgentInfo> recovered = new LinkedHashMap<>();
    private final Map<String, Instant> recoveredUnreachable = new HashMap<>();
    /** Marked gone by the operator: never admitted again under these ids. */
    private final Set<String> gone = new HashSet<>();
    /** Agents whose unreachability is being written to the registry: neither heartbeats nor re-registration count. */
    private final Set<String> markingUnreachable = new HashSet<>();

    public AgentManager(MasterInfo master, Registry registry, Executor actor, Ids ids, Duration heartbeatInterval,
            Duration unreachableTimeout, Clock clock, LongSupplier nanoTime) {
        this.master = master;
        this.registry = registry;
        this.actor = actor;
        this.ids = ids;
        this.heartbeatInterval = heartbeatInterval;
        this.unreachableTimeout = unreachableTimeout;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    public void listener(Listener listener) {
        this.listener = listener;
    }

    @Override
    public boolean send(AgentID agentId, Envelope envelope) {
        AgentRecord r = agents.get(agentId.getValue());
        if (r == null || r.link == null || r.state != AgentState.ACTIVE) {
            return false;
        }
        r.link.send(envelope);
        return true;
    }

    @Override
    public boolean isUnreachable(AgentID agentId) {
        AgentRecord r = agents.get(agentId.getValue());
        return r != null ? r.state == AgentState.UNREACHABLE : recoveredUnreachable.containsKey(agentId.getValue());
    }

    /** The agent's info and the address the master sees it at, while it is active. */
    public Optional<AgentInfo> activeAgent(AgentID agentId) {
        AgentRecord r = agents.get(agentId.getValue());
        return r != null && r.state == AgentState.ACTIVE ? Optional.of(r.info) : Optional.empty();
    }

    public String ipOf(AgentID agentId) {
        AgentRecord r = agents.get(agentId.getValue());
        return r == null ? "" : r.ip;
    }

    /** A newly elected leader starts from the registry: every admitted agent may re-register. */
    public void recover(RegistryState state) {
        agents.clear();
        recovered.clear();
        recoveredUnreachable.clear();
        state.admitted().forEach(a -> recovered.put(a.getId().getValue(), a));
        recoveredUnreachable.putAll(state.unreachable());
        gone.clear();
        gone.addAll(state.gone().keySet());
    }

    /** The term is over: drop every channel (agents go and find the new leader). Nothing is used afterwards. */
    public void close() {
        agents.values().forEach(r -> {
            if (r.link != null) {
                r.link.close();
            }
        });
    }

    public void onMessage(AgentLink link, Envelope envelope) {
        switch (envelope.getMessageCase()) {
            case REGISTER_AGENT -> register(link, envelope.getRegisterAgent());
            case REREGISTER_AGENT -> reregister(link, envelope.getReregisterAgent());
            case HEARTBEAT -> heartbeat(link);
            default -> {
                AgentRecord r = link.agentId() == null ? null : agents.get(link.agentId());
                if (r == null || r.link != link) {
                    refuse(link, RegistrationRefused.Reason.NOT_REGISTERED, envelope.getMessageCase()
                            + " from an agent that is not registered on this channel; register first");
                    return;
                }
                r.lastHeardNanos = nanoTime.getAsLong();
                listener.agentMessage(r.info.getId(), envelope);
            }
        }
    }

    public void onClose(AgentLink link) {
        AgentRecord r = link.agentId() == null ? null : agents.get(link.agentId());
        if (r != null && r.link == link) {
            r.link = null;
            if (r.state == AgentState.ACTIVE) {
                r.state = AgentState.DISCONNECTED;
            }
            LOG.info("Agent {} at {}:{} disconnected; unreachable unless it returns within {} s", r.id(),
                    r.info.getHostname(), r.info.getPort(), unreachableTimeout.toSeconds());
            listener.agentDisconnected(r.info);
        }
    }

    private void register(AgentLink link, RegisterAgent msg) {
        Optional<String> invalid = validate(msg.getAgentInfo());
        if (invalid.isPresent()) {
            refuse(link, RegistrationRefused.Reason.INVALID, invalid.get());
            return;
        }
        if (link.agentId() != null && agents.containsKey(link.agentId())) {
            // a retry on the same channel while the first registration was being persisted
            sendRegistered(link, agents.get(link.agentId()).info.getId());
            return;
        }
        AgentID id = ids.newAgentId();
        AgentInfo info = msg.getAgentInfo().toBuilder().setId(id).build();
        link.agentId(id.getValue());
        registry.admit(info).whenCompleteAsync((v, error) -> {
            if (error != null) {
                LOG.error("Agent {} at {}:{} not admitted: {}", id.getValue(), info.getHostname(), info.getPort(),
                        error.getMessage());
                link.agentId(null);
                link.close();
                return;
            }
            AgentRecord r = new AgentRecord(info, link, clock.instant(), nanoTime.getAsLong(), msg.getVersion(),
                    msg.getCapabilitiesList());
            r.ip = link.ip();
            agents.put(id.getValue(), r);
            listener.agentAdded(info);
            LOG.info("Registered agent {} at {}:{} with {}", id.getValue(), info.getHostname(), info.getPort(),
                    r.snapshot().total());
            sendRegistered(link, id);
        }, actor);
    }

    private void reregister(AgentLink link, ReregisterAgent msg) {
        AgentInfo info = msg.getAgentInfo();
        Optional<String> invalid = info.hasId() ? validate(info) : Optional.of("re-registration without an agent id");
        if (invalid.isPresent()) {
            refuse(link, RegistrationRefused.Reason.INVALID, invalid.get());
            return;
        }
        String id = info.getId().getValue();
        if (gone.contains(id)) {
            refuse(link, RegistrationRefused.Reason.GONE, "agent " + id + " was marked gone by the operator; it can "
                    + "only join again as a new agent");
            return;
        }
        if (markingUnreachable.contains(id)) {
            // as Mesos does: the agent tries again once the registry says unreachable, and is then re-admitted
            refuse(link, RegistrationRefused.Reason.NOT_LEADER, "agent " + id + " is being marked unreachable; "
                    + "re-register in a moment");
            return;
        }
        AgentRecord existing = agents.get(id);
        AgentInfo previous = existing != null ? existing.info : recovered.get(id);
        if (previous == null) {
            LOG.info("Agent {} at {}:{} is unknown to this master; told to register afresh", id, info.getHostname(),
                    info.getPort());
            refuse(link, RegistrationRefused.Reason.UNKNOWN_AGENT_ID,
                    "agent " + id + ": unknown to this master; register afresh");
            return;
        }
        boolean wasUnreachable = (existing != null && existing.state == AgentState.UNREACHABLE)
                || (existing == null && recoveredUnreachable.containsKey(id));
        link.agentId(id);
        if (previous.equals(info) && !wasUnreachable) {
            acceptReregistration(link, msg, existing);
            return;
        }
        registry.admit(info).whenCompleteAsync((v, error) -> {
            if (error != null) {
                LOG.error("Agent {} not re-admitted: {}", id, error.getMessage());
                link.agentId(null);
                link.close();
                return;
            }
            acceptReregistration(link, msg, agents.get(id));
        }, actor);
    }

    private void acceptReregistration(AgentLink link, ReregisterAgent msg, AgentRecord existing) {
        AgentInfo info = msg.getAgentInfo();
        String id = info.getId().getValue();
        Instant now = clock.instant();
        AgentRecord r = existing;
        boolean wasKnown = existing != null;
        boolean wasUnreachable = existing != null ? existing.state == AgentState.UNREACHABLE
                : recoveredUnreachable.containsKey(id);
        if (r == null) {
            r = new AgentRecord(info, link, now, nanoTime.getAsLong(), msg.getVersion(), msg.getCapabilitiesList());
            agents.put(id, r);
            recovered.remove(id);
            recoveredUnreachable.remove(id);
        } else if (r.link != null && r.link != link) {
            LOG.info("Agent {} re-registered on a new channel; closing the old one", id);
            r.link.agentId(null);
            r.link.close();
        }
        r.info = info;
        r.link = link;
        r.state = AgentState.ACTIVE;
        r.unreachableTime = null;
        r.reregisteredTime = now;
        r.lastHeardNanos = nanoTime.getAsLong();
        r.version = msg.getVersion();
        r.capabilities = List.copyOf(msg.getCapabilitiesList());
        r.ip = link.ip();
        LOG.info("Re-registered agent {} at {}:{} running {} tasks", id, info.getHostname(), info.getPort(),
                msg.getTasksCount());
        listener.agentReregistered(info, msg, wasUnreachable, wasKnown);
        link.send(Envelope.newBuilder().setAgentReregistered(AgentReregistered.newBuilder()
                .setAgentId(info.getId()).setMasterInfo(master)
                .setHeartbeatIntervalMs((int) heartbeatInterval.toMillis())).build());
    }

    private void heartbeat(AgentLink link) {
        AgentRecord r = link.agentId() == null ? null : agents.get(link.agentId());
        if (r == null || r.link != link) {
            refuse(link, RegistrationRefused.Reason.NOT_REGISTERED, "heartbeat from an agent that is not registered "
                    + "on this channel; register first");
            return;
        }
        r.lastHeardNanos = nanoTime.getAsLong();
        link.send(Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder().setAgentId(r.info.getId())).build());
    }

    /**
     * The operator removes the agent for good: persisted first, then its channel is told to shut the agent down and
     * the rest of the master drops its tasks (TASK_GONE_BY_OPERATOR).
     *
     * @throws IllegalArgumentException when this master does not know the agent
     */
    public CompletionStage<Void> markGone(AgentID agentId) {
        String id = agentId.getValue();
        AgentRecord r = agents.get(id);
        AgentInfo info = r != null ? r.info : recovered.get(id);
        if (info == null) {
            throw new IllegalArgumentException("Agent " + id + " is unknown to this master");
        }
        return registry.markGone(agentId, clock.instant()).thenRunAsync(() -> {
            gone.add(id);
            recovered.remove(id);
            AgentRecord current = agents.remove(id);
            if (current != null && current.link != null) {
                current.link.send(Envelope.newBuilder().setShutdownAgent(ShutdownAgent.newBuilder()
                        .setMessage("marked gone by the operator")).build());
                current.link.agentId(null);
                current.link.close();
            }
            LOG.warn("Agent {} at {}:{} marked gone by the operator", id, info.getHostname(), info.getPort());
            listener.agentGone(info);
        }, actor);
    }

    /** Whether the operator deactivated (or is draining) the agent. */
    public boolean isDeactivated(AgentID agentId) {
        AgentRecord r = agents.get(agentId.getValue());
        return r != null && r.deactivated;
    }

    /** Tells an agent that this master does not lead (it has no term to register with); the agent looks again. */
    public static void refuseNotLeader(AgentLink link) {
        refuse(link, RegistrationRefused.Reason.NOT_LEADER, "this master is not the leader");
    }

    /** Operator deactivation (no new offers; tasks keep running) or reactivation. */
    public AgentInfo setDeactivated(AgentID agentId, boolean deactivated) {
        AgentRecord r = known(agentId);
        r.deactivated = deactivated;
        if (!deactivated) {
            r.drain = null;
        }
        LOG.info("Agent {} {} by the operator", r.id(), deactivated ? "deactivated" : "reactivated");
        return r.info;
    }

    /** Starts draining: deactivated, with its drain configuration kept for the state endpoints. */
    public AgentInfo startDrain(AgentID agentId, org.agora.api.v1.Protos.DrainConfig config) {
        AgentRecord r = known(agentId);
        r.deactivated = true;
        r.drain = org.agora.api.v1.Protos.DrainInfo.newBuilder()
                .setState(org.agora.api.v1.Protos.DrainState.DRAINING).setConfig(config).build();
        LOG.info("Agent {} draining (mark gone when drained: {})", r.id(), config.getMarkGone());
        return r.info;
    }

    /** Agents being drained, for the master's drain check. */
    public List<AgentSnapshot> draining() {
        List<AgentSnapshot> out = new ArrayList<>();
        agents.values().forEach(r -> {
            if (r.drain != null && r.drain.getState() == org.agora.api.v1.Protos.DrainState.DRAINING) {
                out.add(r.snapshot());
            }
        });
        return out;
    }

    /** The agent has no task left: drained. */
    public void drained(AgentID agentId) {
        AgentRecord r = agents.get(agentId.getValue());
        if (r != null && r.drain != null) {
            r.drain = r.drain.toBuilder().setState(org.agora.api.v1.Protos.DrainState.DRAINED).build();
            LOG.info("Agent {} drained", r.id());
        }
    }

    private AgentRecord known(AgentID agentId) {
        AgentRecord r = agents.get(agentId.getValue());
        if (r == null) {
            throw new IllegalArgumentException("Agent " + agentId.getValue() + " is unknown to this master");
        }
        return r;
    }

    /** Marks agents silent for longer than the unreachable timeout as unreachable; run periodically. */
    public void checkHeartbeats() {
        long now = nanoTime.getAsLong();
        for (AgentRecord r : List.copyOf(agents.values())) {
            if (r.state != AgentState.UNREACHABLE && now - r.lastHeardNanos > unreachableTimeout.toNanos()
                    && !markingUnreachable.contains(r.id())) {
                markUnreachable(r);
            }
        }
    }

    /**
     * Written to the registry first; only then is the agent unreachable and its tasks given up. While the write is
     * in flight the agent's channel is closed and it may not re-register; a failed write leaves the agent as it was
     * (disconnected), to be tried again at the next check.
     */
    private void markUnreachable(AgentRecord r) {
        Instant when = clock.instant();
        long silentMs = Duration.ofNanos(nanoTime.getAsLong() - r.lastHeardNanos).toMillis();
        markingUnreachable.add(r.id());
        if (r.link != null) {
            r.link.agentId(null);
            r.link.close();
            r.link = null;
            if (r.state == AgentState.ACTIVE) {
                r.state = AgentState.DISCONNECTED;
                listener.agentDisconnected(r.info);
            }
        }
        registry.markUnreachable(r.info.getId(), when).whenCompleteAsync((v, e) -> {
            markingUnreachable.remove(r.id());
            if (e != null) {
                LOG.error("Agent {} stays disconnected: could not record it as unreachable: {}", r.id(),
                        e.getMessage());
                return;
            }
            if (agents.get(r.id()) != r) {
                return; // marked gone meanwhile
            }
            r.state = AgentState.UNREACHABLE;
            r.unreachableTime = when;
            LOG.warn("Agent {} at {}:{} marked unreachable: nothing heard for {} ms", r.id(), r.info.getHostname(),
                    r.info.getPort(), silentMs);
            listener.agentUnreachable(r.info);
        }, actor);
    }

    /**
     * The agent re-registration timeout after an election has passed: agents of the registry that were reachable
     * and have not re-registered are marked unreachable (registry first), as Mesos does after
     * {@code agent_reregister_timeout}. Frameworks reconciling their tasks then hear TASK_UNREACHABLE (or LOST).
     */
    public void reregistrationTimedOut() {
        Instant when = clock.instant();
        for (AgentInfo info : List.copyOf(recovered.values())) {
            String id = info.getId().getValue();
            if (recoveredUnreachable.containsKey(id) || markingUnreachable.contains(id)) {
                continue;
            }
            markingUnreachable.add(id);
            registry.markUnreachable(info.getId(), when).whenCompleteAsync((v, e) -> {
                markingUnreachable.remove(id);
                if (e != null) {
                    LOG.error("Agent {} did not re-register and could not be recorded as unreachable: {}", id,
                            e.getMessage());
                    return;
                }
                if (recovered.containsKey(id)) {
                    recoveredUnreachable.put(id, when);
                    LOG.warn("Agent {} at {}:{} did not re-register after the election: marked unreachable", id,
                            info.getHostname(), info.getPort());
                }
            }, actor);
        }
    }

    /**
     * Forgets agents unreachable since before {@code now - maxAge} (Mesos's {@code registry_max_agent_age}): removed
     * from the registry first, then from memory. One that comes back later is told its id is unknown and shuts its
     * tasks down.
     */
    public void collectGarbage(Duration maxAge) {
        Instant cutoff = clock.instant().minus(maxAge);
        Map<String, Instant> unreachableSince = new LinkedHashMap<>(recoveredUnreachable);
        agents.values().forEach(r -> {
            if (r.state == AgentState.UNREACHABLE && r.unreachableTime != null) {
                unreachableSince.put(r.id(), r.unreachableTime);
            }
        });
        unreachableSince.forEach((id, since) -> {
            if (!since.isBefore(cutoff) || markingUnreachable.contains(id)) {
                return;
            }
            AgentID agentId = AgentID.newBuilder().setValue(id).build();
            markingUnreachable.add(id);
            registry.remove(agentId).whenCompleteAsync((v, e) -> {
                markingUnreachable.remove(id);
                if (e != null) {
                    LOG.error("Agent {} unreachable since {} could not be removed from the registry: {}", id, since,
                            e.getMessage());
                    return;
                }
                AgentRecord r = agents.get(id);
                if (r != null && r.state != AgentState.UNREACHABLE) {
                    return; // came back meanwhile (and was re-admitted after the removal)
                }
                agents.remove(id);
                recovered.remove(id);
                recoveredUnreachable.remove(id);
                LOG.warn("Agent {} unreachable since {} is forgotten (older than {} s); if it returns it must shut "
                        + "its tasks down", id, since, maxAge.toSeconds());
                listener.agentForgotten(agentId);
            }, actor);
        });
    }

    private void sendRegistered(AgentLink link, AgentID id) {
        link.send(Envelope.newBuilder().setAgentRegistered(AgentRegistered.newBuilder().setAgentId(id)
                .setMasterInfo(master).setHeartbeatIntervalMs((int) heartbeatInterval.toMillis())).build());
    }

    private static void refuse(AgentLink link, RegistrationRefused.Reason reason, String message) {
        link.send(Envelope.newBuilder().setRegistrationRefused(
                RegistrationRefused.newBuilder().setReason(reason).setMessage(message)).build());
    }

    private static Optional<String> validate(AgentInfo info) {
        if (info.getHostname().isBlank()) {
            return Optional.of("agent info without a hostname");
        }
        if (info.getPort() <= 0 || info.getPort() > 65535) {
            return Optional.of("agent port " + info.getPort() + " is not a port number");
        }
        for (var r : info.getResourcesList()) {
            Optional<String> error = Resources.validate(r);
            if (error.isPresent()) {
                return Optional.of("resource " + r.getName() + ": " + error.get());
            }
        }
        return Optional.empty();
    }

    public List<AgentSnapshot> snapshot() {
        List<AgentSnapshot> out = new ArrayList<>(agents.size());
        agents.values().forEach(r -> out.add(r.snapshot()));
        return out;
    }

    public List<AgentInfo> recoveredAgents() {
        return List.copyOf(recovered.values());
    }
}
