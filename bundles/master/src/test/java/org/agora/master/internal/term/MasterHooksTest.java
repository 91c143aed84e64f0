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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.hook.MasterHook;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Label;
import org.agora.api.v1.Protos.Labels;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.hook.RankedHooks;
import org.agora.master.internal.registry.InMemoryRegistry;
import org.agora.master.internal.security.Permissions;
import org.agora.master.internal.term.TermFixture.FakeAgentChannel;
import org.agora.master.internal.term.TermFixture.FakeScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Master hooks on the real launch path: run in ranking order (highest first) on every task, their labels reach the
 * agent and the master's task, anything else they change is ignored, a throwing hook is skipped, a refusing hook
 * ends the task TASK_ERROR, and hooks come and go between launches.
 */
class MasterHooksTest {
    private final RankedHooks<MasterHook> hooks = new RankedHooks<>();
    private final TermFixture fixture = new TermFixture(new InMemoryRegistry(), Map.of(), Permissions.allowAll(),
            hooks);
    private final List<String> calls = new ArrayList<>();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Appends label {@code key=value} and records that it ran. */
    private MasterHook labelling(String key, String value) {
        return new MasterHook() {
            @Override
            public TaskInfo decorateTask(FrameworkInfo framework, TaskInfo task) {
                calls.add(key + "=" + value);
                return task.toBuilder().setLabels(task.getLabels().toBuilder().addLabels(Label.newBuilder()
                        .setKey(key).setValue(value))).build();
            }
        };
    }

    private static TaskInfo task(String id, Offer offer) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(offer.getAgentId()).addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("own").setValue("1")))
                .setCommand(CommandInfo.newBuilder().setValue("true")).build();
    }

    private static Call.Builder launch(Offer offer, TaskInfo task) {
        return Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId()).addOperations(Offer.Operation.newBuilder()
                        .setType(Offer.Operation.Type.LAUNCH)
                        .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(task)))
                .setFilters(org.agora.api.v1.Protos.Filters.newBuilder().setRefuseSeconds(0)));
    }

    private TaskInfo launchOne(FakeScheduler scheduler, FakeAgentChannel agent, String id) {
        fixture.allocate();
        Offer offer = scheduler.lastOffer();
        scheduler.call(launch(offer, task(id, offer)));
        fixture.settle();
        return agent.received(Envelope.MessageCase.RUN_TASK).stream().map(r -> r.getRunTask().getTask())
                .filter(t -> t.getTaskId().getValue().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void hooksDecorateLabelsInRankingOrderHighestFirst() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f"));
        hooks.bind(labelling("low", "a"), Map.of("service.ranking", -5, "service.id", 1L));
        hooks.bind(labelling("high", "b"), Map.of("service.ranking", 10, "service.id", 2L));
        hooks.bind(labelling("zero", "c"), Map.of("service.id", 3L));

        TaskInfo sent = launchOne(scheduler, agent, "t1");

        assertThat(calls).containsExactly("high=b", "zero=c", "low=a");
        assertThat(sent.getLabels().getLabelsList()).extracting(Label::getKey)
                .containsExactly("own", "high", "zero", "low");
    }

    @Test
    void onlyTheLabelsOfAHooksTaskAreTakenAndAThrowingHookIsSkipped() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f"));
        hooks.bind(new MasterHook() {
            @Override
            public TaskInfo decorateTask(FrameworkInfo framework, TaskInfo task) {
                throw new IllegalStateException("broken hook");
            }
        }, Map.of("service.ranking", 100, "service.id", 1L));
        hooks.bind(new MasterHook() {
            @Override
            public TaskInfo decorateTask(FrameworkInfo framework, TaskInfo task) {
                return task.toBuilder().setName("renamed").clearResources()
                        .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("only").setValue("x")))
                        .build();
            }
        }, Map.of("service.ranking", 1, "service.id", 2L));

        TaskInfo sent = launchOne(scheduler, agent, "t1");

        assertThat(sent.getName()).as("not a label: ignored").isEqualTo("t1");
        assertThat(Resources.of(sent.getResourcesList()).scalar("cpus")).isEqualTo(0.1);
        assertThat(sent.getLabels().getLabelsList()).extracting(Label::getKey).containsExactly("only");
        assertThat(scheduler.statuses("t1")).as("the launch went on").isEmpty();
    }

    @Test
    void aRefusingHookEndsTheTaskAndHooksComeAndGoBetweenLaunches() {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f"));
        MasterHook refusing = new MasterHook() {
            @Override
            public Optional<String> validateTask(FrameworkInfo framework, TaskInfo task) {
                return Optional.of("no tasks today");
            }
        };
        hooks.bind(refusing, Map.of("service.id", 1L));
        fixture.allocate();
        Offer offer = scheduler.lastOffer();
        scheduler.call(launch(offer, task("refused", offer)));
        fixture.settle();
        assertThat(scheduler.statuses("refused")).singleElement().satisfies(s -> {
            assertThat(s.getState()).isEqualTo(TaskState.TASK_ERROR);
            assertThat(s.getMessage()).contains("no tasks today");
        });
        assertThat(agent.received(Envelope.MessageCase.RUN_TASK)).isEmpty();

        hooks.unbind(refusing);
        MasterHook label = labelling("k", "v");
        hooks.bind(label, Map.of("service.id", 2L));
        assertThat(launchOne(scheduler, agent, "t2").getLabels().getLabelsList()).extracting(Label::getKey)
                .containsExactly("own", "k");
        hooks.unbind(label);
        assertThat(launchOne(scheduler, agent, "t3").getLabels().getLabelsList()).extracting(Label::getKey)
                .containsExactly("own");
    }
}
