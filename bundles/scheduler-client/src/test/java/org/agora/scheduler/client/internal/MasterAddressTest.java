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
package org.agora.scheduler.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.agora.api.v1.Protos.Address;
import org.agora.api.v1.Protos.MasterInfo;
import org.junit.jupiter.api.Test;

class MasterAddressTest {

    @Test
    void mastersAreParsedAsHostAndPort() {
        assertThat(HostPort.parse("master1:5051")).isEqualTo(new HostPort("master1", 5051));
        assertThat(HostPort.parse("master1")).isEqualTo(new HostPort("master1", 5050));
        assertThat(HostPort.parse("http://10.0.0.1:5050/")).isEqualTo(new HostPort("10.0.0.1", 5050));
        assertThat(HostPort.parse("[::1]:5050").authority()).isEqualTo("[::1]:5050");
        assertThatThrownBy(() -> HostPort.parse("master1:0")).hasMessageContaining("port");
        assertThat(HostPort.parse("https://master1:5443")).isEqualTo(new HostPort("master1", 5443));
        assertThat(HostPort.parse("master1:5443").uri("https", "/x").toString()).isEqualTo("https://master1:5443/x");
        assertThatThrownBy(() -> HostPort.parse("ftp://master1")).hasMessageContaining("https://");
        assertThatThrownBy(() -> HostPort.parse("::1")).hasMessageContaining("brackets");
    }

    @Test
    void redirectLocationsAreUnderstoodInMesossFormsAndOthers() {
        HostPort from = new HostPort("follower", 5050);

        assertThat(MasterRequests.location(from, "//leader:5051/api/v1/scheduler"))
                .contains(new HostPort("leader", 5051));
        assertThat(MasterRequests.location(from, "http://leader:5052/api/v1/scheduler"))
                .contains(new HostPort("leader", 5052));
        assertThat(MasterRequests.location(from, "https://leader:5055/api/v1/scheduler"))
                .contains(new HostPort("leader", 5055));
        assertThat(MasterRequests.location(from, "leader:5053")).contains(new HostPort("leader", 5053));
        assertThat(MasterRequests.location(from, "//[::1]:5054/api/v1/scheduler"))
                .contains(new HostPort("::1", 5054));
        assertThat(MasterRequests.location(from, "/api/v1/scheduler")).contains(from);
        assertThat(MasterRequests.location(from, "//")).isEmpty();
    }

    @Test
    void aLeadersAddressComesFromItsMasterInfo() {
        MasterInfo.Builder info = MasterInfo.newBuilder().setId("m").setIp(0x0100007f).setPort(5050);

        assertThat(ZooKeeperLeader.address(info.build())).isEqualTo(new HostPort("127.0.0.1", 5050));
        assertThat(ZooKeeperLeader.address(info.setHostname("m1").build())).isEqualTo(new HostPort("m1", 5050));
        assertThat(ZooKeeperLeader.address(info.setAddress(Address.newBuilder().setIp("10.1.2.3").setPort(5055))
                .build())).isEqualTo(new HostPort("10.1.2.3", 5055));
    }
}
