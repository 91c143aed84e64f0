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
import java.util.HashMap;
import java.util.Map;
import org.agora.api.config.TypedConfig;
import org.agora.http.ServerTls.ClientAuthMode;
import org.agora.testing.pki.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agent's HTTP limits and TLS options: its own server, and the channel to the master. */
class AgentTlsSettingsTest {
    private static TestPki pki;

    @BeforeAll
    static void makeKeys() {
        pki = TestPki.createTemporary();
    }

    private static AgentSettings settings(Map<String, Object> overrides) {
        return AgentSettings.from(TypedConfig.read(AgentConfiguration.class, AgentSettings.PID, overrides));
    }

    @Test
    void httpLimitsHaveSafeDefaultsAndTheirKeys() {
        AgentSettings s = settings(Map.of("http.idle.timeout.ms", 5000, "http.max.connections", 50));
        assertThat(s.http().idleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.http().headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.http().bodyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.http().maxConnections()).isEqualTo(50);
        assertThat(s.http().tls()).isEmpty();
        assertThat(s.masterTls()).isEmpty();
        assertThat(s.flags()).containsEntry("http.idle.timeout.ms", "5000").containsEntry("master.tls", "false");
        assertThatThrownBy(() -> settings(Map.of("http.max.body.bytes", -1)))
                .hasMessage("org.agora.agent: http.max.body.bytes=-1 must not be negative");
    }

    @Test
    void aKeystoreTurnsTlsOnAndItsPasswordIsNeverReported() {
        Map<String, Object> config = new HashMap<>(Map.of("tls.keystore", pki.serverKeystore().toString(),
                "tls.keystore.password", TestPki.PASSWORD, "tls.truststore", pki.caPem().toString(),
                "tls.client.auth", "want"));
        AgentSettings s = settings(config);
        assertThat(s.http().tls()).hasValueSatisfying(t -> {
            assertThat(t.required()).isTrue();
            assertThat(t.clientAuth()).isEqualTo(ClientAuthMode.WANT);
        });
        assertThat(s.flags()).containsEntry("tls.keystore", pki.serverKeystore().toString())
                .doesNotContainKey("tls.keystore.password").doesNotContainValue(TestPki.PASSWORD);
    }

    @Test
    void aBadKeystoreStopsTheAgentNamingTheFile() {
        assertThatThrownBy(() -> settings(Map.of("tls.keystore", "/nonexistent/agent.p12",
                "tls.keystore.password", "x")))
                .hasMessage("org.agora.agent: tls.keystore: /nonexistent/agent.p12: no such keystore file");
    }

    @Test
    void tlsToTheMasterVerifiesWithTheGivenCas() {
        AgentSettings s = settings(Map.of("master", "127.0.0.1:5050", "master.tls", true,
                "master.tls.truststore", pki.caPem().toString()));
        assertThat(s.masterTls()).hasValueSatisfying(t -> assertThat(t.verifiesHostname()).isTrue());
        assertThat(s.flags()).containsEntry("master.tls", "true");

        assertThat(settings(Map.of("master.tls", true, "master.tls.verify.hostname", false)).masterTls())
                .hasValueSatisfying(t -> assertThat(t.verifiesHostname()).isFalse());
        assertThatThrownBy(() -> settings(Map.of("master.tls.truststore", pki.caPem().toString())))
                .hasMessageContaining("master.tls.truststore=" + pki.caPem() + " is set but master.tls is false");
        assertThatThrownBy(() -> settings(Map.of("master.tls", true, "master.tls.truststore", "/nonexistent/ca.pem")))
                .hasMessage("org.agora.agent: master.tls.truststore: /nonexistent/ca.pem: no such truststore file");
    }
}
