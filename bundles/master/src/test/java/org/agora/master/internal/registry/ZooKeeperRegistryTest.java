package org.agora.master.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.discovery.ZkUrl;
import org.agora.discovery.ZooKeeperClients;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ZooKeeperRegistryTest {
    private static TestingServer zk;
    private static CuratorFramework client;

    @BeforeAll
    static void start() throws Exception {
        zk = new TestingServer(true);
        client = ZooKeeperClients.newClient(ZkUrl.parse("zk://" + zk.getConnectString() + "/agora"));
        client.start();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        zk.close();
    }

    private static AgentInfo agent(String id) {
        return AgentInfo.newBuilder().setHostname("h-" + id).setPort(5051).setId(AgentID.newBuilder().setValue(id))
                .addAllResources(Resources.parse("cpus:1;mem:512").toList()).build();
    }

    @Test
    void whatIsWrittenIsWhatANewLeaderRecovers() {
        ZooKeeperRegistry registry = new ZooKeeperRegistry(client, "/recover");
        registry.admit(agent("a")).toCompletableFuture().join();
        registry.admit(agent("b")).toCompletableFuture().join();
        Instant when = Instant.ofEpochMilli(1_795_000_000_123L);
        registry.markUnreachable(agent("b").getId(), when).toCompletableFuture().join();

        RegistryState state = new ZooKeeperRegistry(client, "/recover").recover().toCompletableFuture().join();

        assertThat(state.admitted()).containsExactlyInAnyOrder(agent("a"), agent("b"));
        assertThat(state.unreachable()).containsExactly(java.util.Map.entry("b", when));
    }

    @Test
    void readmittingClearsUnreachableAndRemoveForgets() {
        ZooKeeperRegistry registry = new ZooKeeperRegistry(client, "/readmit");
        registry.admit(agent("a")).toCompletableFuture().join();
        registry.markUnreachable(agent("a").getId(), Instant.now()).toCompletableFuture().join();
        registry.admit(agent("a")).toCompletableFuture().join();
        assertThat(registry.recover().toCompletableFuture().join().unreachable()).isEmpty();

        registry.remove(agent("a").getId()).toCompletableFuture().join();
        assertThat(registry.recover().toCompletableFuture().join().admitted()).isEmpty();
    }

    @Test
    void aCorruptEntryIsSkippedWithoutLosingTheOthers() throws Exception {
        ZooKeeperRegistry registry = new ZooKeeperRegistry(client, "/corrupt");
        registry.admit(agent("good")).toCompletableFuture().join();
        client.create().forPath("/corrupt/registry/agents/bad", new byte[] {(byte) 0xff, 0x01});

        assertThat(registry.recover().toCompletableFuture().join().admitted()).containsExactly(agent("good"));
    }

    @Test
    void anEmptyRegistryRecoversEmpty() {
        RegistryState state = new ZooKeeperRegistry(client, "/nothing-here").recover().toCompletableFuture().join();

        assertThat(state.admitted()).isEmpty();
        assertThat(state.unreachable()).isEmpty();
    }
}
