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
package org.agora.master.internal.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.DurationInfo;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Resource;
import org.junit.jupiter.api.Test;

class ExecutorChecksTest {
    private static final FrameworkID FW = FrameworkID.newBuilder().setValue("m-0001").build();

    private static ExecutorInfo.Builder custom(String id) {
        return ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue(id))
                .setCommand(CommandInfo.newBuilder().setValue("./executor"))
                .addAllResources(Resources.parse("cpus:0.1;mem:32").toList());
    }

    private static ExecutorInfo.Builder defaultExecutor(String resources) {
        return ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.DEFAULT)
                .setExecutorId(ExecutorID.newBuilder().setValue("group")).setFrameworkId(FW)
                .addAllResources(Resources.parse(resources).toList());
    }

    @Test
    void completingFillsInTheFrameworkIdAndTheOfferRoleOnlyWhereMissing() {
        ExecutorInfo done = ExecutorChecks.complete(custom("e").build(), FW, "web");
        assertThat(done.getFrameworkId()).isEqualTo(FW);
        assertThat(done.getResourcesList()).extracting(r -> r.getAllocationInfo().getRole()).containsOnly("web");
        ExecutorInfo other = custom("e").setFrameworkId(FrameworkID.newBuilder().setValue("x")).build();
        assertThat(ExecutorChecks.complete(other, FW, "web").getFrameworkId().getValue()).isEqualTo("x");
    }

    @Test
    void anExecutorOfAnotherFrameworkOrWithABadIdIsRefused() {
        ExecutorInfo foreign = custom("e").setFrameworkId(FrameworkID.newBuilder().setValue("x")).build();
        assertThat(ExecutorChecks.validate(foreign, FW, Optional.empty())).get().asString()
                .contains("invalid FrameworkID");
        assertThat(ExecutorChecks.validate(ExecutorChecks.complete(custom("a/b").build(), FW, "*"), FW,
                Optional.empty())).get().asString().contains("contains a '/'");
        assertThat(ExecutorChecks.validate(ExecutorChecks.complete(custom("..").build(), FW, "*"), FW,
                Optional.empty())).get().asString().contains("disallowed");
    }

    @Test
    void theSameExecutorIdMustCarryTheSameExecutorInfo() {
        ExecutorInfo first = ExecutorChecks.complete(custom("e").build(), FW, "*");
        ExecutorInfo changed = ExecutorChecks.complete(custom("e").setName("other").build(), FW, "*");
        assertThat(ExecutorChecks.validate(first, FW, Optional.of(first))).isEmpty();
        assertThat(ExecutorChecks.validate(changed, FW, Optional.of(first))).get().asString()
                .contains("not compatible with existing ExecutorInfo");
    }

    @Test
    void aTaskExecutorIsCustomWithACommand() {
        assertThat(ExecutorChecks.forTask(custom("e").build())).isEmpty();
        assertThat(ExecutorChecks.forTask(custom("e").clearCommand().build())).get().asString()
                .contains("'ExecutorInfo.command' must be set");
        assertThat(ExecutorChecks.forTask(custom("e").setType(ExecutorInfo.Type.DEFAULT).build())).get()
                .asString().contains("must be 'CUSTOM'");
    }

    @Test
    void aGroupExecutorHasATypeAndAtLeastTheSmallestResources() {
        assertThat(ExecutorChecks.forGroup(defaultExecutor("cpus:0.1;mem:32;disk:10").build())).isEmpty();
        assertThat(ExecutorChecks.forGroup(defaultExecutor("cpus:0.1;mem:32;disk:10").clearType().build()))
                .get().asString().contains("'ExecutorInfo.type' must be set");
        assertThat(ExecutorChecks.forGroup(defaultExecutor("cpus:0.001;mem:32;disk:10").build())).get()
                .asString().contains("less CPUs");
        assertThat(ExecutorChecks.forGroup(defaultExecutor("cpus:0.1;mem:16;disk:10").build())).get()
                .asString().contains("less memory");
        assertThat(ExecutorChecks.forGroup(defaultExecutor("cpus:0.1;mem:32").build())).get().asString()
                .contains("uses no disk");
        ExecutorInfo withCommand = defaultExecutor("cpus:0.1;mem:32;disk:10")
                .setCommand(CommandInfo.newBuilder().setValue("x")).build();
        assertThat(ExecutorChecks.validate(withCommand, FW, Optional.empty())).get().asString()
                .contains("must not be set for 'DEFAULT' executor");
    }

    @Test
    void aNegativeShutdownGracePeriodOrAMalformedResourceIsRefused() {
        ExecutorInfo negative = ExecutorChecks.complete(custom("e").setShutdownGracePeriod(DurationInfo.newBuilder()
                .setNanoseconds(-1)).build(), FW, "*");
        assertThat(ExecutorChecks.validate(negative, FW, Optional.empty())).get().asString()
                .contains("'shutdown_grace_period' must be non-negative");
        ExecutorInfo bad = ExecutorChecks.complete(custom("e").addResources(Resource.newBuilder().setName("cpus")
                .setType(org.agora.api.v1.Protos.Value.Type.SCALAR)).build(), FW, "*");
        assertThat(ExecutorChecks.validate(bad, FW, Optional.empty())).get().asString()
                .contains("Executor uses invalid resource cpus");
    }
}
