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
package org.agora.testing.topology;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a master's {@code /master/state} said at one moment: who it is, whom it takes for the leader, and the agents,
 * frameworks and tasks it knows.
 *
 * @param id          the master's id
 * @param pid         its {@code master@ip:port}
 * @param leader      the {@code pid} of the master it takes for the leader, if it knows one
 * @param electedTime when it was elected, if ever
 * @param agents      the agents it lists (not the unreachable ones)
 * @param unreachable how many agents it counts as unreachable
 * @param frameworks  the frameworks it knows
 */
public record MasterState(String id, String pid, Optional<String> leader, Optional<Double> electedTime,
        List<Agent> agents, int unreachable, List<Framework> frameworks) {

    /** An agent as the master lists it. */
    public record Agent(String id, boolean active, boolean connected) {
    }

    /** A framework as the master lists it; {@code tasks} covers live, unreachable and completed tasks. */
    public record Framework(String id, String name, boolean active, boolean connected, List<Task> tasks) {
    }

    /** A task as the master lists it. */
    public record Task(String id, String state, String agentId) {
    }

    /**
     * Claims to lead: it names itself the leader and has an election time, which is how the masters' state tells a
     * serving leader from a follower (or a master still recovering the registry).
     */
    public boolean leading() {
        return leader.isPresent() && leader.get().equals(pid) && electedTime.isPresent();
    }

    /** Whether it lists agent {@code agentId} as active. */
    public boolean hasActiveAgent(String agentId) {
        return agents.stream().anyMatch(a -> a.id().equals(agentId) && a.active());
    }

    /** The framework with {@code frameworkId}, if the master knows it. */
    public Optional<Framework> framework(String frameworkId) {
        return frameworks.stream().filter(f -> f.id().equals(frameworkId)).findFirst();
    }

    /**
     * @throws IllegalArgumentException if {@code json} is not a master's state
     */
    @SuppressWarnings("unchecked")
    public static MasterState parse(String json) {
        Map<String, Object> st = JsonTree.object(json);
        List<Agent> agents = ((List<Map<String, Object>>) st.getOrDefault("slaves", List.of())).stream()
                .map(a -> new Agent((String) a.get("id"), Boolean.TRUE.equals(a.get("active")),
                        !Boolean.FALSE.equals(a.get("connected"))))
                .toList();
        List<Framework> frameworks = ((List<Map<String, Object>>) st.getOrDefault("frameworks", List.of())).stream()
                .map(f -> new Framework((String) f.get("id"), (String) f.get("name"),
                        Boolean.TRUE.equals(f.get("active")), Boolean.TRUE.equals(f.get("connected")),
                        java.util.stream.Stream.of("tasks", "unreachable_tasks", "completed_tasks")
                                .flatMap(k -> ((List<Map<String, Object>>) f.getOrDefault(k, List.of())).stream())
                                .map(t -> new Task((String) t.get("id"), (String) t.get("state"),
                                        (String) t.get("slave_id")))
                                .toList()))
                .toList();
        Object unreachable = st.get("unreachable_slaves");
        return new MasterState((String) st.get("id"), (String) st.get("pid"),
                Optional.ofNullable((String) st.get("leader")),
                Optional.ofNullable((Double) st.get("elected_time")), agents,
                unreachable instanceof Double d ? d.intValue() : 0, frameworks);
    }
}
