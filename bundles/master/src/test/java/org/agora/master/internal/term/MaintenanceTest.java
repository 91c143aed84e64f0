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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.RegisterAgent;
import org.agora.api.channel.Channel.RegistrationRefused;
import org.agora.api.resources.Resources;
import org.agora.api.security.Action;
import org.agora.api.security.Authorizer;
import org.agora.api.security.Principal;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.DurationInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.InverseOffer;
import org.agora.api.v1.Protos.MachineID;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.Protos.TimeInfo;
import org.agora.api.v1.Protos.Unavailability;
import org.agora.api.v1.allocator.Protos.InverseOfferStatus;
import org.agora.api.v1.maintenance.Protos.ClusterStatus;
import org.agora.api.v1.maintenance.Protos.Schedule;
import org.agora.api.v1.maintenance.Protos.Window;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.master.internal.registry.InMemoryRegistry;
import org.agora.master.internal.security.Caller;
import org.agora.master.internal.security.NotAuthorizedException;
import org.agora.master.internal.security.Permissions;
import org.agora.master.internal.security.RankedServices;
import org.agora.master.internal.term.TermFixture.FakeAgentChannel;
import org.agora.master.internal.term.TermFixture.FakeScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Maintenance on one term: the schedule, inverse offers and their answers, machines going DOWN and UP again. */
class MaintenanceTest {
    /** The fixture's agents connect from 127.0.0.1: their machine is (hostname, 127.0.0.1). */
    private static final MachineID NODE1 = machine("node1", "127.0.0.1");
    private static final MachineID NODE2 = machine("node2", "127.0.0.1");
    private static final Unavailability IN_AN_HOUR = Unavailability.newBuilder()
            .setStart(time(TermFixture.CLOCK.instant().plusSeconds(3600)))
            .setDuration(DurationInfo.newBuilder().setNanoseconds(7_200_000_000_000L)).build();

    private final InMemoryRegistry registry = new InMemoryRegistry();
    private TermFixture fixture = new TermFixture(registry, Map.of());

    @AfterEach
    void close() {
        fixture.close();
    }

    private static MachineID machine(String hostname, String ip) {
        return MachineID.newBuilder().setHostname(hostname).setIp(ip).build();
    }

    private static TimeInfo time(Instant t) {
        return TimeInfo.newBuilder().setNanoseconds(t.getEpochSecond() * 1_000_000_000L + t.getNano()).build();
    }

    private static Schedule window(Unavailability u, MachineID... machines) {
        return Schedule.newBuilder().addWindows(Window.newBuilder().addAllMachineIds(List.of(machines))
                .setUnavailability(u)).build();
    }

    /** Runs an operator call on the actor and waits for its stage (which completes on the actor) from here. */
    private void await(Supplier<CompletionStage<Void>> call) {
        CompletionStage<Void> stage = fixture.on(call);
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        fixture.settle();
    }

    private void schedule(Schedule s) {
        await(() -> fixture.term.operatorCalls().updateMaintenanceSchedule(s, Caller.ANONYMOUS));
    }

    private void start(MachineID... machines) {
        await(() -> fixture.term.operatorCalls().startMaintenance(List.of(machines), Caller.ANONYMOUS));
    }

    private void stop(MachineID... machines) {
        await(() -> fixture.term.operatorCalls().stopMaintenance(List.of(machines), Caller.ANONYMOUS));
    }

    private ClusterStatus status() {
        return fixture.on(() -> fixture.term.maintenance().status());
    }

