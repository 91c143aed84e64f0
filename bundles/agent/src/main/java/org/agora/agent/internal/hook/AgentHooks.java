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
package org.agora.agent.internal.hook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agora.api.hook.AgentHook;
import org.agora.api.hook.RankedHooks;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Environment;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's hooks ({@link AgentHook} services), run in ranking order, highest first. Bound and unbound on DS
 * threads; called on the agent's actor thread. A hook that throws is logged with its name and skipped for that call.
 *
 * <p>Environment: hooks add variables and never replace one; a name the agent ({@code MESOS_*}), the task's command
 * (its secrets included) or a higher-ranked hook set already keeps its value. Hooks are shown the environment so
 * far, without secret variables.
 */
public final class AgentHooks {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHooks.class);

    private final RankedHooks<AgentHook> hooks = new RankedHooks<>();

    /** A hook came, or its ranking changed. */
    public void add(AgentHook hook, Map<String, ?> properties) {
        hooks.bind(hook, properties);
    }

    public void remove(AgentHook hook) {
        hooks.unbind(hook);
    }

    /** The hooks in the order they run. */
    public List<AgentHook> inOrder() {
        return List.copyOf(hooks);
    }

    /**
     * The variables hooks add to a task's environment, in the order they were added.
     *
     * @param agentVariables what the agent sets for the task ({@code MESOS_*})
     */
    public Map<String, String> taskEnvironment(AgentInfo agent, FrameworkInfo framework, TaskInfo task,
            Map<String, String> agentVariables) {
        return decorate(agentVariables, task.getCommand(), "task " + task.getTaskId().getValue(),
                (hook, env) -> hook.decorateEnvironment(agent, framework, task, env));
    }

    /** The variables hooks add to a custom executor's environment, in the order they were added. */
    public Map<String, String> executorEnvironment(AgentInfo agent, FrameworkInfo framework, ExecutorInfo executor,
            Map<String, String> agentVariables) {
        return decorate(agentVariables, executor.getCommand(), "executor " + executor.getExecutorId().getValue(),
                (hook, env) -> hook.decorateExecutorEnvironment(agent, framework, executor, env));
    }

    private interface EnvironmentCall {
        Map<String, String> call(AgentHook hook, Map<String, String> environment);
    }

    private Map<String, String> decorate(Map<String, String> agentVariables, CommandInfo command, String what,
            EnvironmentCall call) {
        List<AgentHook> ordered = inOrder();
        if (ordered.isEmpty()) {
            return Map.of();
        }
        Map<String, String> shown = new LinkedHashMap<>(agentVariables);
        Map<String, String> secretNames = new LinkedHashMap<>();
        for (Environment.Variable v : command.getEnvironment().getVariablesList()) {
            if (v.getType() == Environment.Variable.Type.SECRET) {
                secretNames.put(v.getName(), "");
                shown.remove(v.getName());
            } else {
                shown.put(v.getName(), v.getValue());
            }
        }
        Map<String, String> added = new LinkedHashMap<>();
        for (AgentHook hook : ordered) {
            Map<String, String> offered;
            try {
                offered = call.call(hook, Collections.unmodifiableMap(new LinkedHashMap<>(shown)));
            } catch (RuntimeException e) {
                LOG.warn("Agent hook {} failed to decorate the environment of {}; skipped: {}", name(hook), what,
                        e.toString());
                continue;
            }
            if (offered == null) {
                continue;
            }
            for (Map.Entry<String, String> e : offered.entrySet()) {
                String name = e.getKey();
                if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0
                        || e.getValue() == null || e.getValue().indexOf('\0') >= 0) {
                    LOG.warn("Agent hook {} offered an invalid environment variable '{}' for {}; ignored",
                            name(hook), name, what);
                    continue;
                }
                if (shown.containsKey(name) || secretNames.containsKey(name)) {
                    LOG.debug("Agent hook {}: variable {} of {} is set already; kept", name(hook), name, what);
                    continue;
                }
                shown.put(name, e.getValue());
                added.put(name, e.getValue());
            }
        }
        return added;
    }

    /**
     * The status as the hooks decorate it: each hook in turn is given the status so far, and its result's
     * {@code labels} and {@code container_status}, where it has them, replace the status's own (as Mesos's
     * {@code slaveTaskStatusDecorator}); nothing else a hook changes is taken.
     */
    public TaskStatus decorate(AgentInfo agent, FrameworkInfo framework, TaskStatus status) {
        TaskStatus current = status;
        for (AgentHook hook : inOrder()) {
            try {
                TaskStatus decorated = hook.decorateStatus(agent, framework, current);
                if (decorated == null || decorated == current) {
                    continue;
                }
                // as Mesos's agent: what the hook's status has replaces the update's own; what it lacks is kept
                TaskStatus.Builder b = current.toBuilder();
                if (decorated.hasLabels()) {
                    b.setLabels(decorated.getLabels());
                }
                if (decorated.hasContainerStatus()) {
                    b.setContainerStatus(decorated.getContainerStatus());
                }
                current = b.build();
            } catch (RuntimeException e) {
                LOG.warn("Agent hook {} failed to decorate the {} update of task {}; skipped: {}", name(hook),
                        status.getState(), status.getTaskId().getValue(), e.toString());
            }
        }
        return current;
    }

    private static String name(AgentHook hook) {
        return hook.getClass().getName();
    }
}
