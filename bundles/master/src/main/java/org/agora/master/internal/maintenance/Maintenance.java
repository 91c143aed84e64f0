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
package org.agora.master.internal.maintenance;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.agora.api.v1.Protos.Address;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.InverseOffer;
import org.agora.api.v1.Protos.MachineID;
import org.agora.api.v1.Protos.MachineInfo;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.TimeInfo;
import org.agora.api.v1.Protos.URL;
import org.agora.api.v1.Protos.Unavailability;
import org.agora.api.v1.allocator.Protos.InverseOfferStatus;
import org.agora.api.v1.maintenance.Protos.ClusterStatus;
import org.agora.api.v1.maintenance.Protos.Schedule;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.master.internal.Ids;
import org.agora.master.internal.agent.AgentManager;
import org.agora.master.internal.agent.AgentSnapshot;
import org.agora.master.internal.agent.AgentState;
import org.agora.master.internal.allocation.AllocatorHost;
import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.offer.OfferManager;
import org.agora.master.internal.offer.Offers;
import org.agora.master.internal.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance of one leadership term, as Mesos 1.x does it. The operator's schedule puts machines in DRAINING mode:
 * offers from their agents carry the window's unavailability, and every framework holding resources there (tasks or
 * offers) gets an inverse offer, which it accepts or declines; the answers show in the status. START_MAINTENANCE
 * takes DRAINING machines DOWN: their agents are told to shut down and removed (their tasks are lost), and agents of
 * DOWN machines may not register. STOP_MAINTENANCE brings DOWN machines UP and out of the schedule. Every change is
 * in the registry before it is applied, and its stage completes only then; a check that fails throws
 * {@link IllegalArgumentException} naming the field and changes nothing. Actor thread only.
 */
public final class Maintenance {
    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
    /** What a framework's answer filters when it sets no filter, as Mesos's {@code Filters.refuse_seconds}. */
    static final double DEFAULT_REFUSE_SECONDS = 5;

    private final Registry registry;
    private final AgentManager agents;
    private final FrameworkManager frameworks;
    private final Offers offers;
    private final OfferManager offerBook;
    private final AllocatorHost allocation;
    private final Ids ids;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Executor actor;
    private final InverseOfferBook inverseOffers = new InverseOfferBook();
    private MachineModes modes;

    public Maintenance(MachineModes recovered, Registry registry, AgentManager agents, FrameworkManager frameworks,
            Offers offers, OfferManager offerBook, AllocatorHost allocation, Ids ids, Clock clock,
            LongSupplier nanoTime, Executor actor) {
        this.modes = recovered;
        this.registry = registry;
        this.agents = agents;
        this.frameworks = frameworks;
        this.offers = offers;
        this.offerBook = offerBook;
        this.allocation = allocation;
        this.ids = ids;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.actor = actor;
    }

    public MachineModes modes() {
        return modes;
    }

    /** Whether an agent announcing {@code hostname}, seen at {@code ip}, is on a DOWN machine. */
    public boolean isDown(String hostname, String ip) {
        return modes.mode(new Machine(hostname, ip)) == MachineInfo.Mode.DOWN;
    }

    /** The window of the agent's machine while it is DRAINING, for its offers. */
    public Optional<Unavailability> unavailabilityOf(AgentID agentId) {
        return agents.activeAgent(agentId).map(info -> new Machine(info.getHostname(), agents.ipOf(agentId)))
                .filter(m -> modes.mode(m) == MachineInfo.Mode.DRAINING).flatMap(modes::unavailability);
    }

