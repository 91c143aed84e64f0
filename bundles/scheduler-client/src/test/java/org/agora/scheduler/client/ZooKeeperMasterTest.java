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
package org.agora.scheduler.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.agora.api.json.ProtoJson;
import org.agora.api.v1.Protos.Address;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.scheduler.client.peer.SchedulerApiPeer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ZooKeeperMasterTest {

    private static TestingServer zookeeper;
    private static CuratorFramework curator;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zookeeper = new TestingServer(true);
        curator = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(), new RetryOneTime(100));
        curator.start();
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        curator.close();
        zookeeper.close();
    }

    @Test
    void aZkMasterIsTheLeaderNamedInTheGroup() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SchedulerApiPeer peer = SchedulerApiPeer.start()) {
            MasterInfo leader = MasterInfo.newBuilder().setId("m1").setIp(0x0100007f).setPort(peer.port())
                    .setHostname("localhost")
                    .setAddress(Address.newBuilder().setIp("127.0.0.1").setHostname("localhost").setPort(peer.port()))
                    .build();
            curator.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                    .forPath("/agora/json.info_", ProtoJson.toBytes(leader));
            try (SchedulerClient client = SchedulerClient.builder("zk://" + zookeeper.getConnectString() + "/agora")
                    .handler(handler).build()) {
                client.subscribe(SchedulerClientTest.FRAMEWORK).orTimeout(10, TimeUnit.SECONDS).join();

                assertThat(client.master()).contains(peer.address());
                assertThat(peer.subscribes()).hasSize(1);
            }
        }
    }

    @Test
    void aZkGroupWithoutLeaderFailsAfterTheLeaderTimeout() {
        try (SchedulerClient client = SchedulerClient.builder("zk://" + zookeeper.getConnectString() + "/empty")
                .handler(new RecordingHandler()).leaderTimeout(Duration.ofMillis(500)).build()) {
            Throwable failure = catchThrowableOfType(CompletionException.class, () -> client
                    .subscribe(SchedulerClientTest.FRAMEWORK).orTimeout(5, TimeUnit.SECONDS).join()).getCause();

            assertThat(failure).isInstanceOf(MasterUnreachableException.class)
                    .hasMessageContaining("no leading master").hasMessageContaining("/empty");
        }
    }
}
