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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agora.api.Versions;
import org.agora.api.json.Json;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Attribute;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.framework.TaskRecord;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.agent.AgentSnapshot;
import org.agora.master.internal.agent.AgentState;

/**
 * The {@code /master/state} document as the master wrote it before {@link StateWriter}: maps and lists written by
 * {@link Json#write}. Kept as the reference the streaming writer is compared with.
 */
final class StateDocumentReference {
    private StateDocumentReference() {
    }

    static String json(MasterSnapshot s, Map<String, String> flags) {
        return Json.write(state(s, flags));
    }

    static Map<String, Object> state(MasterSnapshot s, Map<String, String> flags) {
        MasterInfo self = s.self();
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("version", Versions.MESOS_API);
        st.put("agora_version", Versions.AGORA);
        st.put("start_time", seconds(s.startTime()));
        s.electedTime().ifPresent(t -> st.put("elected_time", seconds(t)));
        st.put("id", self.getId());
        st.put("pid", self.getPid());
        st.put("hostname", self.getHostname());
        st.put("capabilities", List.of());
        long active = s.agents().stream().filter(a -> a.state() == AgentState.ACTIVE && !a.deactivated()).count();
        long unreachable = s.agents().stream().filter(a -> a.state() == AgentState.UNREACHABLE).count();
        st.put("activated_slaves", active);
        st.put("deactivated_slaves", s.agents().size() - active - unreachable);
        st.put("unreachable_slaves", unreachable);
        s.leader().ifPresent(l -> {
            st.put("leader", l.getPid());
            st.put("leader_info", l);
        });
        st.put("flags", flags);
        List<Object> slaves = new ArrayList<>();
        Map<String, Resources> used = usedByAgent(s);
        s.agents().stream().filter(a -> a.state() != AgentState.UNREACHABLE).forEach(a -> slaves.add(agent(a,
                used.getOrDefault(a.id(), Resources.empty()),
                s.offeredByAgent().getOrDefault(a.id(), Resources.empty()))));
        st.put("slaves", slaves);
        List<Object> recovered = new ArrayList<>();
        s.recoveredAgents().forEach(recovered::add);
        st.put("recovered_slaves", recovered);
        List<Object> frameworks = new ArrayList<>();
        s.frameworks().frameworks().forEach(f -> frameworks.add(framework(f)));
        st.put("frameworks", frameworks);
        List<Object> completed = new ArrayList<>();
        s.frameworks().completed().forEach(f -> completed.add(framework(f)));
        st.put("completed_frameworks", completed);
        st.put("orphan_tasks", List.of());
        st.put("unregistered_frameworks", List.of());
        return st;
    }

    private static Map<String, Resources> usedByAgent(MasterSnapshot s) {
        Map<String, Resources> used = new HashMap<>();
        for (FrameworkSnapshot f : s.frameworks().frameworks()) {
            for (Task t : f.tasks()) {
                if (!TaskRecord.isTerminal(t.getState())) {
                    used.merge(t.getAgentId().getValue(), Resources.of(t.getResourcesList()), Resources::plus);
                }
            }
            f.executors().forEach(e -> used.merge(e.getAgentId().getValue(),
                    Resources.of(e.getExecutorInfo().getResourcesList()), Resources::plus));
        }
        return used;
    }

    static Map<String, Object> framework(FrameworkSnapshot f) {
        FrameworkInfo info = f.info();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("name", info.getName());
        m.put("user", info.getUser());
        m.put("hostname", info.getHostname());
        m.put("webui_url", info.getWebuiUrl());
        m.put("principal", info.getPrincipal());
        m.put("roles", List.copyOf(f.roles()));
        m.put("role", f.roles().iterator().next());
        m.put("capabilities", info.getCapabilitiesList().stream().map(c -> c.getType().name()).toList());
        m.put("active", f.active());
        m.put("connected", f.connected());
        m.put("recovered", f.recovered());
        m.put("checkpoint", info.getCheckpoint());
        m.put("failover_timeout", info.getFailoverTimeout());
        m.put("registered_time", seconds(f.registeredTime()));
        f.reregisteredTime().ifPresent(t -> m.put("reregistered_time", seconds(t)));
        m.put("unregistered_time", f.unregisteredTime().map(StateDocumentReference::seconds).orElse(0.0));
        m.put("used_resources", f.used().flatten());
        m.put("offered_resources", f.offered().flatten());
        m.put("resources", f.used().plus(f.offered()).flatten());
        Map<TaskState, Integer> counts = new LinkedHashMap<>();
        f.tasks().forEach(t -> counts.merge(t.getState(), 1, Integer::sum));
        for (TaskState state : TaskState.values()) {
            m.put(state.name(), counts.getOrDefault(state, 0));
        }
        m.put("tasks", f.tasks().stream().filter(t -> t.getState() != TaskState.TASK_UNREACHABLE)
                .map(StateDocumentReference::task).toList());
        m.put("unreachable_tasks", f.tasks().stream().filter(t -> t.getState() == TaskState.TASK_UNREACHABLE)
                .map(StateDocumentReference::task).toList());
        m.put("completed_tasks", f.completedTasks().stream().map(StateDocumentReference::task).toList());
        m.put("offers", f.offers().stream().map(StateDocumentReference::offer).toList());
        m.put("executors", f.executors().stream().map(ExecutorViews::json).toList());
        m.put("labels", info.getLabels().getLabelsList());
        return m;
    }

