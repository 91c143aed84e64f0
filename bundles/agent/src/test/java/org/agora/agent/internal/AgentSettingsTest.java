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
package org.agora.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.agora.agent.internal.task.RecoveryMode;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Value;
import org.agora.api.config.TypedConfig;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {

    private static AgentSettings settings(Map<String, Object> overrides) {
        return AgentSettings.from(TypedConfig.read(AgentConfiguration.class, AgentSettings.PID, overrides));
    }

    @Test
    void findsTheMasterThroughZooKeeperByDefault() {
        AgentSettings s = settings(Map.of());

        assertThat(s.zk()).hasValueSatisfying(z -> assertThat(z.path()).isEqualTo("/agora"));
        assertThat(s.masterAddress()).isEmpty();
        assertThat(s.port()).isEqualTo(5051);
    }

    @Test
    void acceptsASingleMasterAsHostAndPort() {
        AgentSettings s = settings(Map.of("master", "m1.example:5050"));

        assertThat(s.zk()).isEmpty();
        assertThat(s.masterAddress()).hasValue("m1.example:5050");
    }

    @Test
    void parsesResourcesAndAttributes() {
        AgentSettings s = settings(Map.of("resources", "cpus:4;mem:2048", "attributes", "rack:r1;level:3;ids:{a,b}"));

        assertThat(s.resources()).hasValue(Resources.parse("cpus:4;mem:2048"));
        assertThat(s.attributes()).extracting(a -> a.getName() + "=" + a.getType())
                .containsExactly("rack=TEXT", "level=SCALAR", "ids=SET");
        assertThat(s.attributes().get(1).getScalar().getValue()).isEqualTo(3.0);
        assertThat(s.attributes().get(0).getType()).isEqualTo(Value.Type.TEXT);
    }

    @Test
    void malformedValuesAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> settings(Map.of("master", "nonsense")))
                .hasMessage("org.agora.agent: master=nonsense must be zk://host:port/path or host:port");
        assertThatThrownBy(() -> settings(Map.of("resources", "cpus:lots")))
                .hasMessageStartingWith("org.agora.agent: resources: ");
        assertThatThrownBy(() -> settings(Map.of("attributes", "rack")))
                .hasMessage("org.agora.agent: attributes: 'rack' is not name:value");
        assertThatThrownBy(() -> settings(Map.of("registration.backoff.ms", 1000, "registration.backoff.max.ms", 10)))
                .hasMessageContaining("registration.backoff.max.ms=10 must be at least");
    }

    @Test
    void tasksSwitchUserAndGetThreeSecondsBetweenSigtermAndSigkillByDefault() {
        AgentSettings s = settings(Map.of());

        assertThat(s.switchUser()).isTrue();
        assertThat(s.tasks().killGracePeriod()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.tasks().statusRetryMin()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.tasks().statusRetryMax()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.flags()).containsEntry("switch.user", "true").containsEntry("task.kill.grace.period.ms", "3000");
    }

    @Test
    void checkpointedTasksOutliveAgentRestartsUnlessRecoverIsCleanup() {
        assertThat(settings(Map.of()).tasks().recovery()).isEqualTo(RecoveryMode.RECONNECT);
        assertThat(settings(Map.of()).flags()).containsEntry("recover", "reconnect");
        assertThat(settings(Map.of("recover", "cleanup")).tasks().recovery()).isEqualTo(RecoveryMode.CLEANUP);
        assertThatThrownBy(() -> settings(Map.of("recover", "sometimes")))
                .hasMessage("org.agora.agent: recover=sometimes must be reconnect or cleanup");
    }

    @Test
    void taskOptionsCanBeChangedButTheGracePeriodCannotBeNegative() {
        AgentSettings s = settings(Map.of("switch.user", false, "task.kill.grace.period.ms", 500L));

        assertThat(s.tasks().switchUser()).isFalse();
        assertThat(s.tasks().killGracePeriod()).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> settings(Map.of("task.kill.grace.period.ms", -1L)))
                .hasMessage("org.agora.agent: task.kill.grace.period.ms=-1 must not be negative");
    }

    @Test
    void executorsAuthenticateByDefaultAndHttpCallersWhenAsked() {
        AgentSettings defaults = settings(Map.of());
        assertThat(defaults.security()).isEqualTo(org.agora.agent.internal.security.SecurityOptions.DEFAULTS);
        assertThat(defaults.flags()).containsEntry("authenticate.http.executors", "true")
                .containsEntry("authenticate.http.readonly", "false")
                .containsEntry("authenticate.http.readwrite", "false").containsEntry("credential", "");

        AgentSettings s = settings(Map.of("authenticate.http.readonly", true, "authenticate.http.readwrite", "true",
                "authenticate.http.executors", false, "authenticator", " jaas ", "authorizer", "local",
                "executor.secret.key", "/etc/agora/executor.key", "credential", "/etc/agora/agent.credential"));

        assertThat(s.security().authenticateReadonly()).isTrue();
        assertThat(s.security().authenticateReadwrite()).isTrue();
        assertThat(s.security().authenticateExecutors()).isFalse();
        assertThat(s.security().authenticator()).isEqualTo("jaas");
        assertThat(s.security().authorizer()).isEqualTo("local");
        assertThat(s.security().executorSecretKey()).contains(java.nio.file.Path.of("/etc/agora/executor.key"));
        assertThat(s.security().credential()).contains(java.nio.file.Path.of("/etc/agora/agent.credential"));
        assertThat(s.flags()).containsEntry("credential", "/etc/agora/agent.credential")
                .containsEntry("executor.secret.key", "/etc/agora/executor.key");
        assertThatThrownBy(() -> settings(Map.of("authenticate.http.readonly", "maybe")))
                .hasMessageContaining("authenticate.http.readonly");
    }
}