    /**
     * UPDATE_MAINTENANCE_SCHEDULE: replaces the schedule. Machines new to it are DRAINING, machines left out are UP;
     * agents whose window changed have their offers rescinded (to come back with the new unavailability) and their
     * inverse offers rescinded and answers forgotten; inverse offers go out at once.
     *
     * @throws IllegalArgumentException for a schedule Mesos would refuse (see {@link MaintenanceChecks})
     */
    public CompletionStage<Void> updateSchedule(Schedule schedule) {
        MachineModes next = modes.withSchedule(schedule);
        requireKnownMachines(schedule);
        return registry.saveMaintenance(next.toRecord(), List.of()).thenRunAsync(() -> {
            MachineModes previous = modes;
            modes = next;
            for (AgentSnapshot a : agents.snapshot()) {
                Machine m = machineOf(a);
                if (!previous.unavailability(m).equals(next.unavailability(m))) {
                    rescindInverseOffers(inverseOffers.resetAgent(a.id()));
                    offers.rescindOn(a.info().getId());
                }
            }
            LOG.info("Maintenance schedule updated: {} windows, {} machines DRAINING, {} DOWN",
                    schedule.getWindowsCount(), next.scheduled().size() - next.down().size(), next.down().size());
            allocation.allocateSoon();
            sendInverseOffers();
        }, actor);
    }

    /**
     * START_MAINTENANCE: the machines (each DRAINING) go DOWN; their agents are removed in the same registry write,
     * then told to shut down, and their tasks are lost.
     *
     * @throws IllegalArgumentException for an empty or malformed list, or a machine that is not DRAINING
     */
    public CompletionStage<Void> start(List<MachineID> machineIds) {
        List<Machine> machines = MaintenanceChecks.machines(machineIds, "start_maintenance.machines");
        for (int i = 0; i < machines.size(); i++) {
            Machine m = machines.get(i);
            MachineInfo.Mode mode = modes.mode(m);
            if (mode != MachineInfo.Mode.DRAINING) {
                throw new IllegalArgumentException("'start_maintenance.machines[" + i + "]': machine " + m
                        + (mode == MachineInfo.Mode.UP ? " is not in the maintenance schedule"
                        : " is already DOWN") + "; only DRAINING machines can be brought down");
            }
        }
        Set<Machine> downed = new HashSet<>(machines);
        MachineModes next = modes.withDown(downed);
        List<AgentID> removed = agentsOn(downed);
        return registry.saveMaintenance(next.toRecord(), removed).thenRunAsync(() -> {
            modes = next;
            removed.forEach(id -> rescindInverseOffers(inverseOffers.resetAgent(id.getValue())));
            LOG.warn("Machines {} DOWN for maintenance; removing their agents {}", machines,
                    removed.stream().map(AgentID::getValue).toList());
            agents.removed(removed, "Operator initiated 'Machine DOWN' for maintenance");
            // an agent that registered on one of them while the write was in flight goes the same way
            for (AgentID late : agentsOn(downed)) {
                registry.remove(late).thenRunAsync(() -> agents.removed(List.of(late), "Operator initiated "
                        + "'Machine DOWN' for maintenance"), actor);
            }
        }, actor);
    }

    /**
     * STOP_MAINTENANCE: the machines (each DOWN) are UP and out of the schedule; their agents may register again.
     *
     * @throws IllegalArgumentException for an empty or malformed list, or a machine that is not DOWN
     */
    public CompletionStage<Void> stop(List<MachineID> machineIds) {
        List<Machine> machines = MaintenanceChecks.machines(machineIds, "stop_maintenance.machines");
        for (int i = 0; i < machines.size(); i++) {
            Machine m = machines.get(i);
            MachineInfo.Mode mode = modes.mode(m);
            if (mode != MachineInfo.Mode.DOWN) {
                throw new IllegalArgumentException("'stop_maintenance.machines[" + i + "]': machine " + m + " is "
                        + mode + ", not DOWN; only DOWN machines can be brought up");
            }
        }
        MachineModes next = modes.withUp(new HashSet<>(machines));
        return registry.saveMaintenance(next.toRecord(), List.of()).thenRunAsync(() -> {
            modes = next;
            LOG.info("Machines {} UP after maintenance; their agents may register again", machines);
        }, actor);
    }

