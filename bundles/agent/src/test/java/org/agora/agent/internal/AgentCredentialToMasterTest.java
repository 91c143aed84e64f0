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
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.agora.agent.internal.security.SecurityOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent presents its credential (Mesos's --credential) as HTTP Basic on the agent channel's upgrade request. */
class AgentCredentialToMasterTest {
    @TempDir
    Path workDir;

    FakeMaster master;
    AgentComponent agent;

    @BeforeEach
    void startMaster() throws Exception {
        master = new FakeMaster();
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
        master.close();
    }

    AgentComponent agent(SecurityOptions security) {
        return new AgentComponent(AgentSettings.of(Map.of("port", 0, "switch.user", false,
                "master", master.address(), "ip", "127.0.0.1",
                "hostname", "localhost", "work.dir", workDir.toString(), "resources", "cpus:1;mem:512;disk:100",
                "registration.backoff.ms", 50, "registration.backoff.max.ms", 500, "task.kill.grace.period.ms",
                1000)).withSecurity(security));
    }

    @Test
    void anAgentWithACredentialPresentsItOnTheChannelUpgrade() throws Exception {
        Path credential = Files.writeString(workDir.resolve("credential.json"),
                "{\"principal\":\"agent-principal\",\"secret\":\"agent-secret\"}");
        agent = agent(SecurityOptions.DEFAULTS.withCredential(credential));

        await().atMost(Duration.ofSeconds(20)).until(master::registered);

        assertThat(master.upgradeAuthorizations).isNotEmpty().allSatisfy(h -> assertThat(h).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("agent-principal:agent-secret".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void anAgentWithoutOnePresentsNone() {
        agent = agent(SecurityOptions.DEFAULTS);

        await().atMost(Duration.ofSeconds(20)).until(master::registered);

        assertThat(master.upgradeAuthorizations).isNotEmpty().containsOnly("");
    }

    @Test
    void aMalformedCredentialFileStopsTheAgentAtStartNamingTheFile() throws Exception {
        Path credential = Files.writeString(workDir.resolve("credential.json"), "{\"principal\":");

        assertThatThrownBy(() -> agent(SecurityOptions.DEFAULTS.withCredential(credential)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(credential.toString());
        assertThat(master.upgradeAuthorizations).isEmpty();
    }
}
