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
package org.agora.master.internal.shell;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.agora.api.v1.Protos.TaskState;

/**
 * What {@code agora:tasks} keeps: each criterion given must hold. States are Mesos's names (TASK_RUNNING), case
 * insensitive, the {@code TASK_} prefix optional (running), several separated by commas; the text matches a part of
 * the task's id or name, case insensitive.
 */
final class TaskFilter {
    private final Set<TaskState> states;
    private final Optional<String> framework;
    private final Optional<String> agent;
    private final Optional<String> role;
    private final Optional<String> text;

    private TaskFilter(Set<TaskState> states, Optional<String> framework, Optional<String> agent,
            Optional<String> role, Optional<String> text) {
        this.states = states;
        this.framework = framework;
        this.agent = agent;
        this.role = role;
        this.text = text.map(t -> t.toLowerCase(Locale.ROOT));
    }

    /** @param states null or a comma separated list of states */
    static TaskFilter of(String states, String framework, String agent, String role, String text) {
        return new TaskFilter(states == null ? EnumSet.noneOf(TaskState.class) : states(states),
                Optional.ofNullable(framework), Optional.ofNullable(agent), Optional.ofNullable(role),
                Optional.ofNullable(text));
    }

    /**
     * @throws IllegalArgumentException naming the value and the states there are
     */
    static Set<TaskState> states(String list) {
        Set<TaskState> out = EnumSet.noneOf(TaskState.class);
        for (String value : list.split(",")) {
            String name = value.trim().toUpperCase(Locale.ROOT);
            String full = name.startsWith("TASK_") ? name : "TASK_" + name;
            TaskState state = Arrays.stream(TaskState.values()).filter(s -> s.name().equals(full)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown task state '" + value.trim()
                            + "'; allowed: " + Arrays.stream(TaskState.values()).map(Enum::name)
                            .collect(Collectors.joining(", ")) + " (or without TASK_, in any case)"));
            out.add(state);
        }
        return out;
    }

    /** Whether finished tasks must be looked at: a terminal state was asked for. */
    boolean wantsFinished() {
        return states.stream().anyMatch(TaskFilter::terminal);
    }

    boolean keeps(TaskRows.Row r) {
        return (states.isEmpty() || states.contains(r.task().getState()))
                && framework.map(f -> f.equals(r.framework().id())).orElse(true)
                && agent.map(a -> a.equals(r.task().getAgentId().getValue())).orElse(true)
                && role.map(x -> x.equals(r.role())).orElse(true)
                && text.map(t -> r.id().toLowerCase(Locale.ROOT).contains(t)
                        || r.task().getName().toLowerCase(Locale.ROOT).contains(t)).orElse(true);
    }

    private static boolean terminal(TaskState s) {
        return switch (s) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_LOST, TASK_ERROR, TASK_DROPPED, TASK_GONE,
                    TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }
}
