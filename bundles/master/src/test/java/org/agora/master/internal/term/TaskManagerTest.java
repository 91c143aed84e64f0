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

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.channel.Channel.StatusUpdates;
import org.agora.api.channel.ChannelFeatures;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.master.internal.term.TermFixture.FakeAgentChannel;
import org.agora.master.internal.term.TermFixture.FakeScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tasks after launch: updates, acknowledgements, reconciliation, and what partitions do to them. */
class TaskManagerTest {
    private final TermFixture fixture = new TermFixture(new org.agora.master.internal.registry.InMemoryRegistry(),
            Map.of("agent.heartbeat.interval.ms", 1000, "agent.unreachable.timeout.ms", 5000));

    @AfterEach
    void close() {
        fixture.close();
    }

    /**
     * Launches {@code id} on the scheduler's last offer and lets the agent report it running. The rest of the offer
     * is refused for an hour, so the allocator offers it to the next framework.
     */
    private void running(FakeScheduler scheduler, FakeAgentChannel agent, String id) {
        fixture.allocate();
        Offer offer = scheduler.lastOffer();
        scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId()).setFilters(Filters.newBuilder().setRefuseSeconds(3600))
                .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                        .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(TaskInfo.newBuilder()
                                .setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                                .setAgentId(offer.getAgentId())
                                .addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                                .setCommand(CommandInfo.newBuilder().setValue("sleep 100")))))));
        agent.statusUpdate(scheduler.id, TaskID.newBuilder().setValue(id).build(), TaskState.TASK_RUNNING,
                id + "-running");
    }

    /** Nothing is heard from any agent for longer than the unreachable timeout (5 s), and the master checks. */
    private void silenceLongerThanTheUnreachableTimeout() {
        fixture.nanos.addAndGet(6_000_000_000L);
        fixture.run(fixture.term::checkAgentHeartbeats);
        fixture.settle();
    }

    @Test
    void aTornDownFrameworkIsShutDownOnEveryAgentNotOnlyWhereItsTasksRun() {
        FakeAgentChannel withTask = fixture.agent("node1", "cpus:2;mem:1024");
        FakeAgentChannel without = fixture.agent("node2", "cpus:2;mem:1024");
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f"));
        running(scheduler, withTask, "t1");

        scheduler.call(Call.newBuilder().setType(Call.Type.TEARDOWN));
        fixture.settle();

        // an executor whose tasks all ended runs on an agent the master sees no task of the framework on
        for (FakeAgentChannel agent : new FakeAgentChannel[] {withTask, without}) {
            assertThat(agent.received(Envelope.MessageCase.SHUTDOWN_FRAMEWORK)).as(agent.id().getValue())
                    .singleElement().satisfies(e -> assertThat(e.getShutdownFramework().getFrameworkId())
                            .isEqualTo(scheduler.id));
        }
    }

    @Test
    void anUpdateReachesTheSchedulerAndItsAcknowledgementReachesTheAgent() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f"));
        running(scheduler, agent, "t1");

        TaskStatus running = scheduler.statuses("t1").get(0);
        assertThat(running.getState()).isEqualTo(TaskState.TASK_RUNNING);
        scheduler.call(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                .setAgentId(agent.id()).setTaskId(running.getTaskId()).setUuid(running.getUuid())));

        assertThat(agent.received(Envelope.MessageCase.STATUS_UPDATE_ACKNOWLEDGEMENT)).singleElement()
                .satisfies(a -> assertThat(a.getStatusUpdateAcknowledgement().getUuid())
                        .isEqualTo(running.getUuid()));
    }

    @Test
    void updatesThatCameWhileTheFrameworkWasDisconnectedFollowItsNextSubscribedOnce() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler first = fixture.scheduler(TermFixture.framework("f").setFailoverTimeout(3600));
        running(first, agent, "t1");
        running(first, agent, "t2");
        TaskID t1 = TaskID.newBuilder().setValue("t1").build();
        fixture.run(() -> fixture.term.schedulerCalls().streamClosed(first.id.getValue(), first.streamId));

        agent.statusUpdate(first.id, t1, TaskState.TASK_FINISHED, "t1-finished");
        agent.statusUpdate(first.id, t1, TaskState.TASK_FINISHED, "t1-finished"); // the agent's resend
        FakeScheduler again = fixture.scheduler(TermFixture.framework("f").setFailoverTimeout(3600).setId(first.id));

        assertThat(first.statuses("t1")).extracting(st -> st.getUuid().toStringUtf8()).containsExactly("t1-running");
        assertThat(again.events).extracting(e -> e.getType() == Event.Type.UPDATE
                ? e.getUpdate().getStatus().getUuid().toStringUtf8() : e.getType().name())
                .as("SUBSCRIBED first, then the update kept for the task, once").startsWith("SUBSCRIBED",
                        "t1-finished").containsOnlyOnce("t1-finished").doesNotContain("t2-running");
        again.call(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                .setAgentId(agent.id()).setTaskId(t1).setUuid(again.statuses("t1").get(0).getUuid())));
        assertThat(agent.received(Envelope.MessageCase.STATUS_UPDATE_ACKNOWLEDGEMENT))
                .extracting(a -> a.getStatusUpdateAcknowledgement().getUuid().toStringUtf8()).contains("t1-finished");

        fixture.run(() -> fixture.term.schedulerCalls().streamClosed(again.id.getValue(), again.streamId));
        FakeScheduler third = fixture.scheduler(TermFixture.framework("f").setFailoverTimeout(3600).setId(first.id));
        assertThat(third.statuses("t1")).as("a kept update is sent once; resends are the agent's").isEmpty();
    }

    @Test
    void anUpdateKeptForADisconnectedFrameworkIsDroppedWhenTheMasterDecidesTheTasksStateItself() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler first = fixture.scheduler(TermFixture.framework("f").setFailoverTimeout(3600));
        running(first, agent, "t1");
        fixture.run(() -> fixture.term.schedulerCalls().streamClosed(first.id.getValue(), first.streamId));
        agent.statusUpdate(first.id, TaskID.newBuilder().setValue("t1").build(), TaskState.TASK_RUNNING,
                "t1-running-again");

        silenceLongerThanTheUnreachableTimeout();
        FakeScheduler again = fixture.scheduler(TermFixture.framework("f").setFailoverTimeout(3600).setId(first.id));

        assertThat(again.statuses("t1")).as("not RUNNING, which the master no longer believes").isEmpty();
    }

    @Test
    void updatesInOneMessageReachTheSchedulerInOrderAndOneTurnsAcknowledgementsGoBackAsOne() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024", List.of(ChannelFeatures.STATUS_BATCHES));
        assertThat(agent.received(Envelope.MessageCase.AGENT_REGISTERED).get(0).getAgentRegistered()
                .getChannelFeaturesList()).as("the master says it takes batches").contains(
                        ChannelFeatures.STATUS_BATCHES);
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f"));
        running(scheduler, agent, "t1");
        TaskID t1 = TaskID.newBuilder().setValue("t1").build();
        StatusUpdates.Builder batch = StatusUpdates.newBuilder();
        for (String uuid : List.of("b-1", "b-2", "b-3")) {
            batch.addUpdates(StatusUpdate.newBuilder().setFrameworkId(scheduler.id).setStatus(TaskStatus.newBuilder()
                    .setTaskId(t1).setAgentId(agent.id()).setState(uuid.equals("b-3") ? TaskState.TASK_FINISHED
                            : TaskState.TASK_RUNNING).setUuid(ByteString.copyFromUtf8(uuid))));
        }

        agent.send(Envelope.newBuilder().setStatusUpdates(batch).build());

        List<TaskStatus> heard = scheduler.statuses("t1");
        assertThat(heard).extracting(st -> st.getUuid().toStringUtf8())
                .containsExactly("t1-running", "b-1", "b-2", "b-3");
        // the scheduler acknowledges all four in one turn of the master's actor: they reach the agent as one message
        fixture.run(() -> heard.forEach(st -> fixture.term.schedulerCalls().call(Call.newBuilder()
                .setType(Call.Type.ACKNOWLEDGE).setFrameworkId(scheduler.id).setAcknowledge(Call.Acknowledge
                        .newBuilder().setAgentId(agent.id()).setTaskId(t1).setUuid(st.getUuid())).build(),
                scheduler.streamId, scheduler.caller)));
        fixture.settle();
        assertThat(agent.received(Envelope.MessageCase.STATUS_UPDATE_ACKNOWLEDGEMENT)).isEmpty();
        assertThat(agent.received(Envelope.MessageCase.STATUS_UPDATE_ACKNOWLEDGEMENTS)).singleElement()
                .satisfies(e -> assertThat(e.getStatusUpdateAcknowledgements().getAcknowledgementsList())
                        .extracting(a -> a.getUuid().toStringUtf8())
                        .containsExactly("t1-running", "b-1", "b-2", "b-3"));
    }

    @Test
    void aFinishedTaskGivesItsResourcesBackOnce() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:1;mem:1024");
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f"));
        running(scheduler, agent, "t1");
        TaskID t1 = TaskID.newBuilder().setValue("t1").build();

        FakeScheduler other = fixture.scheduler(TermFixture.framework("other"));
        fixture.allocate();
        assertThat(Resources.of(other.lastOffer().getResourcesList()).scalar("cpus")).isEqualTo(0.9);

        agent.statusUpdate(scheduler.id, t1, TaskState.TASK_FINISHED, "t1-finished");
        agent.statusUpdate(scheduler.id, t1, TaskState.TASK_FINISHED, "t1-finished"); // a retry of the same update
        fixture.allocate();

        double offered = other.offers().stream().mapToDouble(o -> Resources.of(o.getResourcesList())
                .scalar("cpus")).sum();
        assertThat(offered).as("0.9 and then the finished task's 0.1, not twice").isEqualTo(1.0);
    }

    @Test
    void anUnreachableAgentsTasksAreUnreachableToPartitionAwareFrameworksAndLostToOthers() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler aware = fixture.scheduler(TermFixture.partitionAware(TermFixture.framework("aware")));
        running(aware, agent, "a1");
        FakeScheduler plain = fixture.scheduler(TermFixture.framework("plain"));
        running(plain, agent, "p1");

        silenceLongerThanTheUnreachableTimeout();

        assertThat(aware.statuses("a1")).last().satisfies(s -> {
            assertThat(s.getState()).isEqualTo(TaskState.TASK_UNREACHABLE);
            assertThat(s.getReason()).isEqualTo(TaskStatus.Reason.REASON_AGENT_REMOVED);
        });
        assertThat(plain.statuses("p1")).last().satisfies(s -> assertThat(s.getState())
                .isEqualTo(TaskState.TASK_LOST));
        assertThat(fixture.registry.recover().toCompletableFuture().join().unreachable())
                .containsKey(agent.id().getValue());
    }

    @Test
    void whenAnUnreachableAgentReturnsAwareFrameworksHearTheTruthAndOthersTasksAreShutDown() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler aware = fixture.scheduler(TermFixture.partitionAware(TermFixture.framework("aware")));
        running(aware, agent, "a1");
        FakeScheduler plain = fixture.scheduler(TermFixture.framework("plain"));
        running(plain, agent, "p1");
        silenceLongerThanTheUnreachableTimeout();

        ReregisterAgent.Builder report = ReregisterAgent.newBuilder();
        for (FakeScheduler s : new FakeScheduler[] {aware, plain}) {
            String id = s == aware ? "a1" : "p1";
            report.addTasks(Task.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                    .setFrameworkId(s.id).setAgentId(agent.id()).setState(TaskState.TASK_RUNNING)
                    .addAllResources(Resources.parse("cpus:0.1;mem:32").toList()));
            report.addFrameworks(TermFixture.framework("x").setId(s.id));
        }
        FakeAgentChannel back = fixture.reregister(agent, report);

        assertThat(back.received).first().as("the agent must know it is registered before it is told anything")
                .satisfies(e -> assertThat(e.hasAgentReregistered()).isTrue());
        assertThat(aware.statuses("a1")).last().satisfies(s -> {
            assertThat(s.getState()).isEqualTo(TaskState.TASK_RUNNING);
            assertThat(s.getReason()).isEqualTo(TaskStatus.Reason.REASON_AGENT_REREGISTERED);
        });
        assertThat(back.received(Envelope.MessageCase.SHUTDOWN_FRAMEWORK)).singleElement()
                .satisfies(e -> assertThat(e.getShutdownFramework().getFrameworkId()).isEqualTo(plain.id));
        assertThat(fixture.registry.recover().toCompletableFuture().join().unreachable()).isEmpty();
    }

    @Test
    void reconcilingATaskOnAnUnreachableAgentAnswersUnreachableAndAnUnknownTaskUnknown() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler aware = fixture.scheduler(TermFixture.partitionAware(TermFixture.framework("aware")));
        silenceLongerThanTheUnreachableTimeout();

        aware.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
                .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("gone"))
                        .setAgentId(agent.id()))
                .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("never")))));

        assertThat(aware.statuses("gone")).singleElement().satisfies(s -> assertThat(s.getState())
                .isEqualTo(TaskState.TASK_UNREACHABLE));
        assertThat(aware.statuses("never")).singleElement().satisfies(s -> assertThat(s.getState())
                .isEqualTo(TaskState.TASK_UNKNOWN));
    }

    @Test
    void afterAnElectionATaskOnAnAgentThatHasNotReregisteredIsNotAnsweredForUntilItHas() {
        org.agora.master.internal.registry.InMemoryRegistry previous =
                new org.agora.master.internal.registry.InMemoryRegistry();
        previous.recover().toCompletableFuture().join();
        org.agora.api.v1.Protos.AgentInfo known = org.agora.api.v1.Protos.AgentInfo.newBuilder().setHostname("node9")
                .setPort(5051).setId(org.agora.api.v1.Protos.AgentID.newBuilder().setValue("old-S1"))
                .addAllResources(Resources.parse("cpus:2;mem:1024").toList()).build();
        previous.admit(known).toCompletableFuture().join();
        try (TermFixture elected = new TermFixture(previous.nextTerm(), Map.of())) {
            FakeScheduler scheduler = elected.scheduler(TermFixture.framework("f"));
            Call.Builder reconcile = Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile
                    .newBuilder().addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder()
                            .setValue("t")).setAgentId(known.getId())));

            scheduler.call(reconcile);
            assertThat(scheduler.statuses("t")).as("the agent may still report it").isEmpty();

            FakeAgentChannel agent = elected.new FakeAgentChannel();
            agent.info = known;
            elected.reregister(agent, ReregisterAgent.newBuilder().addTasks(Task.newBuilder().setName("t")
                    .setTaskId(TaskID.newBuilder().setValue("t")).setFrameworkId(scheduler.id)
                    .setAgentId(known.getId()).setState(TaskState.TASK_RUNNING)
                    .addAllResources(Resources.parse("cpus:0.1;mem:32").toList()))
                    .addFrameworks(TermFixture.framework("f").setId(scheduler.id)));
            scheduler.call(reconcile);

            assertThat(scheduler.statuses("t")).singleElement().satisfies(s -> assertThat(s.getState())
                    .isEqualTo(TaskState.TASK_RUNNING));
        }
    }

    @Test
    void aFrameworkThatFailsOverToANewStreamHasItsOutstandingOffersRescinded() {
        fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler first = fixture.scheduler(TermFixture.framework("f"));
        fixture.allocate();
        Offer outstanding = first.lastOffer();

        FakeScheduler second = fixture.scheduler(TermFixture.framework("f").setId(first.id));
        fixture.allocate();

        assertThat(first.events(org.agora.api.v1.scheduler.Protos.Event.Type.RESCIND)).singleElement()
                .satisfies(e -> assertThat(e.getRescind().getOfferId()).isEqualTo(outstanding.getId()));
        assertThat(first.open).isFalse();
        assertThat(second.offers()).as("the new connection is offered the resources afresh").isNotEmpty();
        assertThat(second.lastOffer().getId()).isNotEqualTo(outstanding.getId());
    }
}
