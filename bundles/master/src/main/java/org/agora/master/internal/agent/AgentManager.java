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
package org.agora.master.internal.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.RegistrationRefused;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.channel.Channel.ShutdownAgent;
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

        /**
         * The channel broke; the agent is still counted on. Heard once the registry confirmed this term still leads,
         * and only if the agent has not come back meanwhile.
         */
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

        /**
         * Removed by the master (persisted): its machine went DOWN for maintenance. Its tasks are lost, as Mesos
         * reports them; if it comes back it registers as a new agent.
         */
        default void agentRemoved(AgentInfo info, String why) {
        }

        /** Any other message from a registered agent (status updates, executor messages). */
        default void agentMessage(AgentID agentId, Envelope envelope) {
        }
    }

    private final AgentTable table = new AgentTable();
    private final AgentReachability reachability;
    private final AgentRegistrar registrar;
    private Listener listener = new Listener() { };
    private BiPredicate<String, String> machineDown = (hostname, ip) -> false;

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
        this.registrar = new AgentRegistrar(master, table, registry, actor, ids, () -> listener, heartbeatInterval,
                clock, nanoTime, (hostname, ip) -> machineDown.test(hostname, ip));
        this.reachability = new AgentReachability(table, registry, actor, () -> listener, unreachableTimeout, clock,
                nanoTime);
    }

    public void listener(Listener listener) {
        this.listener = listener;
    }

    /**
     * Whether the machine of an agent (its announced hostname and the IP the master sees it at) is DOWN for
     * maintenance: such an agent is refused registration ({@code MACHINE_DOWN}) until the machine is UP again.
     */
    public void machineDown(BiPredicate<String, String> down) {
        this.machineDown = down;
    }

    /**
     * Removes agents whose removal the registry already holds (their machine went DOWN): each is told to shut down
     * with {@code why}, its channel closes, and the listener hears {@link Listener#agentRemoved}.
     */
    public void removed(List<AgentID> agentIds, String why) {
        for (AgentID agentId : agentIds) {
            String id = agentId.getValue();
            AgentRecord r = table.agents.remove(id);
            AgentInfo recovered = table.recovered.remove(id);
            table.recoveredUnreachable.remove(id);
            AgentInfo info = r != null ? r.info : recovered;
            if (info == null) {
                continue;
            }
            if (r != null && r.link != null) {
                r.link.send(Envelope.newBuilder().setShutdownAgent(ShutdownAgent.newBuilder().setMessage(why))
                        .build());
                r.link.agentId(null);
                r.link.close();
            }
            LOG.warn("Agent {} at {}:{} removed: {}", id, info.getHostname(), info.getPort(), why);
            listener.agentRemoved(info, why);
        }
    }

    @Override
    public boolean send(AgentID agentId, Envelope envelope) {
        AgentRecord r = table.agents.get(agentId.getValue());
        if (r == null || r.link == null || r.state != AgentState.ACTIVE) {
            return false;
        }
        if (envelope.hasStatusUpdateAcknowledgement()) {
            // batched with the others this turn of the actor forwards to the same agent
            r.link.acknowledge(envelope.getStatusUpdateAcknowledgement(), actor);
        } else {
            r.link.send(envelope);
        }
        return true;
    }

    @Override
    public void sendToAll(Envelope envelope) {
        for (AgentRecord r : table.agents.values()) {
            if (r.link != null && r.state == AgentState.ACTIVE) {
                r.link.send(envelope);
            }
        }
    }

    @Override
    public boolean sendTasks(AgentID agentId, org.agora.api.v1.Protos.FrameworkInfo framework,
            List<org.agora.api.v1.Protos.TaskInfo> tasks) {
        AgentRecord r = table.agents.get(agentId.getValue());
        if (r == null || r.link == null || r.state != AgentState.ACTIVE) {
            return false;
        }
        if (r.link.takesRunTasks() && tasks.size() > 1) {
            r.link.send(Envelope.newBuilder().setRunTasks(org.agora.api.channel.Channel.RunTasks.newBuilder()
                    .setFramework(framework).addAllTasks(tasks)).build());
        } else {
            for (var t : tasks) {
                r.link.send(Envelope.newBuilder().setRunTask(org.agora.api.channel.Channel.RunTask.newBuilder()
                        .setFramework(framework).setTask(t)).build());
            }
        }
        return true;
    }

    @Override
    public boolean isUnreachable(AgentID agentId) {
        AgentRecord r = table.agents.get(agentId.getValue());
        return r != null ? r.state == AgentState.UNREACHABLE
                : table.recoveredUnreachable.containsKey(agentId.getValue());
    }

    @Override
    public boolean isReregistering(Optional<AgentID> agentId) {
        if (agentId.isEmpty()) {
            return table.recovered.keySet().stream().anyMatch(id -> !table.recoveredUnreachable.containsKey(id));
        }
        String id = agentId.get().getValue();
        return table.recovered.containsKey(id) && !table.recoveredUnreachable.containsKey(id);
    }

    /** The agent's info and the address the master sees it at, while it is active. */
    public Optional<AgentInfo> activeAgent(AgentID agentId) {
        AgentRecord r = table.agents.get(agentId.getValue());
        return r != null && r.state == AgentState.ACTIVE ? Optional.of(r.info) : Optional.empty();
    }

    public String ipOf(AgentID agentId) {
        AgentRecord r = table.agents.get(agentId.getValue());
        return r == null ? "" : r.ip;
    }

    /** A newly elected leader starts from the registry: every admitted agent may re-register. */
    public void recover(RegistryState state) {
        table.agents.clear();
        table.recovered.clear();
        table.recoveredUnreachable.clear();
        state.admitted().forEach(a -> table.recovered.put(a.getId().getValue(), a));
        table.recoveredUnreachable.putAll(state.unreachable());
        table.gone.clear();
        table.gone.addAll(state.gone().keySet());
    }

    /** The term is over: drop every channel (agents go and find the new leader). Nothing is used afterwards. */
    public void close() {
        table.agents.values().forEach(r -> {
            if (r.link != null) {
                r.link.close();
            }
        });
    }

    public void onMessage(AgentLink link, Envelope envelope) {
        switch (envelope.getMessageCase()) {
            case REGISTER_AGENT -> {
                link.channelFeatures(envelope.getRegisterAgent().getChannelFeaturesList());
                registrar.register(link, envelope.getRegisterAgent());
            }
            case REREGISTER_AGENT -> {
                link.channelFeatures(envelope.getReregisterAgent().getChannelFeaturesList());
                registrar.reregister(link, envelope.getReregisterAgent());
            }
            case HEARTBEAT -> registrar.heartbeat(link);
            default -> {
                AgentRecord r = link.agentId() == null ? null : table.agents.get(link.agentId());
                if (r == null || r.link != link) {
                    AgentRegistrar.refuse(link, RegistrationRefused.Reason.NOT_REGISTERED, envelope.getMessageCase()
                            + " from an agent that is not registered on this channel; register first");
                    return;
                }
                r.lastHeardNanos = nanoTime.getAsLong();
                listener.agentMessage(r.info.getId(), envelope);
            }
        }
    }

    /** The agent registered on {@code link} was heard (a heartbeat answered on the channel's own thread). */
    public void heard(AgentLink link) {
        AgentRecord r = link.agentId() == null ? null : table.agents.get(link.agentId());
        if (r != null && r.link == link) {
            r.lastHeardNanos = nanoTime.getAsLong();
        }
    }

    public void onClose(AgentLink link) {
        AgentRecord r = link.agentId() == null ? null : table.agents.get(link.agentId());
        if (r != null && r.link == link) {
            r.link = null;
            if (r.state == AgentState.ACTIVE) {
                r.state = AgentState.DISCONNECTED;
            }
            LOG.info("Agent {} at {}:{} disconnected; unreachable unless it returns within {} s", r.id(),
                    r.info.getHostname(), r.info.getPort(), unreachableTimeout.toSeconds());
            AgentState left = r.state;
            // The agent may have left because ZooKeeper named another leader before this master heard that it lost.
            // Frameworks told TASK_LOST then would lose tasks the new leader keeps, so the rest of the master hears
            // of it only once ZooKeeper confirms, after the change the agent saw, that this term still leads.
            registry.confirmLeading().whenCompleteAsync((confirmed, error) -> {
                if (error != null) {
                    LOG.info("Agent {} left while this master was losing its leadership; its tasks are left to the "
                            + "new leader", r.id());
                } else if (table.agents.get(r.id()) == r && r.link == null && r.state == left) {
                    listener.agentDisconnected(r.info);
                }
            }, actor);
        }
    }

    /**
     * The operator removes the agent for good: persisted first, then its channel is told to shut the agent down and
     * the rest of the master drops its tasks (TASK_GONE_BY_OPERATOR).
     *
     * @throws IllegalArgumentException when this master does not know the agent
     */
    public CompletionStage<Void> markGone(AgentID agentId) {
        String id = agentId.getValue();
        AgentRecord r = table.agents.get(id);
        AgentInfo info = r != null ? r.info : table.recovered.get(id);
        if (info == null) {
            throw new org.agora.master.internal.UnknownObjectException("Agent " + id + " is unknown to this master");
        }
        return registry.markGone(agentId, clock.instant()).thenRunAsync(() -> {
            table.gone.add(id);
            table.recovered.remove(id);
            AgentRecord current = table.agents.remove(id);
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
        AgentRecord r = table.agents.get(agentId.getValue());
        return r != null && r.deactivated;
    }

    /** Tells an agent that this master does not lead (it has no term to register with); the agent looks again. */
    public static void refuseNotLeader(AgentLink link) {
        AgentRegistrar.refuse(link, RegistrationRefused.Reason.NOT_LEADER, "this master is not the leader");
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

    /** The agent, when it is being drained, for the master's drain check. */
    public Optional<AgentSnapshot> draining(AgentID agentId) {
        AgentRecord r = table.agents.get(agentId.getValue());
        return r != null && r.drain != null && r.drain.getState() == org.agora.api.v1.Protos.DrainState.DRAINING
                ? Optional.of(r.snapshot()) : Optional.empty();
    }

    /** The agent has no task left: drained. */
    public void drained(AgentID agentId) {
        AgentRecord r = table.agents.get(agentId.getValue());
        if (r != null && r.drain != null) {
            r.drain = r.drain.toBuilder().setState(org.agora.api.v1.Protos.DrainState.DRAINED).build();
            LOG.info("Agent {} drained", r.id());
        }
    }

    private AgentRecord known(AgentID agentId) {
        AgentRecord r = table.agents.get(agentId.getValue());
        if (r == null) {
            throw new org.agora.master.internal.UnknownObjectException("Agent " + agentId.getValue()
                    + " is unknown to this master");
        }
        return r;
    }

    /** Marks agents silent for longer than the unreachable timeout as unreachable; run periodically. */
    public void checkHeartbeats() {
        reachability.checkHeartbeats();
    }

    /** See {@link AgentReachability#reregistrationTimedOut()}. */
    public void reregistrationTimedOut() {
        reachability.reregistrationTimedOut();
    }

    /** See {@link AgentReachability#collectGarbage(Duration)}. */
    public void collectGarbage(Duration maxAge) {
        reachability.collectGarbage(maxAge);
    }

    public List<AgentSnapshot> snapshot() {
        List<AgentSnapshot> out = new ArrayList<>(table.agents.size());
        table.agents.values().forEach(r -> out.add(r.snapshot()));
        return out;
    }

    public List<AgentInfo> recoveredAgents() {
        return List.copyOf(table.recovered.values());
    }
}
