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
package org.agora.hooks.attributes.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.agora.api.config.TypedConfig;
import org.agora.api.hook.AgentHook;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Attribute;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Labels;
import org.agora.api.v1.Protos.TaskInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent hook that tells the tasks that ask for it where they run: the agent's attributes
 * ({@code AGORA_ATTRIBUTE_RACK=r1} for an attribute {@code rack:r1}), its hostname ({@code AGORA_ATTRIBUTE_HOSTNAME})
 * and its id ({@code AGORA_ATTRIBUTE_AGENT_ID}, once the agent is registered). A task asks with the label
 * {@code agora.hooks.attributes=true} (or every task, with {@code all.tasks}). Values are written as Mesos writes
 * attributes: text as is, scalars as numbers, ranges {@code [1-10,20-30]}, sets {@code {a,b}}.
 */
@Component(service = AgentHook.class, configurationPid = AttributesHook.PID, immediate = true)
@Designate(ocd = AttributesHookConfig.class)
public final class AttributesHook implements AgentHook {
    static final String PID = "org.agora.hooks.attributes";
    static final String DEFAULT_LABEL = "agora.hooks.attributes";
    static final String DEFAULT_PREFIX = "AGORA_ATTRIBUTE_";
    private static final Logger LOG = LoggerFactory.getLogger(AttributesHook.class);
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String label;
    private final String prefix;
    private final boolean allTasks;

    /** @throws IllegalArgumentException naming the PID and the option when the label or prefix is not usable */
    @Activate
    public AttributesHook(Map<String, Object> properties) {
        this(TypedConfig.read(AttributesHookConfig.class, PID, properties));
    }

    AttributesHook(AttributesHookConfig config) {
        this.label = config.label().strip();
        this.prefix = config.prefix().strip();
        this.allTasks = config.all_tasks();
        if (label.isEmpty()) {
            throw new IllegalArgumentException(PID + ": label is empty: name the task label that asks for the "
                    + "agent's attributes (default " + DEFAULT_LABEL + ")");
        }
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(PID + ": prefix '" + prefix + "' is not the start of a variable name "
                    + "(letters, digits and '_', not a digit first)");
        }
        LOG.info("Attributes hook: {} get the agent's attributes as {}* variables", allTasks ? "all tasks"
                : "tasks labelled " + label + "=true", prefix);
    }

    @Override
    public Map<String, String> decorateEnvironment(AgentInfo agent, FrameworkInfo framework, TaskInfo task,
            Map<String, String> environment) {
        return asks(task.getLabels()) ? variables(agent) : Map.of();
    }

    @Override
    public Map<String, String> decorateExecutorEnvironment(AgentInfo agent, FrameworkInfo framework,
            ExecutorInfo executor, Map<String, String> environment) {
        return asks(executor.getLabels()) ? variables(agent) : Map.of();
    }

    private boolean asks(Labels labels) {
        return allTasks || labels.getLabelsList().stream()
                .anyMatch(l -> l.getKey().equals(label) && l.getValue().strip().equalsIgnoreCase("true"));
    }

    /** The agent's facts as variables: its attributes in their order (the first of two that clash), then host facts. */
    Map<String, String> variables(AgentInfo agent) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (Attribute a : agent.getAttributesList()) {
            vars.putIfAbsent(prefix + variableName(a.getName()), value(a));
        }
        if (!agent.getHostname().isEmpty()) {
            vars.put(prefix + "HOSTNAME", agent.getHostname());
        }
        if (agent.hasId() && !agent.getId().getValue().isEmpty()) {
            vars.put(prefix + "AGENT_ID", agent.getId().getValue());
        }
        return vars;
    }

    /** {@code rack-id} as {@code RACK_ID}. */
    static String variableName(String attribute) {
        StringBuilder b = new StringBuilder(attribute.length());
        for (char c : attribute.toCharArray()) {
            b.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_') ? Character.toUpperCase(c) : '_');
        }
        return b.toString();
    }

    /** As Mesos writes an attribute's value. */
    static String value(Attribute a) {
        return switch (a.getType()) {
            case TEXT -> a.getText().getValue();
            case SCALAR -> scalar(a.getScalar().getValue());
            case RANGES -> a.getRanges().getRangeList().stream().map(r -> r.getBegin() + "-" + r.getEnd())
                    .collect(Collectors.joining(",", "[", "]"));
            case SET -> String.join(",", a.getSet().getItemList()).transform(s -> "{" + s + "}");
            default -> "";
        };
    }

    private static String scalar(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
