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
package org.agora.master.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Attribute;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.DrainConfig;
import org.agora.api.v1.Protos.DrainInfo;
import org.agora.api.v1.Protos.DrainState;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Label;
import org.agora.api.v1.Protos.Labels;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.Protos.Value;
import org.agora.api.v1.master.Protos.Response.GetExecutors;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.agent.AgentSnapshot;
import org.agora.master.internal.agent.AgentState;
import org.junit.jupiter.api.Test;

/**
 * The streaming state writer against the maps-and-{@code Json.write} document the master served before it
 * ({@link StateDocumentReference}): the same text, byte for byte, for a snapshot that uses every branch.
 */
class StateWriterTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123456789Z");

    @Test
    void writesTheSameDocumentAsTheMapsAndJsonWriteDid() {
        MasterSnapshot s = variedSnapshot(tasks("fw-1"));
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("zk", "zk://127.0.0.1:2181/agora");
        flags.put("quoted", "a \"b\"\n\u0001 ü 日本");

        String written = new String(new StateWriter().write(s, flags), StandardCharsets.UTF_8);

        assertThat(written).isEqualTo(StateDocumentReference.json(s, flags));
        assertThat(written).contains("\"unreachable_tasks\":[{\"id\":\"t-unreachable\"")
                .contains("\"drain_info\":").contains("\"recovered_slaves\":[{")
                .contains("\"reason\":\"REASON_TASK_HEALTH_CHECK_STATUS_UPDATED\",\"healthy\":true")
                .contains("\"reason\":\"REASON_TASK_KILLED_DURING_LAUNCH\",\"healthy\":false");
    }

    @Test
    void aTaskChangedSinceTheLastWriteIsWrittenAfreshWhileUnchangedOnesComeFromTheCache() {
        StateWriter writer = new StateWriter();
        List<Task> tasks = tasks("fw-1");
        MasterSnapshot before = variedSnapshot(tasks);
        writer.write(before, Map.of());

        List<Task> changed = new ArrayList<>(tasks);
        Task running = changed.get(0);
        changed.set(0, running.toBuilder().setState(TaskState.TASK_FINISHED)
                .addStatuses(status(running.getTaskId(), TaskState.TASK_FINISHED, 7.5).setMessage("done")).build());
        changed.remove(changed.size() - 1);
        MasterSnapshot after = variedSnapshot(changed);
        String written = new String(writer.write(after, Map.of()), StandardCharsets.UTF_8);

        assertThat(written).isEqualTo(StateDocumentReference.json(after, Map.of()));
        assertThat(written).contains("\"state\":\"TASK_FINISHED\",\"timestamp\":7.5,\"message\":\"done\"");
        assertThat(new String(writer.write(after, Map.of()), StandardCharsets.UTF_8)).isEqualTo(written);
    }

    @Test
    void documentsWrittenWhileTasksComeAndGoAreTheSameAsDocumentsWrittenAfresh() {
        StateWriter writer = new StateWriter();
        java.util.Random random = new java.util.Random(7);
        Map<String, List<Task>> byFramework = new LinkedHashMap<>();
        int next = 0;
        for (int round = 0; round < 60; round++) {
            // frameworks come and go; tasks start on either agent, get updates, end and leave
            if (round % 20 == 0) {
                byFramework.put("fw-" + round, new ArrayList<>());
            }
            if (round == 45) {
                byFramework.remove("fw-0");
            }
            for (List<Task> tasks : byFramework.values()) {
                for (int i = 0; i < tasks.size(); i++) {
                    Task t = tasks.get(i);
                    int dice = random.nextInt(6);
                    if (t.getState() == TaskState.TASK_FINISHED && dice < 3) {
                        tasks.remove(i--);
                    } else if (t.getState() != TaskState.TASK_FINISHED && dice == 0) {
                        tasks.set(i, t.toBuilder().setState(TaskState.TASK_FINISHED).build());
                    } else if (dice == 1) {
                        tasks.set(i, t.toBuilder().setName(t.getName() + "'").build());
                    }
                }
            }
            // new tasks after every framework's tasks ended: a port freed by one framework's task may go to another's
            for (List<Task> tasks : byFramework.values()) {
                for (int n = random.nextInt(3); n > 0; n--) {
                    String agent = "m-1-S" + (1 + random.nextInt(2));
                    Resources r = Resources.parse("cpus:0." + (1 + random.nextInt(9)) + ";mem:32");
                    List<Long> free = freePorts(byFramework, agent);
                    if (!free.isEmpty() && random.nextBoolean()) {
                        long port = free.get(random.nextInt(free.size()));
                        r = r.plus(Resources.parse("ports:[" + port + "-" + port + "]"));
                    }
                    tasks.add(Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("t-" + next++)).setName("t")
                            .setFrameworkId(FrameworkID.newBuilder().setValue("fw")).setExecutorId(
                                    ExecutorID.newBuilder().setValue("t-" + next))
                            .setAgentId(AgentID.newBuilder().setValue(agent)).setState(TaskState.TASK_RUNNING)
                            .addAllResources(r.withAllocationRole("web").toList()).build());
                }
            }
            String written = new String(writer.write(churnSnapshot(byFramework), Map.of()),
                    StandardCharsets.UTF_8);

            // the reference sums everything from the tasks, with usages of its own
            assertThat(written).as("round %d", round)
                    .isEqualTo(StateDocumentReference.json(churnSnapshot(byFramework), Map.of()));
        }
    }

    @Test
    void documentsWrittenWhileAgentsChangeAreTheSameAsDocumentsWrittenAfresh() {
        StateWriter writer = new StateWriter();
        java.util.Random random = new java.util.Random(11);
        Map<String, AgentSnapshot> agents = new LinkedHashMap<>();
        for (String id : List.of("S1", "S2", "S3", "S4")) {
            AgentInfo info = agentInfo(id, "cpus:8;mem:4096;ports:[31000-31009]").build();
            agents.put(id, new AgentSnapshot(info, AgentState.ACTIVE, true, Resources.of(info.getResourcesList()), T0,
                    Optional.empty(), Optional.empty(), "1.11.0", List.of(), false, Optional.empty()));
        }
        for (int round = 0; round < 80; round++) {
            for (Map.Entry<String, AgentSnapshot> e : agents.entrySet()) {
                AgentSnapshot a = e.getValue();
                e.setValue(switch (random.nextInt(8)) {
                    // a dynamic reservation changes the total the master shows, not the agent's info
                    case 0 -> a.withTotal(Resources.of(a.info().getResourcesList()).minus(Resources.parse("cpus:1"))
                            .plus(Resources.parse("cpus(r" + random.nextInt(3) + "):1")));
                    case 1 -> a.withTotal(Resources.of(a.info().getResourcesList()));
                    case 2 -> new AgentSnapshot(a.info(), a.state(), a.connected(), a.total(), a.registeredTime(),
                            Optional.of(T0.plusSeconds(round)), a.unreachableTime(), a.version(), a.capabilities(),
                            a.deactivated(), a.drain());
                    case 3 -> new AgentSnapshot(a.info().toBuilder().clearAttributes().addAttributes(Attribute
                            .newBuilder().setName("rack").setType(Value.Type.TEXT).setText(Value.Text.newBuilder()
                                    .setValue("r" + round))).build(), a.state(), a.connected(), a.total(),
                            a.registeredTime(), a.reregisteredTime(), a.unreachableTime(), a.version(),
                            a.capabilities(), a.deactivated(), a.drain());
                    case 4 -> new AgentSnapshot(a.info().toBuilder().setPort(5051 + round).build(), a.state(),
                            !a.connected(), a.total(), T0.plusMillis(round), a.reregisteredTime(),
                            a.unreachableTime(), a.version(), a.capabilities(), !a.deactivated(), a.drain());
                    default -> a; // unchanged, or an equal snapshot built afresh (the master makes one per read)
                });
            }
            if (round % 10 == 5) {
                agents.remove(agents.keySet().iterator().next()); // an agent leaves, and comes back with its old id
            } else if (agents.size() < 4) {
                for (String id : List.of("S1", "S2", "S3", "S4")) {
                    AgentInfo info = agentInfo(id, "cpus:2;mem:512").build();
                    agents.putIfAbsent(id, new AgentSnapshot(info, AgentState.ACTIVE, true,
                            Resources.of(info.getResourcesList()), T0.plusSeconds(round), Optional.empty(),
                            Optional.empty(), "1.11.0", List.of(), false, Optional.empty()));
                }
            }
            MasterSnapshot s = new MasterSnapshot(master(), true, Optional.of(master()), T0, Optional.of(T0),
                    List.copyOf(agents.values()), List.of(), new FrameworkSnapshot.All(List.of(), List.of()),
                    Map.of(), "drf", Map.of(), Map.of(), List.of());

            assertThat(new String(writer.write(s, Map.of()), StandardCharsets.UTF_8)).as("round %d", round)
                    .isEqualTo(StateDocumentReference.json(s, Map.of()));
        }
    }

    // The ports 31000-31003 of the agent that no live task of any framework holds.
    private static List<Long> freePorts(Map<String, List<Task>> byFramework, String agent) {
        List<Long> free = new ArrayList<>(List.of(31000L, 31001L, 31002L, 31003L));
        byFramework.values().forEach(tasks -> tasks.stream().filter(t -> t.getState() != TaskState.TASK_FINISHED
                && t.getAgentId().getValue().equals(agent)).forEach(t -> t.getResourcesList().stream()
                        .filter(r -> r.getName().equals("ports")).forEach(r -> r.getRanges().getRangeList()
                                .forEach(range -> free.remove(range.getBegin())))));
        return free;
    }

    private static MasterSnapshot churnSnapshot(Map<String, List<Task>> byFramework) {
        List<FrameworkSnapshot> frameworks = new ArrayList<>();
        byFramework.forEach((id, tasks) -> frameworks.add(frameworkSnapshot(FrameworkInfo.newBuilder()
                .setId(FrameworkID.newBuilder().setValue(id)).setName(id).setUser("root").addRoles("web").build(),
                List.copyOf(tasks), List.of(), List.of(), List.of(), Resources.empty(), Optional.empty(),
                Optional.empty())));
        List<AgentSnapshot> agents = new ArrayList<>();
        for (String id : List.of("S1", "S2")) {
            AgentInfo info = agentInfo(id, "cpus:64;mem:65536;ports:[31000-31003]").build();
            agents.add(new AgentSnapshot(info, AgentState.ACTIVE, true, Resources.of(info.getResourcesList()), T0,
                    Optional.empty(), Optional.empty(), "1.11.0", List.of(), false, Optional.empty()));
        }
        return new MasterSnapshot(master(), true, Optional.of(master()), T0, Optional.of(T0), agents, List.of(),
                new FrameworkSnapshot.All(frameworks, List.of()), Map.of(), "drf", Map.of(), Map.of(), List.of());
    }

    @Test
    void anEmptyFollowerStateIsTheSameToo() {
        MasterInfo self = master();
        MasterSnapshot s = new MasterSnapshot(self, false, Optional.empty(), T0, Optional.empty(), List.of(),
                List.of(), new FrameworkSnapshot.All(List.of(), List.of()), Map.of(), "none", Map.of(), Map.of(),
                List.of());

        assertThat(new String(new StateWriter().write(s, Map.of()), StandardCharsets.UTF_8))
                .isEqualTo(StateDocumentReference.json(s, Map.of()));
    }

    private static MasterInfo master() {
        return MasterInfo.newBuilder().setId("m-1").setIp(0x7f000001).setPort(5050).setHostname("master.local")
                .setPid("master@127.0.0.1:5050").build();
    }

    static MasterSnapshot variedSnapshot(List<Task> tasks) {
        MasterInfo self = master();
        AgentInfo plain = agentInfo("S1", "cpus:4;mem:1024;disk:100;ports:[31000-32000]").build();
        AgentInfo attributed = agentInfo("S2", "cpus:2;cpus(eng):2;mem:512")
                .addAttributes(Attribute.newBuilder().setName("rack").setType(Value.Type.TEXT)
                        .setText(Value.Text.newBuilder().setValue("r\"1")))
                .addAttributes(Attribute.newBuilder().setName("weight").setType(Value.Type.SCALAR)
                        .setScalar(Value.Scalar.newBuilder().setValue(2.5)))
                .addAttributes(Attribute.newBuilder().setName("zones").setType(Value.Type.SET)
                        .setSet(Value.Set.newBuilder().addItem("a").addItem("b")))
                .addAttributes(Attribute.newBuilder().setName("slots").setType(Value.Type.RANGES)
                        .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(1)
                                .setEnd(4))))
                .build();
        AgentInfo gone = agentInfo("S3", "cpus:1").build();
        List<AgentSnapshot> agents = List.of(
                new AgentSnapshot(plain, AgentState.ACTIVE, true, Resources.of(plain.getResourcesList()), T0,
                        Optional.of(T0.plusSeconds(30)), Optional.empty(), "1.11.0",
                        List.of(AgentInfo.Capability.newBuilder()
                                .setType(AgentInfo.Capability.Type.MULTI_ROLE).build()), false, Optional.empty()),
                new AgentSnapshot(attributed, AgentState.ACTIVE, false, Resources.of(attributed.getResourcesList()),
                        T0, Optional.empty(), Optional.empty(), "1.11.0", List.of(), true,
                        Optional.of(DrainInfo.newBuilder().setState(DrainState.DRAINING)
                                .setConfig(DrainConfig.newBuilder().setMarkGone(false)).build())),
                new AgentSnapshot(gone, AgentState.UNREACHABLE, false, Resources.of(gone.getResourcesList()), T0,
                        Optional.empty(), Optional.of(T0.plusSeconds(99)), "1.11.0", List.of(), false,
                        Optional.empty()));
        Resources offered = Resources.parse("cpus:1;mem:128").withAllocationRole("*");
        Offer offer = Offer.newBuilder().setId(OfferID.newBuilder().setValue("m-1-O7"))
                .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1")).setAgentId(plain.getId())
                .setHostname("agent-S1").addAllResources(offered.toList()).build();
        ExecutorInfo executorInfo = ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("ex-1"))
                .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1")).setName("custom")
                .setType(ExecutorInfo.Type.CUSTOM).setCommand(CommandInfo.newBuilder().setValue("run-executor"))
                .addAllResources(Resources.parse("cpus:0.1;mem:32").withAllocationRole("*").toList())
                .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("k").setValue("v")))
                .build();
        GetExecutors.Executor executor = GetExecutors.Executor.newBuilder().setExecutorInfo(executorInfo)
                .setAgentId(plain.getId()).build();
        FrameworkInfo info = FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue("fw-1"))
                .setName("marathon ü").setUser("root").setHostname("sched.local").setWebuiUrl("http://x/")
                .setPrincipal("ops").setCheckpoint(true).setFailoverTimeout(604800.0).addRoles("web")
                .addRoles("*")
                .addCapabilities(FrameworkInfo.Capability.newBuilder()
                        .setType(FrameworkInfo.Capability.Type.MULTI_ROLE))
                .addCapabilities(FrameworkInfo.Capability.newBuilder()
                        .setType(FrameworkInfo.Capability.Type.PARTITION_AWARE))
                .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("team").setValue("a")))
                .build();
        Task completedTask = tasks.get(0).toBuilder().setTaskId(TaskID.newBuilder().setValue("t-old"))
                .setState(TaskState.TASK_FAILED).build();
        FrameworkSnapshot framework = frameworkSnapshot(info, tasks, List.of(completedTask), List.of(offer),
                List.of(executor), offered, Optional.of(T0.plusSeconds(5)), Optional.empty());
        FrameworkInfo doneInfo = info.toBuilder().setId(FrameworkID.newBuilder().setValue("fw-0"))
                .clearRoles().addRoles("batch").clearLabels().clearCapabilities().build();
        FrameworkSnapshot done = frameworkSnapshot(doneInfo, List.of(), List.of(completedTask), List.of(), List.of(),
                Resources.empty(), Optional.empty(), Optional.of(T0.plusSeconds(60)));
        return new MasterSnapshot(self, true, Optional.of(self), T0, Optional.of(T0.plusMillis(1500)), agents,
                List.of(agentInfo("S9", "cpus:8").build()), new FrameworkSnapshot.All(List.of(framework),
                        List.of(done)),
                Map.of("S1", offered), "drf", Map.of(), Map.of(), List.of());
    }

    private static FrameworkSnapshot frameworkSnapshot(FrameworkInfo info, List<Task> tasks, List<Task> completed,
            List<Offer> offers, List<GetExecutors.Executor> executors, Resources offered,
            Optional<Instant> reregistered, Optional<Instant> unregistered) {
        return new FrameworkSnapshot(info, true, true, false, T0, reregistered, unregistered,
                new LinkedHashSet<>(info.getRolesList()), tasks, completed, offers, executors,
                org.agora.master.internal.FrameworkUsage.of(tasks, executors), offered);
    }

    private static AgentInfo.Builder agentInfo(String id, String resources) {
        return AgentInfo.newBuilder().setId(AgentID.newBuilder().setValue("m-1-" + id)).setHostname("agent-" + id)
                .setPort(5051).addAllResources(Resources.parse(resources).toList());
    }

    static List<Task> tasks(String frameworkId) {
        List<Task> tasks = new ArrayList<>();
        Resources oneCpu = Resources.parse("cpus:1;mem:64").withAllocationRole("web");
        String[] ids = {"t-running", "t-staging", "t-unreachable", "t-killed", "t-bare"};
        TaskState[] states = {TaskState.TASK_RUNNING, TaskState.TASK_STAGING, TaskState.TASK_UNREACHABLE,
                TaskState.TASK_KILLED, TaskState.TASK_RUNNING};
        for (int i = 0; i < ids.length; i++) {
            TaskID id = TaskID.newBuilder().setValue(ids[i]).build();
            Task.Builder t = Task.newBuilder().setTaskId(id).setName("task " + i + " \"q\"")
                    .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
                    .setExecutorId(ExecutorID.newBuilder().setValue(i == 1 ? "ex-1" : ids[i]))
                    .setAgentId(AgentID.newBuilder().setValue("m-1-S1")).setState(states[i]);
            if (i != 4) {
                t.addAllResources(oneCpu.toList());
            }
            t.addStatuses(status(id, TaskState.TASK_STAGING, 1714557600.123 + i));
            if (states[i] != TaskState.TASK_STAGING) {
                TaskStatus.Builder last = status(id, states[i], 1714557601.5 + i);
                if (i == 3) {
                    last.setMessage("killed by \\ operator")
                            .setReason(TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH).setHealthy(false);
                }
                if (i == 0) {
                    last.setReason(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED).setHealthy(true);
                }
                t.addStatuses(last);
            }
            if (i == 0) {
                t.setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("tier").setValue("front")));
            }
            tasks.add(t.build());
        }
        return tasks;
    }

    static TaskStatus.Builder status(TaskID id, TaskState state, double timestamp) {
        return TaskStatus.newBuilder().setTaskId(id).setState(state).setTimestamp(timestamp)
                .setUuid(ByteString.copyFromUtf8("u-" + id.getValue() + state));
    }
}
