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
package org.agora.agent.internal.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.DurationInfo;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.junit.jupiter.api.Test;

class ExecutorEnvironmentTest {
    private static final AgentID AGENT = AgentID.newBuilder().setValue("m-S1").build();

    static ExecutorRun executor(ExecutorInfo.Builder info) {
        return new ExecutorRun(FrameworkID.newBuilder().setValue("m-0001").build(),
                info.setExecutorId(ExecutorID.newBuilder().setValue("e1")).build(),
                ContainerID.newBuilder().setValue("c1").build(), Path.of("/work/sandbox"), "");
    }

    @Test
    void durationsAreWrittenAsMesosWritesThem() {
        assertThat(ExecutorEnvironment.duration(Duration.ofMinutes(15))).isEqualTo("15mins");
        assertThat(ExecutorEnvironment.duration(Duration.ofSeconds(2))).isEqualTo("2secs");
        assertThat(ExecutorEnvironment.duration(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(ExecutorEnvironment.duration(Duration.ofSeconds(90))).isEqualTo("1.5mins");
        assertThat(ExecutorEnvironment.duration(Duration.ZERO)).isEqualTo("0ns");
    }

    @Test
    void anExecutorOfACheckpointingFrameworkIsToldHowToComeBack() {
        Map<String, String> env = ExecutorEnvironment.of(executor(ExecutorInfo.newBuilder()), AGENT,
                "10.0.0.1:5051", true, ExecutorSettings.DEFAULTS, java.util.Optional.of("the.token.value"));
        assertThat(env).containsEntry("MESOS_FRAMEWORK_ID", "m-0001").containsEntry("MESOS_EXECUTOR_ID", "e1")
                .containsEntry("MESOS_SLAVE_ID", "m-S1").containsEntry("MESOS_AGENT_ENDPOINT", "10.0.0.1:5051")
                .containsEntry("MESOS_SLAVE_PID", "slave(1)@10.0.0.1:5051")
                .containsEntry("MESOS_DIRECTORY", "/work/sandbox").containsEntry("MESOS_SANDBOX", "/work/sandbox")
                .containsEntry("MESOS_CHECKPOINT", "1").containsEntry("MESOS_HTTP_COMMAND_EXECUTOR", "0")
                .containsEntry("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs")
                .containsEntry("MESOS_RECOVERY_TIMEOUT", "15mins")
                .containsEntry("MESOS_SUBSCRIPTION_BACKOFF_MAX", "2secs")
                .containsEntry("MESOS_EXECUTOR_AUTHENTICATION_TOKEN", "the.token.value");
    }

    @Test
    void withoutCheckpointingThereIsNoRecoveryToSpeakOfAndTheExecutorsGracePeriodWins() {
        Map<String, String> env = ExecutorEnvironment.of(executor(ExecutorInfo.newBuilder().setShutdownGracePeriod(
                DurationInfo.newBuilder().setNanoseconds(Duration.ofSeconds(30).toNanos()))), AGENT,
                "10.0.0.1:5051", false, ExecutorSettings.DEFAULTS, java.util.Optional.empty());
        assertThat(env).containsEntry("MESOS_CHECKPOINT", "0")
                .containsEntry("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "30secs")
                .doesNotContainKeys("MESOS_RECOVERY_TIMEOUT", "MESOS_SUBSCRIPTION_BACKOFF_MAX",
                        "MESOS_EXECUTOR_AUTHENTICATION_TOKEN");
    }
}