    static Map<String, Object> task(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.getTaskId().getValue());
        m.put("name", t.getName());
        m.put("framework_id", t.getFrameworkId().getValue());
        // "" for command tasks, whose executor the agent makes up; the executor's id for the others
        m.put("executor_id", t.getExecutorId().getValue().equals(t.getTaskId().getValue()) ? ""
                : t.getExecutorId().getValue());
        m.put("slave_id", t.getAgentId().getValue());
        m.put("state", t.getState().name());
        m.put("resources", Resources.of(t.getResourcesList()).flatten());
        m.put("role", t.getResourcesCount() == 0 ? "*" : t.getResources(0).getAllocationInfo().getRole());
        List<Object> statuses = new ArrayList<>();
        for (TaskStatus st : t.getStatusesList()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("state", st.getState().name());
            sm.put("timestamp", st.getTimestamp());
            if (st.hasMessage()) {
                sm.put("message", st.getMessage());
            }
            if (st.hasReason()) {
                sm.put("reason", st.getReason().name());
            }
            if (st.hasHealthy()) {
                sm.put("healthy", st.getHealthy());
            }
            statuses.add(sm);
        }
        m.put("statuses", statuses);
        if (t.hasLabels()) {
            m.put("labels", t.getLabels().getLabelsList());
        }
        return m;
    }

    private static Map<String, Object> offer(Offer o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.getId().getValue());
        m.put("framework_id", o.getFrameworkId().getValue());
        m.put("slave_id", o.getAgentId().getValue());
        m.put("resources", Resources.of(o.getResourcesList()).flatten());
        return m;
    }

    static Map<String, Object> agent(AgentSnapshot a, Resources used, Resources offered) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("pid", agentPid(a));
        m.put("hostname", a.info().getHostname());
        m.put("port", a.info().getPort());
        m.put("attributes", attributes(a.info().getAttributesList()));
        m.put("registered_time", seconds(a.registeredTime()));
        a.reregisteredTime().ifPresent(t -> m.put("reregistered_time", seconds(t)));
        Resources total = a.total();
        m.put("resources", total.flatten());
        m.put("used_resources", used.flatten());
        m.put("offered_resources", offered.flatten());
        m.put("reserved_resources", reservedByRole(total));
        m.put("unreserved_resources", total.unreserved().flatten());
        m.put("active", a.state() == AgentState.ACTIVE && !a.deactivated());
        m.put("deactivated", a.state() != AgentState.ACTIVE || a.deactivated());
        a.drain().ifPresent(d -> m.put("drain_info", d));
        m.put("connected", a.connected());
        m.put("version", a.version());
        List<String> caps = new ArrayList<>();
        a.capabilities().forEach(c -> caps.add(c.getType().name()));
        m.put("capabilities", caps);
        return m;
    }

    /** Mesos agents are addressed as {@code slave(1)@ip:port}; tools parse the host and port out of it. */
    /** Reserved resources by the role of their innermost reservation, as Mesos's state shows them. */
    private static Map<String, Object> reservedByRole(Resources total) {
        Map<String, Object> byRole = new java.util.TreeMap<>();
        total.reserved().toList().forEach(r -> byRole.putIfAbsent(
                r.getReservations(r.getReservationsCount() - 1).getRole(), null));
        byRole.replaceAll((role, none) -> total.reserved(role).flatten());
        return byRole;
    }

    static String agentPid(AgentSnapshot a) {
        return "slave(1)@" + a.info().getHostname() + ":" + a.info().getPort();
    }

    private static Map<String, Object> attributes(List<Attribute> attributes) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Attribute at : attributes) {
            switch (at.getType()) {
                case SCALAR -> m.put(at.getName(), at.getScalar().getValue());
                case TEXT -> m.put(at.getName(), at.getText().getValue());
                case RANGES -> m.put(at.getName(), Resources.rangesText(at.getRanges()));
                case SET -> m.put(at.getName(), "{" + String.join(",", at.getSet().getItemList()) + "}");
                default -> { }
            }
        }
        return m;
    }

    static double seconds(Instant t) {
        return OperatorApi.seconds(t);
    }
}
