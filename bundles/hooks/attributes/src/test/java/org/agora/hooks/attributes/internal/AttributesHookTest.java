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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Attribute;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Label;
import org.agora.api.v1.Protos.Labels;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class AttributesHookTest {
    private static final FrameworkInfo FRAMEWORK = FrameworkInfo.newBuilder().setName("f").setUser("root").build();
    private static final AgentInfo AGENT = AgentInfo.newBuilder().setHostname("node7.example")
            .setId(AgentID.newBuilder().setValue("a1-S3"))
            .addAttributes(Attribute.newBuilder().setName("rack-id").setType(Value.Type.TEXT)
                    .setText(Value.Text.newBuilder().setValue("r12")))
            .addAttributes(Attribute.newBuilder().setName("gen").setType(Value.Type.SCALAR)
                    .setScalar(Value.Scalar.newBuilder().setValue(3)))
            .addAttributes(Attribute.newBuilder().setName("weight").setType(Value.Type.SCALAR)
                    .setScalar(Value.Scalar.newBuilder().setValue(0.5)))
            .addAttributes(Attribute.newBuilder().setName("slots").setType(Value.Type.RANGES)
                    .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(1).setEnd(4))
                            .addRange(Value.Range.newBuilder().setBegin(8).setEnd(9))))
            .addAttributes(Attribute.newBuilder().setName("zones").setType(Value.Type.SET)
                    .setSet(Value.Set.newBuilder().addItem("a").addItem("b")))
            .build();

    private static AttributesHook hook(Map<String, Object> config) {
        return new AttributesHook(new HashMap<>(config));
    }

    private static TaskInfo task(String labelKey, String labelValue) {
        TaskInfo.Builder t = TaskInfo.newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t"))
                .setAgentId(AGENT.getId());
        if (labelKey != null) {
            t.setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey(labelKey).setValue(labelValue)));
        }
        return t.build();
    }

    @Test
    void aTaskLabelledForItGetsTheAgentsAttributesAndHostFacts() {
        Map<String, String> vars = hook(Map.of()).decorateEnvironment(AGENT, FRAMEWORK,
                task("agora.hooks.attributes", "true"), Map.of());

        assertThat(vars).containsExactly(Map.entry("AGORA_ATTRIBUTE_RACK_ID", "r12"),
                Map.entry("AGORA_ATTRIBUTE_GEN", "3"), Map.entry("AGORA_ATTRIBUTE_WEIGHT", "0.5"),
                Map.entry("AGORA_ATTRIBUTE_SLOTS", "[1-4,8-9]"), Map.entry("AGORA_ATTRIBUTE_ZONES", "{a,b}"),
                Map.entry("AGORA_ATTRIBUTE_HOSTNAME", "node7.example"),
                Map.entry("AGORA_ATTRIBUTE_AGENT_ID", "a1-S3"));
    }

    @Test
    void tasksThatDoNotAskGetNothing() {
        AttributesHook hook = hook(Map.of());
        assertThat(hook.decorateEnvironment(AGENT, FRAMEWORK, task(null, null), Map.of())).isEmpty();
        assertThat(hook.decorateEnvironment(AGENT, FRAMEWORK, task("agora.hooks.attributes", "false"), Map.of()))
                .isEmpty();
        assertThat(hook.decorateEnvironment(AGENT, FRAMEWORK, task("other", "true"), Map.of())).isEmpty();
    }

    @Test
    void theLabelPrefixAndAllTasksAreConfigurable() {
        AttributesHook custom = hook(Map.of("label", "where", "prefix", "HOST_"));
        assertThat(custom.decorateEnvironment(AGENT, FRAMEWORK, task("where", "TRUE"), Map.of()))
                .containsEntry("HOST_RACK_ID", "r12").containsEntry("HOST_HOSTNAME", "node7.example");
        assertThat(custom.decorateEnvironment(AGENT, FRAMEWORK, task("agora.hooks.attributes", "true"), Map.of()))
                .isEmpty();

        AttributesHook all = hook(Map.of("all.tasks", true));
        assertThat(all.decorateEnvironment(AGENT, FRAMEWORK, task(null, null), Map.of()))
                .containsEntry("AGORA_ATTRIBUTE_GEN", "3");
    }

    @Test
    void customExecutorsAskWithTheirOwnLabels() {
        ExecutorInfo executor = ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("e"))
                .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("agora.hooks.attributes")
                        .setValue("true"))).build();
        assertThat(hook(Map.of()).decorateExecutorEnvironment(AGENT, FRAMEWORK, executor, Map.of()))
                .containsEntry("AGORA_ATTRIBUTE_AGENT_ID", "a1-S3");
        assertThat(hook(Map.of()).decorateExecutorEnvironment(AGENT, FRAMEWORK, executor.toBuilder().clearLabels()
                .build(), Map.of())).isEmpty();
    }

    @Test
    void anUnregisteredAgentHasNoIdVariable() {
        Map<String, String> vars = hook(Map.of()).variables(AGENT.toBuilder().clearId().build());
        assertThat(vars).doesNotContainKey("AGORA_ATTRIBUTE_AGENT_ID").containsKey("AGORA_ATTRIBUTE_HOSTNAME");
    }

    @Test
    void aBadLabelOrPrefixIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> hook(Map.of("label", " "))).hasMessageContaining("org.agora.hooks.attributes")
                .hasMessageContaining("label");
        assertThatThrownBy(() -> hook(Map.of("prefix", "1BAD"))).hasMessageContaining("org.agora.hooks.attributes")
                .hasMessageContaining("prefix '1BAD'");
        assertThatThrownBy(() -> hook(Map.of("prefix", "A-B"))).hasMessageContaining("prefix");
    }
}