    /** GET_MAINTENANCE_STATUS: DRAINING machines with the frameworks' answers on their agents, and DOWN machines. */
    public ClusterStatus status() {
        Map<Machine, List<InverseOfferStatus>> answers = new LinkedHashMap<>();
        for (AgentSnapshot a : agents.snapshot()) {
            answers.computeIfAbsent(machineOf(a), k -> new ArrayList<>()).addAll(inverseOffers.statuses(a.id()));
        }
        ClusterStatus.Builder b = ClusterStatus.newBuilder();
        for (Machine m : modes.scheduled()) {
            if (modes.mode(m) == MachineInfo.Mode.DRAINING) {
                b.addDrainingMachinesBuilder().setId(m.toProto()).addAllStatuses(answers.getOrDefault(m, List.of()));
            }
        }
        modes.down().forEach(m -> b.addDownMachines(m.toProto()));
        return b.build();
    }

    /**
     * Sends an inverse offer to every connected framework that holds resources (tasks or offers) on an agent of a
     * DRAINING machine, unless one is outstanding or the framework's last answer filters it. Run periodically.
     */
    public void sendInverseOffers() {
        long now = nanoTime.getAsLong();
        Map<FrameworkRecord, Event.InverseOffers.Builder> events = new LinkedHashMap<>();
        for (AgentSnapshot a : agents.snapshot()) {
            Machine m = machineOf(a);
            if (a.state() != AgentState.ACTIVE || modes.mode(m) != MachineInfo.Mode.DRAINING) {
                continue;
            }
            Unavailability window = modes.unavailability(m).orElseThrow();
            for (FrameworkRecord f : frameworks.all()) {
                if (!f.connected() || !holdsResourcesOn(f, a.info().getId())
                        || inverseOffers.hasOutstanding(a.id(), f.idValue())
                        || inverseOffers.filtered(a.id(), f.idValue(), now)) {
                    continue;
                }
                InverseOffer offer = InverseOffer.newBuilder().setId(ids.newOfferId()).setFrameworkId(f.id())
                        .setAgentId(a.info().getId()).setUnavailability(window)
                        .setUrl(URL.newBuilder().setScheme("http").setPath("/slave(1)").setAddress(Address.newBuilder()
                                .setHostname(a.info().getHostname()).setIp(agents.ipOf(a.info().getId()))
                                .setPort(a.info().getPort())))
                        .build();
                inverseOffers.sent(offer, status(f, InverseOfferStatus.Status.UNKNOWN));
                events.computeIfAbsent(f, k -> Event.InverseOffers.newBuilder()).addInverseOffers(offer);
                LOG.info("Inverse offer {} to framework {} for agent {} on DRAINING machine {}",
                        offer.getId().getValue(), f.idValue(), a.id(), m);
            }
        }
        events.forEach((f, e) -> frameworks.send(f, Event.newBuilder().setType(Event.Type.INVERSE_OFFERS)
                .setInverseOffers(e).build()));
    }

    /**
     * ACCEPT_INVERSE_OFFERS or DECLINE_INVERSE_OFFERS of framework {@code f}: each outstanding inverse offer of its
     * own is answered (the status shows in GET_MAINTENANCE_STATUS) and filtered for the filter's refuse_seconds;
     * unknown or foreign ids are ignored, as Mesos ignores answers to inverse offers no longer valid.
     */
    public void answer(FrameworkRecord f, List<OfferID> inverseOfferIds, boolean accept, Optional<Filters> filters) {
        double refuse = filters.filter(Filters::hasRefuseSeconds).map(Filters::getRefuseSeconds)
                .orElse(DEFAULT_REFUSE_SECONDS);
        long until = nanoTime.getAsLong() + (long) (Math.max(0, Math.min(refuse, 365 * 24 * 3600.0)) * 1e9);
        for (OfferID id : inverseOfferIds) {
            Optional<InverseOffer> offer = inverseOffers.remove(id.getValue());
            if (offer.isEmpty() || !offer.get().getFrameworkId().equals(f.id())) {
                offer.ifPresent(o -> inverseOffers.sent(o, status(f, InverseOfferStatus.Status.UNKNOWN)));
                LOG.warn("Framework {}: ignoring the answer to inverse offer {}: not outstanding for it",
                        f.idValue(), id.getValue());
                continue;
            }
            InverseOfferStatus.Status s = accept ? InverseOfferStatus.Status.ACCEPT
                    : InverseOfferStatus.Status.DECLINE;
            inverseOffers.answered(offer.get(), status(f, s), until);
            LOG.info("Framework {} answered {} to inverse offer {} for agent {}", f.idValue(), s, id.getValue(),
                    offer.get().getAgentId().getValue());
        }
    }

