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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.agora.api.channel.Channel.AgentRegistered;
import org.agora.api.channel.Channel.AgentReregistered;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.Heartbeat;
import org.agora.api.channel.Channel.RegisterAgent;
import org.agora.api.channel.Channel.RegistrationRefused;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.master.internal.Ids;
import org.agora.master.internal.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration, re-registration and heartbeats on the agent channel. A new agent, or one whose info changed or that
 * was unreachable, is admitted in the registry first; it hears that it is registered only once the write succeeded.
 * An agent the registry says is gone, or that it does not know, is refused with the reason. Actor thread only.
 */
final class AgentRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRegistrar.class);

    private final MasterInfo master;
    private final AgentTable table;
    private final Registry registry;
    private final Executor actor;
    private final Ids ids;
    private final Supplier<AgentManager.Listener> listener;
    private final Duration heartbeatInterval;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final BiPredicate<String, String> machineDown;

    AgentRegistrar(MasterInfo master, AgentTable table, Registry registry, Executor actor, Ids ids,
            Supplier<AgentManager.Listener> listener, Duration heartbeatInterval, Clock clock,
            LongSupplier nanoTime, BiPredicate<String, String> machineDown) {
        this.machineDown = machineDown;
        this.master = master;
        this.table = table;
        this.registry = registry;
        this.actor = actor;
        this.ids = ids;
        this.listener = listener;
        this.heartbeatInterval = heartbeatInterval;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    void register(AgentLink link, RegisterAgent msg) {
        Optional<String> invalid = validate(msg.getAgentInfo());
        if (invalid.isPresent()) {
            refuse(link, RegistrationRefused.Reason.INVALID, invalid.get());
            return;
        }
        if (refusedWhileDown(link, msg.getAgentInfo())) {
            return;
        }
        if (link.agentId() != null && table.agents.containsKey(link.agentId())) {
            // a retry on the same channel while the first registration was being persisted
            sendRegistered(link, table.agents.get(link.agentId()).info.getId());
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
            table.agents.put(id.getValue(), r);
            listener.get().agentAdded(info);
            LOG.info("Registered agent {} at {}:{} with {}", id.getValue(), info.getHostname(), info.getPort(),
                    r.snapshot().total());
            sendRegistered(link, id);
        }, actor);
    }

    void reregister(AgentLink link, ReregisterAgent msg) {
        AgentInfo info = msg.getAgentInfo();
        Optional<String> invalid = info.hasId() ? validate(info) : Optional.of("re-registration without an agent id");
        if (invalid.isPresent()) {
            refuse(link, RegistrationRefused.Reason.INVALID, invalid.get());
            return;
        }
        String id = info.getId().getValue();
        if (refusedWhileDown(link, info)) {
            return;
        }
        if (table.gone.contains(id)) {
            refuse(link, RegistrationRefused.Reason.GONE, "agent " + id + " was marked gone by the operator; it can "
                    + "only join again as a new agent");
            return;
        }
        if (table.markingUnreachable.contains(id)) {
            // as Mesos does: the agent tries again once the registry says unreachable, and is then re-admitted
            refuse(link, RegistrationRefused.Reason.NOT_LEADER, "agent " + id + " is being marked unreachable; "
                    + "re-register in a moment");
            return;
        }
        AgentRecord existing = table.agents.get(id);
        AgentInfo previous = existing != null ? existing.info : table.recovered.get(id);
        if (previous == null) {
            LOG.info("Agent {} at {}:{} is unknown to this master; told to register afresh", id, info.getHostname(),
                    info.getPort());
            refuse(link, RegistrationRefused.Reason.UNKNOWN_AGENT_ID,
                    "agent " + id + ": unknown to this master; register afresh");
            return;
        }
        boolean wasUnreachable = (existing != null && existing.state == AgentState.UNREACHABLE)
                || (existing == null && table.recoveredUnreachable.containsKey(id));
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
            acceptReregistration(link, msg, table.agents.get(id));
        }, actor);
    }

    private void acceptReregistration(AgentLink link, ReregisterAgent msg, AgentRecord existing) {
        AgentInfo info = msg.getAgentInfo();
        String id = info.getId().getValue();
        Instant now = clock.instant();
        AgentRecord r = existing;
        boolean wasKnown = existing != null;
        boolean wasUnreachable = existing != null ? existing.state == AgentState.UNREACHABLE
                : table.recoveredUnreachable.containsKey(id);
        if (r == null) {
            r = new AgentRecord(info, link, now, nanoTime.getAsLong(), msg.getVersion(), msg.getCapabilitiesList());
            table.agents.put(id, r);
            table.recovered.remove(id);
            table.recoveredUnreachable.remove(id);
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
        // the agent hears it is re-registered first: it ignores what the master sends before (a shutdown of the
        // tasks of a framework that was told they were lost, say)
        link.send(Envelope.newBuilder().setAgentReregistered(AgentReregistered.newBuilder()
                .setAgentId(info.getId()).setMasterInfo(master).addAllChannelFeatures(AgentLink.MASTER_FEATURES)
                .setHeartbeatIntervalMs((int) heartbeatInterval.toMillis())).build());
        listener.get().agentReregistered(info, msg, wasUnreachable, wasKnown);
    }

    /** As Mesos: an agent of a machine in maintenance (DOWN) may not join until the machine is UP. */
    private boolean refusedWhileDown(AgentLink link, AgentInfo info) {
        if (!machineDown.test(info.getHostname(), link.ip())) {
            return false;
        }
        LOG.info("Agent {}at {}:{} refused: its machine {}/{} is DOWN for maintenance",
                info.hasId() ? info.getId().getValue() + " " : "", info.getHostname(), info.getPort(),
                info.getHostname(), link.ip());
        refuse(link, RegistrationRefused.Reason.MACHINE_DOWN, "machine " + info.getHostname() + "/" + link.ip()
                + " is DOWN for maintenance; the agent may register once the operator brings it UP");
        return true;
    }

    void heartbeat(AgentLink link) {
        AgentRecord r = link.agentId() == null ? null : table.agents.get(link.agentId());
        if (r == null || r.link != link) {
            refuse(link, RegistrationRefused.Reason.NOT_REGISTERED, "heartbeat from an agent that is not registered "
                    + "on this channel; register first");
            return;
        }
        r.lastHeardNanos = nanoTime.getAsLong();
        link.send(Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder().setAgentId(r.info.getId())).build());
    }

    private void sendRegistered(AgentLink link, AgentID id) {
        link.send(Envelope.newBuilder().setAgentRegistered(AgentRegistered.newBuilder().setAgentId(id)
                .setMasterInfo(master).addAllChannelFeatures(AgentLink.MASTER_FEATURES)
                .setHeartbeatIntervalMs((int) heartbeatInterval.toMillis())).build());
    }

    static void refuse(AgentLink link, RegistrationRefused.Reason reason, String message) {
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

}
