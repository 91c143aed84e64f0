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

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.agora.api.Versions;
import org.agora.api.json.JsonStream;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Attribute;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.master.Protos.Response.GetExecutors;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.agent.AgentSnapshot;
import org.agora.master.internal.agent.AgentState;

/**
 * Writes the Mesos v0 {@code /master/state} document of a snapshot straight into UTF-8 bytes, member by member, in
 * the order and with the values Mesos's state JSON has. Each task's JSON is kept in a {@link TaskJsonCache} until the
 * task changes, and the members of each agent's entry that change only with its registration or total in an
 * {@link AgentJsonCache}, so a state of 100,000 running tasks on 10,000 agents costs little more than copying them.
 *
 * <p>One writer per endpoint (it owns the caches); {@link #write} may run on any thread, one document at a time
 * (the master's views thread writes them one by one anyway). Public for the benchmarks.
 */
public final class StateWriter {
    private final TaskJsonCache tasks = new TaskJsonCache();
    private final AgentJsonCache agents = new AgentJsonCache();

    /** The document whole, as {@link #write(MasterSnapshot, Map, Consumer)} sends it (for tests and tools). */
    public byte[] write(MasterSnapshot s, Map<String, String> flags) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        write(s, flags, out::writeBytes);
        return out.toByteArray();
    }

    /**
     * The same document, handed to {@code sink} in pieces of at most 256 KiB as they fill, so it can be sent while
     * it is written and is never held whole. An exception from the sink (the reader went away) ends the writing.
     */
    public synchronized void write(MasterSnapshot s, Map<String, String> flags, Consumer<byte[]> sink) {
        JsonStream out = new JsonStream(sink);
        try (TaskJsonCache.Pass pass = tasks.pass(StateWriter::task);
                AgentJsonCache.Pass agentPass = agents.pass(StateWriter::agentMembers)) {
            state(out, s, flags, pass, agentPass);
        }
        out.finish();
    }

    private static void state(JsonStream out, MasterSnapshot s, Map<String, String> flags, TaskJsonCache.Pass pass,
            AgentJsonCache.Pass agentPass) {
        MasterInfo self = s.self();
        out.beginObject();
        out.name("version").value(Versions.MESOS_API);
        out.name("agora_version").value(Versions.AGORA);
        out.name("start_time").value(seconds(s.startTime()));
        s.electedTime().ifPresent(t -> out.name("elected_time").value(seconds(t)));
        out.name("id").value(self.getId());
        out.name("pid").value(self.getPid());
        out.name("hostname").value(self.getHostname());
        out.name("capabilities").beginArray().endArray();
        long active = 0;
        long unreachable = 0;
        for (AgentSnapshot a : s.agents()) {
            if (a.state() == AgentState.ACTIVE && !a.deactivated()) {
                active++;
            } else if (a.state() == AgentState.UNREACHABLE) {
                unreachable++;
            }
        }
        out.name("activated_slaves").value(active);
        out.name("deactivated_slaves").value(s.agents().size() - active - unreachable);
        out.name("unreachable_slaves").value(unreachable);
        s.leader().ifPresent(l -> {
            out.name("leader").value(l.getPid());
            out.name("leader_info").message(l);
        });
        out.name("flags").value((Object) flags);
        out.name("slaves").beginArray();
        // each framework's usage by agent, as the master holds it (not narrowed by what the caller may see of tasks)
        Map<String, Resources> used = pass.usedByAgent(s.frameworks().frameworks());
        for (AgentSnapshot a : s.agents()) {
            if (a.state() != AgentState.UNREACHABLE) {
                agent(out, a, agentPass.entry(a), used.getOrDefault(a.id(), Resources.empty()),
                        s.offeredByAgent().getOrDefault(a.id(), Resources.empty()));
            }
        }
        out.endArray();
        out.name("recovered_slaves").beginArray();
        s.recoveredAgents().forEach(out::message);
        out.endArray();
        out.name("frameworks").beginArray();
        s.frameworks().frameworks().forEach(f -> framework(out, f, pass.prepare(f, false)));
        out.endArray();
        out.name("completed_frameworks").beginArray();
        s.frameworks().completed().forEach(f -> framework(out, f, pass.prepare(f, true)));
        out.endArray();
        out.name("orphan_tasks").beginArray().endArray();
        out.name("unregistered_frameworks").beginArray().endArray();
        out.endObject();
    }

    private static void framework(JsonStream out, FrameworkSnapshot f, TaskJsonCache.Prepared prepared) {
        FrameworkInfo info = f.info();
        out.beginObject();
        out.name("id").value(f.id());
        out.name("name").value(info.getName());
        out.name("user").value(info.getUser());
        out.name("hostname").value(info.getHostname());
        out.name("webui_url").value(info.getWebuiUrl());
        out.name("principal").value(info.getPrincipal());
        out.name("roles").beginArray();
        f.roles().forEach(out::value);
        out.endArray();
        out.name("role").value(f.roles().iterator().next());
        out.name("capabilities").beginArray();
        info.getCapabilitiesList().forEach(c -> out.value(c.getType().name()));
        out.endArray();
        out.name("active").value(f.active());
        out.name("connected").value(f.connected());
        out.name("recovered").value(f.recovered());
        out.name("checkpoint").value(info.getCheckpoint());
        out.name("failover_timeout").value(info.getFailoverTimeout());
        out.name("registered_time").value(seconds(f.registeredTime()));
        f.reregisteredTime().ifPresent(t -> out.name("reregistered_time").value(seconds(t)));
        out.name("unregistered_time").value(f.unregisteredTime().map(StateWriter::seconds).orElse(0.0));
        Resources used = prepared.usage().total();
        out.name("used_resources").value((Object) used.flatten());
        out.name("offered_resources").value((Object) f.offered().flatten());
        out.name("resources").value((Object) used.plus(f.offered()).flatten());
        int[] counts = new int[TaskState.values().length];
        int unreachable = 0;
        for (Task t : f.tasks()) {
            counts[t.getState().ordinal()]++;
            if (t.getState() == TaskState.TASK_UNREACHABLE) {
                unreachable++;
            }
        }
        for (TaskState state : TaskState.values()) {
            out.name(state.name()).value(counts[state.ordinal()]);
        }
        List<Task> tasks = f.tasks();
        out.name("tasks").beginArray();
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).getState() != TaskState.TASK_UNREACHABLE) {
                out.json(prepared.tasks()[i]);
            }
        }
        out.endArray();
        out.name("unreachable_tasks").beginArray();
        if (unreachable > 0) {
            for (int i = 0; i < tasks.size(); i++) {
                if (tasks.get(i).getState() == TaskState.TASK_UNREACHABLE) {
                    out.json(prepared.tasks()[i]);
                }
            }
        }
        out.endArray();
        out.name("completed_tasks").beginArray();
        for (byte[] json : prepared.completedTasks()) {
            out.json(json);
        }
        out.endArray();
        out.name("offers").beginArray();
        f.offers().forEach(o -> offer(out, o));
        out.endArray();
        out.name("executors").beginArray();
        for (GetExecutors.Executor e : f.executors()) {
            out.value((Object) ExecutorViews.json(e));
        }
        out.endArray();
        out.name("labels").value((Object) info.getLabels().getLabelsList());
        out.endObject();
    }

    /** One task, as its own JSON value (kept by the cache until the task changes). */
    static byte[] task(Task t) {
        JsonStream out = new JsonStream(512);
        out.beginObject();
        out.name("id").value(t.getTaskId().getValue());
        out.name("name").value(t.getName());
        out.name("framework_id").value(t.getFrameworkId().getValue());
        // "" for command tasks, whose executor the agent makes up; the executor's id for the others
        out.name("executor_id").value(t.getExecutorId().getValue().equals(t.getTaskId().getValue()) ? ""
                : t.getExecutorId().getValue());
        out.name("slave_id").value(t.getAgentId().getValue());
        out.name("state").value(t.getState().name());
        out.name("resources").value((Object) Resources.of(t.getResourcesList()).flatten());
        out.name("role").value(t.getResourcesCount() == 0 ? "*" : t.getResources(0).getAllocationInfo().getRole());
        out.name("statuses").beginArray();
        for (TaskStatus st : t.getStatusesList()) {
            out.beginObject();
            out.name("state").value(st.getState().name());
            out.name("timestamp").value(st.getTimestamp());
            if (st.hasMessage()) {
                out.name("message").value(st.getMessage());
            }
            if (st.hasReason()) {
                out.name("reason").value(st.getReason().name());
            }
            if (st.hasContainerStatus()) {
                // as Mesos's state: the container's networks with their IP addresses (network/cni)
                out.name("container_status").message(st.getContainerStatus());
            }
            if (st.hasHealthy()) {
                out.name("healthy").value(st.getHealthy());
            }
            out.endObject();
        }
        out.endArray();
        if (t.hasLabels()) {
            out.name("labels").value((Object) t.getLabels().getLabelsList());
        }
        out.endObject();
        return out.toByteArray();
    }

    private static void offer(JsonStream out, Offer o) {
        out.beginObject();
        out.name("id").value(o.getId().getValue());
        out.name("framework_id").value(o.getFrameworkId().getValue());
        out.name("slave_id").value(o.getAgentId().getValue());
        out.name("resources").value((Object) Resources.of(o.getResourcesList()).flatten());
        out.endObject();
    }

    private static void agent(JsonStream out, AgentSnapshot a, AgentJsonCache.Entry kept, Resources used,
            Resources offered) {
        out.beginObject();
        out.name("id").value(a.id());
        out.members(kept.leading());
        out.name("used_resources").value((Object) used.flatten());
        out.name("offered_resources").value((Object) offered.flatten());
        out.members(kept.reserved());
        out.name("active").value(a.state() == AgentState.ACTIVE && !a.deactivated());
        out.name("deactivated").value(a.state() != AgentState.ACTIVE || a.deactivated());
        a.drain().ifPresent(d -> out.name("drain_info").message(d));
        out.name("connected").value(a.connected());
        out.name("version").value(a.version());
        out.name("capabilities").beginArray();
        a.capabilities().forEach(c -> out.value(c.getType().name()));
        out.endArray();
        out.endObject();
    }

    /**
     * The members of an agent's entry that change only with its registration or total, for {@link AgentJsonCache}:
     * those before {@code used_resources}, and the reserved and unreserved resources after {@code offered_resources}.
     */
    static AgentJsonCache.Entry agentMembers(AgentSnapshot a) {
        JsonStream leading = new JsonStream(1024);
        leading.beginObject();
        leading.name("pid").value(StateEndpoint.agentPid(a));
        leading.name("hostname").value(a.info().getHostname());
        leading.name("port").value(a.info().getPort());
        leading.name("attributes").beginObject();
        attributes(leading, a.info().getAttributesList());
        leading.endObject();
        leading.name("registered_time").value(seconds(a.registeredTime()));
        a.reregisteredTime().ifPresent(t -> leading.name("reregistered_time").value(seconds(t)));
        Resources total = a.total();
        leading.name("resources").value((Object) total.flatten());
        leading.endObject();
        JsonStream reserved = new JsonStream(512);
        reserved.beginObject();
        reserved.name("reserved_resources").value((Object) reservedByRole(total));
        reserved.name("unreserved_resources").value((Object) total.unreserved().flatten());
        reserved.endObject();
        return new AgentJsonCache.Entry(a.info(), a.registeredTime(), a.reregisteredTime(), total,
                JsonStream.membersOf(leading.toByteArray()), JsonStream.membersOf(reserved.toByteArray()));
    }

    /** Reserved resources by the role of their innermost reservation, as Mesos's state shows them. */
    private static Map<String, Object> reservedByRole(Resources total) {
        Map<String, Object> byRole = new java.util.TreeMap<>();
        total.reserved().toList().forEach(r -> byRole.putIfAbsent(
                r.getReservations(r.getReservationsCount() - 1).getRole(), null));
        byRole.replaceAll((role, none) -> total.reserved(role).flatten());
        return byRole;
    }

    // Attributes by name; a repeated name keeps its first place and its last value, as a map would.
    private static void attributes(JsonStream out, List<Attribute> attributes) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (Attribute at : attributes) {
            switch (at.getType()) {
                case SCALAR -> m.put(at.getName(), at.getScalar().getValue());
                case TEXT -> m.put(at.getName(), at.getText().getValue());
                case RANGES -> m.put(at.getName(), Resources.rangesText(at.getRanges()));
                case SET -> m.put(at.getName(), "{" + String.join(",", at.getSet().getItemList()) + "}");
                default -> { }
            }
        }
        m.forEach((name, value) -> out.name(name).value(value));
    }

    static double seconds(Instant t) {
        return OperatorApi.seconds(t);
    }
}
