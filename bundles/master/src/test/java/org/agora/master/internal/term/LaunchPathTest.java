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

import java.util.List;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.HealthCheck;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.master.internal.term.TermFixture.FakeAgentChannel;
import org.agora.master.internal.term.TermFixture.FakeScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The launch path, {@code Launcher.accept} as a scheduler reaches it: offers in, tasks to agents, the rest back. */
class LaunchPathTest {
    private final TermFixture fixture = new TermFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static TaskInfo task(String id, Offer offer, String resources) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(offer.getAgentId()).addAllResources(Resources.parse(resources).toList())
                .setCommand(CommandInfo.newBuilder().setValue("true")).build();
    }

    private static Call.Builder launch(Offer offer, TaskInfo... tasks) {
        return Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId()).addOperations(Offer.Operation.newBuilder()
                        .setType(Offer.Operation.Type.LAUNCH)
                        .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(List.of(tasks))))
                .setFilters(org.agora.api.v1.Protos.Filters.newBuilder().setRefuseSeconds(0)));
    }

    @Test
    void anAcceptedTaskGoesToItsAgentAndTheRestIsOfferedAgain() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f"));
        fixture.allocate();
        Offer offer = scheduler.lastOffer();
        assertThat(Resources.of(offer.getResourcesList()).scalar("cpus")).isEqualTo(2.0);

        scheduler.call(launch(offer, task("t1", offer, "cpus:0.5;mem:128")));
        fixture.allocate();

        List<Envelope> runs = agent.received(Envelope.MessageCase.RUN_TASK);
        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.getRunTask().getTask().getTaskId().getValue()).isEqualTo("t1");
            assertThat(r.getRunTask().getFramework().getId()).isEqualTo(scheduler.id);
        });
        assertThat(scheduler.statuses("t1")).as("no status until the agent reports one").isEmpty();
        Offer rest = scheduler.lastOffer();
        assertThat(rest.getId()).isNotEqualTo(offer.getId());
        assertThat(Resources.of(rest.getResourcesList()).scalar("cpus")).isEqualTo(1.5);
        assertThat(Resources.of(rest.getResourcesList()).scalar("mem")).isEqualTo(896.0);
    }

    @Test
    void theTasksOfOneAcceptReachAnAgentThatTakesRunTasksAsOneMessageInOrder() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024", List.of("run_tasks"));
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f"));
        fixture.allocate();
        Offer offer = scheduler.lastOffer();

        scheduler.call(launch(offer, task("t1", offer, "cpus:0.5;mem:128"), task("t2", offer, "cpus:0.5;mem:128"),
                task("bad", offer, "cpus:5"), task("t3", offer, "cpus:0.5;mem:128")));

        assertThat(agent.received(Envelope.MessageCase.RUN_TASK)).isEmpty();
        assertThat(agent.received(Envelope.MessageCase.RUN_TASKS)).singleElement().satisfies(r -> {
            assertThat(r.getRunTasks().getFramework().getId()).isEqualTo(scheduler.id);
            assertThat(r.getRunTasks().getTasksList()).extracting(t -> t.getTaskId().getValue())
                    .containsExactly("t1", "t2", "t3");
        });
        assertThat(scheduler.statuses("bad")).singleElement()
                .satisfies(s -> assertThat(s.getState()).isEqualTo(TaskState.TASK_ERROR));
    }

    @Test
    void anAgentThatDoesNotTakeRunTasksGetsOneRunTaskPerTask() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f"));
        fixture.allocate();
        Offer offer = scheduler.lastOffer();

        scheduler.call(launch(offer, task("t1", offer, "cpus:0.5;mem:128"), task("t2", offer, "cpus:0.5;mem:128")));

        assertThat(agent.received(Envelope.MessageCase.RUN_TASKS)).isEmpty();
        assertThat(agent.received(Envelope.MessageCase.RUN_TASK)).extracting(r -> r.getRunTask().getTask()
                .getTaskId().getValue()).containsExactly("t1", "t2");
    }

    @Test
    void anOfferThatIsNoLongerValidDropsItsTasks() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = fixture.scheduler(TermFixture.partitionAware(TermFixture.framework("f")));
        fixture.allocate();
        Offer offer = scheduler.lastOffer();
        Offer stale = offer.toBuilder().setId(OfferID.newBuilder().setValue("m1-O999")).build();

        scheduler.call(launch(stale, task("t1", stale, "cpus:0.5;mem:128")));

        assertThat(scheduler.statuses("t1")).singleElement().satisfies(s -> {
            assertThat(s.getState()).isEqualTo(TaskState.TASK_DROPPED);
            assertThat(s.getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
            assertThat(s.getMessage()).isEqualTo("Offer m1-O999 is no longer valid");
        });
        assertThat(agent.received(Envelope.MessageCase.RUN_TASK)).isEmpty();
    }

    @Test
    void aTaskAskingForMoreThanTheOfferIsAnErrorAndTheOfferReturnsWhole() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f"));
        fixture.allocate();
        Offer offer = scheduler.lastOffer();

        scheduler.call(launch(offer, task("big", offer, "cpus:4;mem:128")));
        fixture.allocate();

        assertThat(scheduler.statuses("big")).singleElement().satisfies(s -> {
            assertThat(s.getState()).isEqualTo(TaskState.TASK_ERROR);
            assertThat(s.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
        });
        assertThat(agent.received(Envelope.MessageCase.RUN_TASK)).isEmpty();
        assertThat(Resources.of(scheduler.lastOffer().getResourcesList()).scalar("cpus")).isEqualTo(2.0);
    }

    @Test
    void aTaskWithAHealthCheckMissingItsTypesFieldsIsAnErrorNamingTheField() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f"));
        fixture.allocate();
        Offer offer = scheduler.lastOffer();
        TaskInfo noCommand = task("nocmd", offer, "cpus:0.5;mem:64").toBuilder().setHealthCheck(
                HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND)).build();
        TaskInfo noHttp = task("nohttp", offer, "cpus:0.5;mem:64").toBuilder().setHealthCheck(
                HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP)).build();
        TaskInfo fine = task("fine", offer, "cpus:0.5;mem:64").toBuilder().setHealthCheck(
                HealthCheck.newBuilder().setType(HealthCheck.Type.TCP)
                        .setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(8080))).build();

        scheduler.call(launch(offer, noCommand, noHttp, fine));

        assertThat(scheduler.statuses("nocmd")).singleElement().satisfies(s -> {
            assertThat(s.getState()).isEqualTo(TaskState.TASK_ERROR);
            assertThat(s.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
            assertThat(s.getMessage()).isEqualTo(
                    "Task uses invalid health check: Expecting 'command' to be set for COMMAND health check");
        });
        assertThat(scheduler.statuses("nohttp")).singleElement().satisfies(s -> assertThat(s.getMessage())
                .isEqualTo("Task uses invalid health check: Expecting 'http' to be set for HTTP health check"));
        assertThat(agent.received(Envelope.MessageCase.RUN_TASK)).singleElement().satisfies(r ->
                assertThat(r.getRunTask().getTask().getHealthCheck().getTcp().getPort()).isEqualTo(8080));
    }

    @Test
    void aReserveThenLaunchInOneAcceptIsPersistedBeforeTheTaskIsSent() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f").clearRoles().addRoles("web"));
        fixture.allocate();
        Offer offer = scheduler.lastOffer();
        List<Resource> reserved = Resources.parse("cpus(web):1").toList().stream().map(r -> r.toBuilder()
                .clearReservations().addReservations(Resource.ReservationInfo.newBuilder()
                        .setType(Resource.ReservationInfo.Type.DYNAMIC).setRole("web")).build()).toList();
        TaskInfo onReserved = TaskInfo.newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t"))
                .setAgentId(offer.getAgentId()).addAllResources(reserved)
                .setCommand(CommandInfo.newBuilder().setValue("true")).build();

        scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId())
                .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.RESERVE)
                        .setReserve(Offer.Operation.Reserve.newBuilder().addAllResources(reserved)))
                .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                        .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(onReserved)))));

        assertThat(fixture.registry.recover().toCompletableFuture().join().reservations())
                .containsKey(agent.id().getValue());
        assertThat(agent.received(Envelope.MessageCase.RUN_TASK)).singleElement()
                .satisfies(r -> assertThat(r.getRunTask().getTask().getTaskId().getValue()).isEqualTo("t"));
        assertThat(fixture.on(() -> fixture.term.reservations().on(agent.id()).scalar("cpus"))).isEqualTo(1.0);
    }

    @Test
    void tasksWithMalformedResourcesAreErrorsAndTheOfferComesBackWhole() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = fixture.scheduler(TermFixture.partitionAware(TermFixture.framework("f")));
        fixture.allocate();
        Offer offer = scheduler.lastOffer();
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1, 1e308};
        List<TaskInfo> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < bad.length; i++) {
            tasks.add(TaskInfo.newBuilder().setName("bad" + i).setTaskId(TaskID.newBuilder().setValue("bad" + i))
                    .setAgentId(offer.getAgentId()).addResources(Resource.newBuilder().setName("cpus")
                            .setType(org.agora.api.v1.Protos.Value.Type.SCALAR)
                            .setScalar(org.agora.api.v1.Protos.Value.Scalar.newBuilder().setValue(bad[i])))
                    .setCommand(CommandInfo.newBuilder().setValue("true")).build());
        }
        tasks.add(TaskInfo.newBuilder().setName("ranges").setTaskId(TaskID.newBuilder().setValue("ranges"))
                .setAgentId(offer.getAgentId()).addResources(Resource.newBuilder().setName("ports")
                        .setType(org.agora.api.v1.Protos.Value.Type.RANGES)
                        .setRanges(org.agora.api.v1.Protos.Value.Ranges.newBuilder().addRange(
                                org.agora.api.v1.Protos.Value.Range.newBuilder().setBegin(31010).setEnd(31000))))
                .setCommand(CommandInfo.newBuilder().setValue("true")).build());

        scheduler.call(launch(offer, tasks.toArray(TaskInfo[]::new)));
        fixture.allocate();

        for (TaskInfo t : tasks) {
            assertThat(scheduler.statuses(t.getTaskId().getValue())).as(t.getName()).singleElement()
                    .satisfies(s -> assertThat(s.getState()).isEqualTo(TaskState.TASK_ERROR));
        }
        assertThat(agent.received(Envelope.MessageCase.RUN_TASK)).isEmpty();
        assertThat(Resources.of(scheduler.lastOffer().getResourcesList()).scalar("cpus")).isEqualTo(2.0);
    }
}