    /**
     * The framework's stream closed or was replaced: its outstanding inverse offers are dropped (no event), so that
     * its next stream is asked again; its answers stay.
     */
    public void frameworkDisconnected(FrameworkRecord f) {
        inverseOffers.dropFramework(f.idValue());
    }

    /** The framework is gone: its outstanding inverse offers and its answers go too. */
    public void frameworkRemoved(FrameworkRecord f) {
        inverseOffers.dropFramework(f.idValue());
        inverseOffers.forgetAnswers(f.idValue());
    }

    private InverseOfferStatus status(FrameworkRecord f, InverseOfferStatus.Status s) {
        Instant now = clock.instant();
        return InverseOfferStatus.newBuilder().setStatus(s).setFrameworkId(f.id()).setTimestamp(TimeInfo.newBuilder()
                .setNanoseconds(now.getEpochSecond() * 1_000_000_000L + now.getNano())).build();
    }

    private void rescindInverseOffers(List<InverseOffer> rescinded) {
        for (InverseOffer o : rescinded) {
            frameworks.get(o.getFrameworkId().getValue()).ifPresent(f -> frameworks.send(f, Event.newBuilder()
                    .setType(Event.Type.RESCIND_INVERSE_OFFER).setRescindInverseOffer(Event.RescindInverseOffer
                            .newBuilder().setInverseOfferId(o.getId())).build()));
        }
    }

    private boolean holdsResourcesOn(FrameworkRecord f, AgentID agentId) {
        if (!f.usedOn(agentId).isEmpty()) {
            return true;
        }
        for (String offerId : f.offers()) {
            if (offerBook.get(offerId).map(o -> o.agentId().equals(agentId)).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private List<AgentID> agentsOn(Set<Machine> machines) {
        List<AgentID> out = new ArrayList<>();
        for (AgentSnapshot a : agents.snapshot()) {
            if (machines.contains(machineOf(a))) {
                out.add(a.info().getId());
            }
        }
        return out;
    }

    /**
     * Every machine new to the schedule is the machine of an agent this master knows (hostname and IP as Mesos
     * matches them): a typo in a hostname or an IP would otherwise drain nothing and say nothing. Machines already
     * scheduled stay acceptable (a DOWN machine's agents are gone, and it must stay in the schedule).
     */
    private void requireKnownMachines(Schedule schedule) {
        Set<Machine> known = new HashSet<>(modes.scheduled());
        for (AgentSnapshot a : agents.snapshot()) {
            known.add(machineOf(a));
        }
        for (int w = 0; w < schedule.getWindowsCount(); w++) {
            for (int i = 0; i < schedule.getWindows(w).getMachineIdsCount(); i++) {
                Machine m = Machine.of(schedule.getWindows(w).getMachineIds(i));
                if (!known.contains(m)) {
                    throw new IllegalArgumentException("'schedule.windows[" + w + "].machine_ids[" + i + "]': machine "
                            + m + " is not the machine of any agent this master knows (its hostname and IP must "
                            + "both be an agent's, as the agent registered them)");
                }
            }
        }
    }

    private Machine machineOf(AgentSnapshot a) {
        return new Machine(a.info().getHostname(), agents.ipOf(a.info().getId()));
    }
}
