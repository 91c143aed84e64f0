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
package org.agora.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import org.junit.jupiter.api.Test;

/**
 * Compares every message, field and enum value of our v1 protos with the descriptors shipped
 * in Apache Mesos 1.11.0's Java jar (listing in {@code mesos-1.11.0-descriptors.txt}): names,
 * numbers, labels, types, defaults, oneofs and deprecation must all agree. The only tolerated
 * differences are values Mesos added after 1.11.0 and Agora's own additions, listed below.
 */
class MesosDescriptorParityTest {

    // In Mesos HEAD (include/mesos/v1/mesos.proto) but not in the 1.11.0 release.
    private static final Set<String> ADDED_AFTER_1_11 = Set.of(
            "V mesos.v1.CapabilityInfo.Capability.PERFMON = 1038",
            "V mesos.v1.CapabilityInfo.Capability.BPF = 1039",
            "V mesos.v1.CapabilityInfo.Capability.CHECKPOINT_RESTORE = 1040",
            "V mesos.v1.MasterInfo.Capability.Type.QUOTA_V2 = 3");

    // Agora's own addition: the agent's operator SUBSCRIBE (its events are agora/agent_events.proto, not Mesos's).
    private static final Set<String> AGORA_ADDITIONS = Set.of(
            "V mesos.v1.agent.Call.Type.SUBSCRIBE = 100");

    private static final List<FileDescriptor> FILES = List.of(
            Protos.getDescriptor(),
            org.agora.api.v1.scheduler.Protos.getDescriptor(),
            org.agora.api.v1.executor.Protos.getDescriptor(),
            org.agora.api.v1.master.Protos.getDescriptor(),
            org.agora.api.v1.agent.Protos.getDescriptor(),
            org.agora.api.v1.quota.Protos.getDescriptor(),
            org.agora.api.v1.maintenance.Protos.getDescriptor(),
            org.agora.api.v1.allocator.Protos.getDescriptor());

    @Test
    void everyMesosDefinitionIsPresentUnchanged() throws IOException {
        Set<String> ours = listing();
        Set<String> missing = new TreeSet<>(mesos());
        missing.removeAll(ours);

        assertThat(missing).as("Mesos 1.11.0 definitions that we lack or define differently").isEmpty();
    }

    @Test
    void weAddNothingButLaterMesosValues() throws IOException {
        Set<String> extra = new TreeSet<>(listing());
        extra.removeAll(mesos());

        Set<String> allowed = new TreeSet<>(ADDED_AFTER_1_11);
        allowed.addAll(AGORA_ADDITIONS);
        assertThat(extra).containsExactlyInAnyOrderElementsOf(allowed);
    }

    private static Set<String> mesos() throws IOException {
        Set<String> lines = new TreeSet<>();
        try (var in = MesosDescriptorParityTest.class.getResourceAsStream("mesos-1.11.0-descriptors.txt");
                var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(lines::add);
        }
        assertThat(lines).hasSizeGreaterThan(1900);
        return lines;
    }

    private static Set<String> listing() {
        List<String> out = new ArrayList<>();
        for (FileDescriptor file : FILES) {
            file.getMessageTypes().forEach(m -> message(m, out));
            file.getEnumTypes().forEach(e -> enumeration(e, out));
        }
        return new TreeSet<>(out);
    }

    private static void message(Descriptor message, List<String> out) {
        out.add("M " + message.getFullName());
        for (FieldDescriptor field : message.getFields()) {
            String type = field.getType().name();
            if (field.getType() == FieldDescriptor.Type.MESSAGE || field.getType() == FieldDescriptor.Type.GROUP) {
                type += ":" + field.getMessageType().getFullName();
            } else if (field.getType() == FieldDescriptor.Type.ENUM) {
                type += ":" + field.getEnumType().getFullName();
            }
            String label = field.isRequired() ? "required" : field.isRepeated() ? "repeated" : "optional";
            String def = field.toProto().hasDefaultValue() ? " default=" + field.toProto().getDefaultValue() : "";
            String oneof = field.getRealContainingOneof() != null
                    ? " oneof=" + field.getRealContainingOneof().getName() : "";
            String deprecated = field.getOptions().getDeprecated() ? " deprecated" : "";
            out.add("F " + message.getFullName() + "." + field.getName() + " = " + field.getNumber() + " "
                    + label + " " + type + def + oneof + deprecated);
        }
        message.getNestedTypes().forEach(m -> message(m, out));
        message.getEnumTypes().forEach(e -> enumeration(e, out));
    }

    private static void enumeration(EnumDescriptor enumeration, List<String> out) {
        out.add("E " + enumeration.getFullName());
        for (EnumValueDescriptor value : enumeration.getValues()) {
            out.add("V " + enumeration.getFullName() + "." + value.getName() + " = " + value.getNumber()
                    + (value.getOptions().getDeprecated() ? " deprecated" : ""));
        }
    }
}
