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
package org.agora.master.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.agora.api.config.TypedConfig;
import org.junit.jupiter.api.Test;

class MasterSettingsTest {

    private static MasterSettings settings(Map<String, Object> overrides) {
        return MasterSettings.from(TypedConfig.read(MasterConfiguration.class, MasterSettings.PID, overrides));
    }

    @Test
    void defaultsAreMesosDefaults() {
        MasterSettings s = settings(Map.of());

        assertThat(s.port()).isEqualTo(5050);
        assertThat(s.zk()).isEmpty();
        assertThat(s.agentUnreachableTimeout().toSeconds()).isEqualTo(75);
        assertThat(s.hostname()).isNotBlank();
    }

    @Test
    void malformedValuesAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> settings(Map.of("port", 70000)))
                .hasMessage("org.agora.master: port=70000 is not a port number (0-65535)");
        assertThatThrownBy(() -> settings(Map.of("zk", "http://x")))
                .hasMessageStartingWith("org.agora.master: zk: ");
        assertThatThrownBy(() -> settings(Map.of("agent.heartbeat.interval.ms", 5000,
                "agent.unreachable.timeout.ms", 1000)))
                .hasMessageContaining("agent.unreachable.timeout.ms=1000 must be longer than");
    }

    @Test
    void theRegistrationBacklogIsBoundedByDefaultAndZeroTurnsItOff() {
        assertThat(settings(Map.of()).agentRegistrationBacklog()).isEqualTo(1000);
        assertThat(settings(Map.of("agent.registration.backlog", 0)).flags())
                .containsEntry("agent.registration.backlog", "0");
        assertThatThrownBy(() -> settings(Map.of("agent.registration.backlog", -1)))
                .hasMessage("org.agora.master: agent.registration.backlog=-1 must not be negative (0 queues every "
                        + "registration)");
    }

    @Test
    void zkUrlAndAdvertisedAddressAreParsed() {
        MasterSettings s = settings(Map.of("zk", "zk://127.0.0.1:2181/agora", "ip", "127.0.0.1"));

        assertThat(s.zk()).hasValueSatisfying(z -> assertThat(z.path()).isEqualTo("/agora"));
        assertThat(s.advertisedIp()).isEqualTo("127.0.0.1");
        assertThat(s.flags()).containsEntry("zk", "zk://127.0.0.1:2181/agora").containsEntry("port", "5050");
    }

    @Test
    void httpLimitsHaveSafeDefaultsAndAreReportedWithoutSecrets() {
        MasterSettings s = settings(Map.of("http.header.timeout.ms", 2000, "tls.keystore.password", "hush"));
        assertThat(s.http().idleTimeout().toSeconds()).isEqualTo(60);
        assertThat(s.http().headerTimeout().toMillis()).isEqualTo(2000);
        assertThat(s.http().maxBodyBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(s.http().maxConnections()).isEqualTo(8192);
        assertThat(s.http().tls()).isEmpty();
        assertThat(s.flags()).containsEntry("http.header.timeout.ms", "2000").containsEntry("tls.keystore", "")
                .doesNotContainValue("hush");
        assertThatThrownBy(() -> settings(Map.of("http.max.pipelined.requests", -1)))
                .hasMessage("org.agora.master: http.max.pipelined.requests=-1 must not be negative");
        assertThatThrownBy(() -> settings(Map.of("tls.keystore", "/nonexistent/master.p12",
                "tls.keystore.password", "x")))
                .hasMessage("org.agora.master: tls.keystore: /nonexistent/master.p12: no such keystore file");
        assertThatThrownBy(() -> settings(Map.of("tls.client.auth", "need")))
                .hasMessage("org.agora.master: tls.truststore and tls.client.auth need tls.keystore");
    }

    @Test
    void ipv4IsEncodedInNetworkOrderAsMesosDoes() {
        assertThat(MasterInfos.ipv4NetworkOrder("127.0.0.1")).isEqualTo(16777343);
        assertThat(Integer.toUnsignedLong(MasterInfos.ipv4NetworkOrder("10.0.0.255")))
                .isEqualTo(0xff00000aL);
    }
}
