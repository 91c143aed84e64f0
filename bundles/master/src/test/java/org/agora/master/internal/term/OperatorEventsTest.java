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
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.agora.api.resources.Resources;
import org.agora.api.security.Action;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.master.Protos.Event;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.master.internal.term.TermFixture.FakeAgentChannel;
import org.agora.master.internal.term.TermFixture.FakeScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operator event stream: what a subscriber hears, in order, and only what it may see. */
class OperatorEventsTest {
    private final TermFixture fixture = new TermFixture(new org.agora.master.internal.registry.InMemoryRegistry(),
            Map.of());

    @AfterEach
    void close() {
        fixture.close();
    }

    /** A subscriber that records what it is sent and may see the frameworks and tasks of {@code users} only. */
    private static final class Recording implements OperatorEvents.Subscriber {
        final List<Event> events = new CopyOnWriteArrayList<>();
        final List<String> users;
        boolean open = true;

        Recording(String... users) {
            this.users = List.of(users);
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public boolean mayView(Action action, String user) {
            return users.contains(user);
        }

        @Override
        public void send(Event event) {
            events.add(event);
        }

        @Override
        public void close() {
            open = false;
        }

        List<String> types() {
            return events.stream().map(e -> e.getType() == Event.Type.TASK_UPDATED
                    ? "TASK_UPDATED " + e.getTaskUpdated().getState() : e.getType().name()).toList();
        }
    }

    private Recording subscribe(String... users) {
        Recording r = new Recording(users);
        fixture.run(() -> fixture.term.operatorEvents().add(r));
        return r;
    }

    private static void launch(FakeScheduler scheduler, Offer offer, String id) {
        scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId()).addOperations(Offer.Operation.newBuilder()
                        .setType(Offer.Operation.Type.LAUNCH).setLaunch(Offer.Operation.Launch.newBuilder()
                                .addTaskInfos(TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder()
                                        .setValue(id)).setAgentId(offer.getAgentId())
                                        .addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                                        .setCommand(CommandInfo.newBuilder().setValue("true")))))));
    }

    @Test
    void aSubscriberHearsAFrameworksLifeInOrder() {
        Recording r = subscribe("nobody");
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f"));
        fixture.allocate();
        launch(scheduler, scheduler.lastOffer(), "t1");
        TaskID t1 = TaskID.newBuilder().setValue("t1").build();
        agent.statusUpdate(scheduler.id, t1, TaskState.TASK_RUNNING, "u1");
        agent.statusUpdate(scheduler.id, t1, TaskState.TASK_FINISHED, "u2");
        scheduler.call(Call.newBuilder().setType(Call.Type.TEARDOWN));
        fixture.settle();

        assertThat(r.types()).containsExactly("AGENT_ADDED", "FRAMEWORK_ADDED", "TASK_ADDED",
                "TASK_UPDATED TASK_RUNNING", "TASK_UPDATED TASK_FINISHED", "FRAMEWORK_REMOVED");
        assertThat(r.events.get(0).getAgentAdded().getAgent().getAgentInfo().getId()).isEqualTo(agent.id());
        assertThat(r.events.get(1).getFrameworkAdded().getFramework().getFrameworkInfo().getId())
                .isEqualTo(scheduler.id);
        assertThat(r.events.get(2).getTaskAdded().getTask().getState()).isEqualTo(TaskState.TASK_STAGING);
        assertThat(r.events.get(3).getTaskUpdated().getFrameworkId()).isEqualTo(scheduler.id);
        assertThat(r.events.get(5).getFrameworkRemoved().getFrameworkInfo().getId()).isEqualTo(scheduler.id);
    }

    @Test
    void frameworksAndTasksOfUsersASubscriberMayNotViewAreNotSent() {
        Recording mayNot = subscribe("someone-else");
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f"));
        fixture.allocate();
        launch(scheduler, scheduler.lastOffer(), "t1");
        agent.statusUpdate(scheduler.id, TaskID.newBuilder().setValue("t1").build(), TaskState.TASK_RUNNING, "u1");

        assertThat(mayNot.types()).containsExactly("AGENT_ADDED");
    }

    @Test
    void whenTheTermEndsEveryStreamIsClosedAndClosedOnesHearNothing() {
        Recording gone = subscribe("nobody");
        Recording stays = subscribe("nobody");
        gone.open = false;
        fixture.run(() -> fixture.term.operatorEvents().heartbeat());

        assertThat(gone.events).isEmpty();
        assertThat(stays.types()).containsExactly("HEARTBEAT");
        fixture.run(fixture.term::close);
        assertThat(stays.open).isFalse();
    }
}