    private static void launch(FakeScheduler scheduler, Offer offer, String id) {
        scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId()).addOperations(Offer.Operation.newBuilder()
                        .setType(Offer.Operation.Type.LAUNCH).setLaunch(Offer.Operation.Launch.newBuilder()
                                .addTaskInfos(TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder()
                                        .setValue(id)).setAgentId(offer.getAgentId())
                                        .addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                                        .setCommand(CommandInfo.newBuilder().setValue("sleep 1000")))))));
    }

    private FakeScheduler schedulerRunning(FakeAgentChannel agent, String task) {
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f"));
        fixture.allocate();
        launch(scheduler, scheduler.lastOffer(), task);
        agent.statusUpdate(scheduler.id, TaskID.newBuilder().setValue(task).build(), TaskState.TASK_RUNNING, "u1");
        return scheduler;
    }

    private static List<InverseOffer> inverseOffers(FakeScheduler s) {
        return s.events(Event.Type.INVERSE_OFFERS).stream()
                .flatMap(e -> e.getInverseOffers().getInverseOffersList().stream()).toList();
    }

    /** A fresh agent channel of {@code hostname} registering; returns what the master answered. */
    private FakeAgentChannel register(String hostname) {
        FakeAgentChannel a = fixture.new FakeAgentChannel();
        a.send(Envelope.newBuilder().setRegisterAgent(RegisterAgent.newBuilder().setAgentInfo(AgentInfo.newBuilder()
                .setHostname(hostname).setPort(5051).addAllResources(Resources.parse("cpus:1;mem:256").toList())))
                .build());
        return a;
    }

    @Test
    void aFrameworkWithATaskOnADrainingMachineGetsAnInverseOfferAndItsAnswersShowInTheStatus() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = schedulerRunning(agent, "t1");

        schedule(window(IN_AN_HOUR, machine("NODE1", "127.0.0.1")));

        List<InverseOffer> sent = inverseOffers(scheduler);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getAgentId()).isEqualTo(agent.id());
        assertThat(sent.get(0).getFrameworkId()).isEqualTo(scheduler.id);
        assertThat(sent.get(0).getUnavailability()).isEqualTo(IN_AN_HOUR);
        assertThat(status().getDrainingMachinesList()).singleElement().satisfies(m -> {
            assertThat(m.getId()).isEqualTo(NODE1);
            assertThat(m.getStatusesList()).extracting(InverseOfferStatus::getStatus)
                    .containsExactly(InverseOfferStatus.Status.UNKNOWN);
        });

        scheduler.call(Call.newBuilder().setType(Call.Type.DECLINE_INVERSE_OFFERS).setDeclineInverseOffers(
                Call.DeclineInverseOffers.newBuilder().addInverseOfferIds(sent.get(0).getId())
                        .setFilters(Filters.newBuilder().setRefuseSeconds(0))));
        assertThat(status().getDrainingMachines(0).getStatusesList()).singleElement().satisfies(s -> {
            assertThat(s.getStatus()).isEqualTo(InverseOfferStatus.Status.DECLINE);
            assertThat(s.getFrameworkId()).isEqualTo(scheduler.id);
            assertThat(s.getTimestamp()).isEqualTo(time(TermFixture.CLOCK.instant()));
        });

        // answered with no filter left: the next cycle asks again, and this time the framework agrees
        fixture.allocate();
        List<InverseOffer> again = inverseOffers(scheduler);
        assertThat(again).hasSize(2);
        scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT_INVERSE_OFFERS).setAcceptInverseOffers(
                Call.AcceptInverseOffers.newBuilder().addInverseOfferIds(again.get(1).getId())));
        assertThat(status().getDrainingMachines(0).getStatusesList()).extracting(InverseOfferStatus::getStatus)
                .containsExactly(InverseOfferStatus.Status.ACCEPT);

        // the default filter (5 s) holds: no third inverse offer in the next cycle
        fixture.allocate();
        assertThat(inverseOffers(scheduler)).hasSize(2);
    }

    @Test
    void aFrameworkThatLeavesTakesItsAnswersWithIt() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = schedulerRunning(agent, "t1");
        schedule(window(IN_AN_HOUR, NODE1));
        scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT_INVERSE_OFFERS).setAcceptInverseOffers(
                Call.AcceptInverseOffers.newBuilder().addInverseOfferIds(inverseOffers(scheduler).get(0).getId())));
        assertThat(status().getDrainingMachines(0).getStatusesCount()).isEqualTo(1);

        scheduler.call(Call.newBuilder().setType(Call.Type.TEARDOWN));

        assertThat(status().getDrainingMachines(0).getStatusesList()).isEmpty();
    }

    @Test
    void aFrameworkThatReconnectsIsAskedAgainOnItsNewStream() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler first = fixture.scheduler(TermFixture.framework("f").setFailoverTimeout(3600));
        fixture.allocate();
        launch(first, first.lastOffer(), "t1");
        schedule(window(IN_AN_HOUR, NODE1));
        assertThat(inverseOffers(first)).hasSize(1);

        fixture.run(() -> fixture.term.schedulerCalls().streamClosed(first.id.getValue(), first.streamId));
        FakeScheduler again = fixture.scheduler(TermFixture.framework("f").setFailoverTimeout(3600)
                .setId(first.id));
        fixture.allocate();

        assertThat(inverseOffers(again)).singleElement().satisfies(o -> {
            assertThat(o.getAgentId()).isEqualTo(agent.id());
            assertThat(o.getId()).isNotEqualTo(inverseOffers(first).get(0).getId());
        });
    }

    @Test
    void offersFromADrainingMachineCarryItsUnavailabilityAndOthersDoNot() {
        fixture.agent("node1", "cpus:2;mem:1024");
        schedule(window(IN_AN_HOUR, NODE1));
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f"));
        fixture.allocate();

        assertThat(scheduler.lastOffer().getUnavailability()).isEqualTo(IN_AN_HOUR);
        // holding an offer there is holding resources there: it is asked to give them back too
        assertThat(inverseOffers(scheduler)).extracting(InverseOffer::getUnavailability).containsExactly(IN_AN_HOUR);

        schedule(Schedule.getDefaultInstance());
        assertThat(scheduler.events(Event.Type.RESCIND)).isNotEmpty();
        assertThat(scheduler.events(Event.Type.RESCIND_INVERSE_OFFER)).hasSize(1);
        assertThat(status().getDrainingMachinesCount()).isZero();
    }

    @Test
    void aMachineNoAgentIsKnownOnIsRefusedNamingTheFieldAndNobodyIsAsked() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = schedulerRunning(agent, "t1");

        // node2 has no agent, and node1's agent connects from 127.0.0.1, not 10.0.0.1: a typo drains nothing
        assertThatThrownBy(() -> schedule(window(IN_AN_HOUR, NODE1, NODE2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'schedule.windows[0]"
                        + ".machine_ids[1]': machine node2/127.0.0.1 is not the machine of any agent this master "
                        + "knows");
        assertThatThrownBy(() -> schedule(window(IN_AN_HOUR, machine("node1", "10.0.0.1"))))
                .hasMessageContaining("machine node1/10.0.0.1 is not the machine of any agent");

        assertThat(inverseOffers(scheduler)).isEmpty();
        assertThat(status().getDrainingMachinesList()).isEmpty();
    }

    @Test
    void startingMaintenanceShutsTheAgentDownLosesItsTasksAndKeepsItOutUntilStopped() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = schedulerRunning(agent, "t1");
        schedule(window(IN_AN_HOUR, NODE1));

        start(NODE1);

        assertThat(agent.received(Envelope.MessageCase.SHUTDOWN_AGENT)).singleElement()
                .satisfies(e -> assertThat(e.getShutdownAgent().getMessage()).contains("Machine DOWN"));
        TaskStatus last = scheduler.statuses("t1").get(scheduler.statuses("t1").size() - 1);
        assertThat(last.getState()).isEqualTo(TaskState.TASK_LOST);
        assertThat(last.getReason()).isEqualTo(TaskStatus.Reason.REASON_AGENT_REMOVED);
        assertThat(fixture.on(() -> fixture.term.agents().snapshot())).isEmpty();
        assertThat(status().getDownMachinesList()).containsExactly(NODE1);
        assertThat(status().getDrainingMachinesList()).isEmpty();

        FakeAgentChannel refused = register("node1");
        assertThat(refused.received(Envelope.MessageCase.REGISTRATION_REFUSED)).singleElement().satisfies(e -> {
            assertThat(e.getRegistrationRefused().getReason()).isEqualTo(RegistrationRefused.Reason.MACHINE_DOWN);
            assertThat(e.getRegistrationRefused().getMessage()).contains("node1/127.0.0.1");
        });
        assertThat(register("node2").received(Envelope.MessageCase.AGENT_REGISTERED)).hasSize(1);

        stop(NODE1);

        assertThat(status().getDownMachinesList()).isEmpty();
        assertThat(fixture.on(() -> fixture.term.maintenance().modes().schedule())).isEqualTo(
                Schedule.getDefaultInstance());
        assertThat(register("node1").received(Envelope.MessageCase.AGENT_REGISTERED)).hasSize(1);
    }

    @Test
    void theScheduleAndDownMachinesSurviveANewTermAndTheDownedAgentIsNoLongerAdmitted() {
        fixture.agent("node1", "cpus:2;mem:1024");
        fixture.agent("node2", "cpus:2;mem:1024");
        schedule(window(IN_AN_HOUR, NODE1, NODE2));
        start(NODE1);
        fixture.close();

        fixture = new TermFixture(registry.nextTerm(), Map.of());

        // node1's agent was removed with its machine going DOWN; node2's (DRAINING) is recovered as usual
        assertThat(fixture.on(() -> fixture.term.agents().recoveredAgents())).extracting(AgentInfo::getHostname)
                .containsExactly("node2");
        assertThat(fixture.on(() -> fixture.term.maintenance().modes().schedule()))
                .isEqualTo(window(IN_AN_HOUR, NODE1, NODE2));
        assertThat(status().getDownMachinesList()).containsExactly(NODE1);
        assertThat(status().getDrainingMachinesList()).extracting(ClusterStatus.DrainingMachine::getId)
                .containsExactly(NODE2);
        assertThat(register("node1").received(Envelope.MessageCase.REGISTRATION_REFUSED)).hasSize(1);
    }

    @Test
    void badSchedulesAndMachineListsAreRefusedNamingTheFieldAndChangeNothing() {
        fixture.agent("node1", "cpus:2;mem:1024");
        Unavailability backwards = IN_AN_HOUR.toBuilder().setDuration(DurationInfo.newBuilder()
                .setNanoseconds(-1)).build();
        assertThatThrownBy(() -> schedule(window(backwards, NODE1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'schedule.windows[0].unavailability.duration' is negative");
        assertThatThrownBy(() -> schedule(window(IN_AN_HOUR, NODE1, machine("Node1", "127.0.0.1"))))
                .hasMessageContaining("'schedule.windows[0].machine_ids[1]': machine node1/127.0.0.1 appears more "
                        + "than once");
        assertThatThrownBy(() -> schedule(window(IN_AN_HOUR, MachineID.getDefaultInstance())))
                .hasMessageContaining("'schedule.windows[0].machine_ids[0]' has neither a hostname nor an ip");
        assertThatThrownBy(() -> schedule(window(IN_AN_HOUR, machine("node1", "10.0.0.300"))))
                .hasMessageContaining("'schedule.windows[0].machine_ids[0].ip' is not an IP address");
        assertThatThrownBy(() -> schedule(window(IN_AN_HOUR)))
                .hasMessageContaining("'schedule.windows[0].machine_ids' is empty");
        assertThatThrownBy(() -> start(NODE1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'start_maintenance.machines[0]': machine node1/127.0.0.1 is not in the "
                        + "maintenance schedule");
        assertThatThrownBy(this::start).hasMessageContaining("'start_maintenance.machines' is empty");

        schedule(window(IN_AN_HOUR, NODE1));
        assertThatThrownBy(() -> stop(NODE1)).hasMessageContaining("'stop_maintenance.machines[0]': machine "
                + "node1/127.0.0.1 is DRAINING, not DOWN");
        start(NODE1);
        assertThatThrownBy(() -> start(NODE1)).hasMessageContaining("is already DOWN");
        assertThatThrownBy(() -> schedule(window(IN_AN_HOUR, NODE2))).hasMessageContaining("machine "
                + "node1/127.0.0.1 is DOWN and must stay in the schedule");

        assertThat(fixture.on(() -> fixture.term.maintenance().modes().schedule()))
                .isEqualTo(window(IN_AN_HOUR, NODE1));
    }

    @Test
    void anOperatorWithoutTheMaintenanceAclsMayNotChangeTheSchedule() {
        fixture.close();
        RankedServices<Authorizer> authorizers = new RankedServices<>(Authorizer::name, "");
        authorizers.add(new Authorizer() {
            @Override
            public String name() {
                return "no-maintenance";
            }

            @Override
            public boolean authorized(Optional<Principal> subject, Action action, Optional<String> object) {
                return action != Action.UPDATE_MAINTENANCE_SCHEDULE && action != Action.START_MAINTENANCE;
            }
        }, Map.of());
        fixture = new TermFixture(new InMemoryRegistry(), Map.of(), new Permissions(authorizers, false));

        assertThatThrownBy(() -> schedule(window(IN_AN_HOUR, NODE1))).isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("update the maintenance schedule");
        assertThat(status().getDrainingMachinesList()).isEmpty();
    }

    @Test
    void aScheduleTheRegistryRefusesChangesNothing() {
        fixture.close();
        ControlledRegistry controlled = new ControlledRegistry();
        fixture = new TermFixture(controlled, Map.of());
        fixture.agent("node1", "cpus:2;mem:1024");
        controlled.failing = true;

        assertThatThrownBy(() -> schedule(window(IN_AN_HOUR, NODE1))).hasMessageContaining("ZooKeeper refused");
        assertThat(status().getDrainingMachinesList()).isEmpty();

        controlled.failing = false;
        controlled.holding = true;
        CompletionStage<Void> held = fixture.on(() -> fixture.term.operatorCalls().updateMaintenanceSchedule(
                window(IN_AN_HOUR, NODE1), Caller.ANONYMOUS));
        fixture.settle();
        assertThat(held.toCompletableFuture()).isNotDone();
        assertThat(status().getDrainingMachinesList()).isEmpty();
        controlled.releaseAll();
        held.toCompletableFuture().join();
        fixture.settle();
        assertThat(status().getDrainingMachinesList()).extracting(ClusterStatus.DrainingMachine::getId)
                .containsExactly(NODE1);
    }
}
