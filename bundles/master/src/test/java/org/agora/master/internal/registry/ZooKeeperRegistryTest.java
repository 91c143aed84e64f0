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
package org.agora.master.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.agora.api.registry.RegistryProtos.Quotas;
import org.agora.api.registry.RegistryProtos.Weights;
import org.agora.api.v1.Protos.WeightInfo;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.agora.discovery.ZkUrl;
import org.agora.discovery.ZooKeeperClients;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ZooKeeperRegistry} against a real (in-process) ZooKeeper: the {@link RegistryContractTest contract}, where
 * each term is a member znode of the group as the contender creates it (the previous one deleted: its leader was
 * deposed), then what only ZooKeeper can show: sessions ending, other writers, the real request size, the layout.
 */
class ZooKeeperRegistryTest extends RegistryContractTest {
    private static final AtomicInteger STORES = new AtomicInteger();
    private static TestingServer zk;
    private static CuratorFramework client;

    private String base;
    private String member;

    @BeforeAll
    static void start() throws Exception {
        zk = new TestingServer(true);
        client = newClient();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        zk.close();
    }

    private static CuratorFramework newClient() throws InterruptedException {
        CuratorFramework c = ZooKeeperClients.newClient(ZkUrl.parse("zk://" + zk.getConnectString() + "/agora"));
        c.start();
        assertThat(c.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();
        return c;
    }

    @BeforeEach
    void freshStore() throws Exception {
        base = "/store-" + STORES.incrementAndGet();
        client.create().forPath(base);
        member = null;
    }

    @Override
    Registry firstTerm(String clusterName) {
        return nextTerm(clusterName);
    }

    @Override
    Registry nextTerm(String clusterName) {
        try {
            if (member != null) {
                client.delete().forPath(member);
            }
            member = join(client, base);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new ZooKeeperRegistry(client, base, clusterName, member);
    }

    /** Joins the master group at {@code path} as the contender does; returns the member znode. */
    private static String join(CuratorFramework c, String path) throws Exception {
        return c.create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath(path + "/json.info_", "{}".getBytes(
                StandardCharsets.UTF_8));
    }

    private String znode(String relative) {
        return base + "/registry" + (relative.isEmpty() ? "" : "/" + relative);
    }

    /** Where agent {@code id}'s entry of {@code table} lives, relative to the registry: "agents/43/a". */
    private static String at(String table, String id) {
        return RegistryLayout.agent(RegistryLayout.child(RegistryLayout.ROOT, table), id).substring(
                RegistryLayout.ROOT.length() + 1);
    }

    private byte[] data(String relative) throws Exception {
        return client.getData().forPath(znode(relative));
    }

    // ---- fencing ----

    @Test
    void aWriteAfterTheLeaderZnodeIsDeletedIsFencedAndChangesNothing() throws Exception {
        Registry r = recovered(firstTerm("test"));
        client.delete().forPath(member);

        Throwable refused = failure(r.admit(agent("a")));

        assertThat(refused).isInstanceOf(RegistryException.Fenced.class)
                .hasMessageContaining("leader znode " + member + " no longer exists");
        assertThat(exists(at("agents", "a"))).isFalse();
    }

    @Test
    void anotherSessionHoldingTheLeaderZnodeEndingFencesTheWrites() throws Exception {
        CuratorFramework holder = newClient();
        String held = join(holder, base);
        Registry r = recovered(new ZooKeeperRegistry(client, base, "test", held));
        join(r.admit(agent("a")));

        holder.close();

        assertThat(failure(r.admit(agent("b")))).isInstanceOf(RegistryException.Fenced.class)
                .hasMessageContaining(held);
        assertThat(exists(at("agents", "a"))).isTrue();
        assertThat(exists(at("agents", "b"))).isFalse();
    }

    @Test
    void theLeadersOwnSessionExpiringFencesItsWrites() throws Exception {
        CuratorFramework leader = newClient();
        try {
            String held = join(leader, base);
            Registry r = recovered(new ZooKeeperRegistry(leader, base, "test", held));
            join(r.admit(agent("a")));
            long session = leader.getZookeeperClient().getZooKeeper().getSessionId();

            expire(leader.getZookeeperClient().getZooKeeper());
            await().atMost(Duration.ofSeconds(30)).until(() -> client.checkExists().forPath(held) == null);
            await().atMost(Duration.ofSeconds(30)).until(() -> leader.getZookeeperClient().isConnected()
                    && leader.getZookeeperClient().getZooKeeper().getSessionId() != session);

            assertThat(failure(r.markUnreachable(id("a"), Instant.EPOCH)))
                    .isInstanceOf(RegistryException.Fenced.class);
            assertThat(exists(at("unreachable", "a"))).isFalse();
        } finally {
            leader.close();
        }
    }

    /** Ends {@code victim}'s session on the server, as a session timeout would: a clone of it closes. */
    private static void expire(ZooKeeper victim) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper clone = new ZooKeeper(zk.getConnectString(), 10_000, e -> {
            if (e.getState() == KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, victim.getSessionId(), victim.getSessionPasswd());
        assertThat(connected.await(30, TimeUnit.SECONDS)).isTrue();
        clone.close();
    }

    // ---- compare-and-set ----

    @Test
    void aZnodeChangedByAnotherWriterFencesTheWriteAndEveryLaterOne() throws Exception {
        Registry r = recovered(firstTerm("test"));
        join(r.admit(agent("a")));
        byte[] foreign = agent("a").toBuilder().setHostname("foreign").build().toByteArray();
        client.setData().forPath(znode(at("agents", "a")), foreign);

        assertThat(failure(r.admit(agent("a")))).isInstanceOf(RegistryException.Fenced.class)
                .hasMessageContaining("znode " + znode(at("agents", "a")) + " was changed by another writer");
        assertThat(data(at("agents", "a"))).isEqualTo(foreign);
        assertThat(failure(r.admit(agent("b")))).isInstanceOf(RegistryException.Fenced.class)
                .hasMessageContaining("an earlier write failed");
        assertThat(exists(at("agents", "b"))).isFalse();
    }

    @Test
    void aZnodeCreatedOrDeletedByAnotherWriterFencesTheWrite() throws Exception {
        Registry r = recovered(firstTerm("test"));
        client.create().forPath(znode("weights/x"), RegistryCodec.weight("x", 9.0));

        assertThat(failure(r.updateWeights(Map.of("w", 1.0, "x", 2.0))))
                .isInstanceOf(RegistryException.Fenced.class).hasMessageContaining(znode("weights/x"));
        assertThat(exists("weights/w")).isFalse();

        Registry next = recovered(nextTerm("test"));
        join(next.admit(agent("a")));
        client.delete().forPath(znode(at("agents", "a")));
        assertThat(failure(next.markGone(id("a"), Instant.EPOCH)))
                .isInstanceOf(RegistryException.Fenced.class).hasMessageContaining(znode(at("agents", "a")));
        assertThat(exists(at("gone", "a"))).isFalse();
    }

    // ---- bounds ----

    @Test
    void seventyThousandRoleWeightsNeverReachZooKeeper() throws Exception {
        CuratorFramework own = newClient();
        try {
            List<ConnectionState> states = Collections.synchronizedList(new ArrayList<>());
            own.getConnectionStateListenable().addListener((c, state) -> states.add(state));
            long session = own.getZookeeperClient().getZooKeeper().getSessionId();
            Registry r = recovered(new ZooKeeperRegistry(own, base, "test", join(own, base)));
            join(r.updateWeights(Map.of("kept", 2.0)));
            Map<String, Double> huge = manyWeights(70_000);
            // the write the incident sent: well over the 1 MiB jute.maxbuffer that makes ZooKeeper drop the session
            assertThat(RegistryWrite.weights(huge).estimatedBytes()).isGreaterThan(2 * 1024 * 1024);

            assertThat(failure(r.updateWeights(huge))).isInstanceOf(RegistryException.TooLarge.class);

            join(r.updateWeights(Map.of("after", 3.0)));
            assertThat(states).doesNotContain(ConnectionState.SUSPENDED, ConnectionState.LOST,
                    ConnectionState.RECONNECTED);
            assertThat(own.getZookeeperClient().getZooKeeper().getSessionId()).isEqualTo(session);
            assertThat(exists("weights/kept")).isTrue();
            assertThat(client.getChildren().forPath(znode("weights"))).containsExactlyInAnyOrder("kept", "after");
        } finally {
            own.close();
        }
    }

    @Test
    void theCountedSizeCoversTheRealRequestWithEitherAcl() throws Exception {
        CuratorFramework withCredentials = ZooKeeperClients.newClient(ZkUrl.parse("zk://agora:secret@"
                + zk.getConnectString() + "/agora"));
        withCredentials.start();
        try {
            for (CuratorFramework c : List.of(client, withCredentials)) {
                assertCountCoversRealSize(c);
            }
        } finally {
            withCredentials.close();
        }
    }

    private static void assertCountCoversRealSize(CuratorFramework c) throws Exception {
        for (RegistryWrite write : List.of(RegistryWrite.weights(manyWeights(Registry.MAX_ENTRIES_PER_WRITE)),
                RegistryWrite.admit(agent("a")), RegistryWrite.remove(id("a")))) {
            List<CuratorOp> ops = new ArrayList<>();
            ops.add(c.transactionOp().check().forPath("/a-fairly-long-group-path/json.info_0000000001"));
            for (RegistryWrite.Change change : write.changes()) {
                String path = "/a-fairly-long-group-path/" + change.path();
                ops.add(change.isDelete() ? c.transactionOp().delete().withVersion(3).forPath(path)
                        : c.transactionOp().create().forPath(path, change.data()));
            }

            assertThat((long) ZooKeeperRegistry.serializedSize(ops)).as(write.what())
                    .isLessThanOrEqualTo(write.estimatedBytes() + Registry.ENTRY_OVERHEAD_BYTES);
        }
    }

    // ---- layout ----

    @Test
    void eachRoleHasItsOwnZnodeUnderAnEncodedNameAndAFreshRegistryRecordsItsCluster() throws Exception {
        Registry r = recovered(firstTerm("prod-east"));
        join(r.updateWeights(Map.of("eng/ml.batch", 2.0)));
        join(r.updateQuotas(List.of(quota("eng", 1))));

        assertThat(new String(data("cluster"), StandardCharsets.UTF_8)).isEqualTo("prod-east");
        assertThat(client.getChildren().forPath(znode("weights"))).containsExactly("eng%2Fml%2Ebatch");
        assertThat(WeightInfo.parseFrom(data("weights/eng%2Fml%2Ebatch")).getWeight()).isEqualTo(2.0);
        assertThat(client.getChildren().forPath(znode("quotas"))).containsExactly("eng");
        assertThat(client.getChildren().forPath(znode(""))).containsExactlyInAnyOrder("cluster", "agents",
                "unreachable", "gone", "reservations", "weights", "quotas");
    }

    // ---- strict recovery ----

    static Stream<Arguments> unreadableEntries() {
        byte[] junk = {(byte) 0xff, 0x01};
        return Stream.of(
                Arguments.of("agents/bad", junk, "is not an AgentInfo"),
                Arguments.of(at("agents", "bad"), junk, "is not an AgentInfo"),
                Arguments.of(at("gone", "a"), new byte[9], "holds 9 bytes where a timestamp (8 bytes"),
                Arguments.of("agents/" + RegistryLayout.shard("y") + "/x", agent("x").toByteArray(),
                        "agent id 'x' belongs in shard " + RegistryLayout.shard("x")),
                Arguments.of("agents/good", agent("good").toByteArray(), "holds agent 'good', which"),
                Arguments.of("agents/x", agent("y").toByteArray(), "holds the AgentInfo of agent 'y', not of 'x'"),
                Arguments.of("foreign", new byte[0], "is not a registry entry"),
                Arguments.of("unreachable/a", new byte[7], "holds 7 bytes where a timestamp (8 bytes"),
                Arguments.of("gone/a", new byte[9], "holds 9 bytes where a timestamp (8 bytes"),
                Arguments.of("reservations/a", new byte[0], "holds no reservation"),
                Arguments.of("reservations/b", junk, "is not a Reservations record"),
                Arguments.of("weights/r", WeightInfo.newBuilder().setRole("r").setWeight(-1).build().toByteArray(),
                        "holds weight -1.0, not a positive finite number"),
                Arguments.of("weights/n", WeightInfo.newBuilder().setRole("n").setWeight(Double.NaN).build()
                        .toByteArray(), "holds weight NaN"),
                Arguments.of("weights/s", RegistryCodec.weight("t", 1), "holds the weight of role 't', not of 's'"),
                Arguments.of("weights/a%2", RegistryCodec.weight("a", 1), "is not a role name"),
                Arguments.of("weights/a%2fb", RegistryCodec.weight("a/b", 1), "is not a role name"),
                Arguments.of("weights/a.b", RegistryCodec.weight("a.b", 1), "is not a role name"),
                Arguments.of("quotas/q", junk, "is not a QuotaConfig"),
                Arguments.of("quotas/e", QuotaConfig.newBuilder().setRole("e").build().toByteArray(),
                        "neither guarantees nor limits"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("unreadableEntries")
    void recoveryStopsAtAnEntryItCannotReadAndNamesIt(String entry, byte[] data, String problem) throws Exception {
        Registry r = recovered(firstTerm("test"));
        join(r.admit(agent("good")));
        client.create().creatingParentsIfNeeded().forPath(znode(entry), data);

        assertRecoveryRefuses(znode(entry), problem);
        assertThat(data(entry)).isEqualTo(data);
    }

    @Test
    void recoveryRefusesAnEntryWithChildrenATableWithDataAndAClusterNameThatIsNotUtf8() throws Exception {
        Registry r = recovered(firstTerm("test"));
        join(r.admit(agent("a")));
        client.create().forPath(znode(at("agents", "a") + "/extra"));
        assertRecoveryRefuses(znode(at("agents", "a")), "has 1 children");
        client.delete().forPath(znode(at("agents", "a") + "/extra"));

        client.setData().forPath(znode("gone"), new byte[] {1});
        assertRecoveryRefuses(znode("gone"), "holds 1 bytes of data");
        client.setData().forPath(znode("gone"), new byte[0]);

        client.setData().forPath(znode("cluster"), new byte[] {(byte) 0xc3, 0x28});
        assertRecoveryRefuses(znode("cluster"), "does not hold a UTF-8 cluster name");
    }

    private void assertRecoveryRefuses(String znode, String problem) {
        Throwable refused = failure(nextTerm("test").recover());
        assertThat(refused).isInstanceOf(RegistryException.Corrupt.class).hasMessageContaining(problem)
                .hasMessageContaining("registry entry " + znode + " ");
        assertThat(((RegistryException.Corrupt) refused).znode()).isEqualTo(znode);
    }

    // ---- the agent tables' shards, and the layout before them ----

    @Test
    void anAgentsEntriesLiveInItsShardsWhichAreCreatedWithTheirFirstEntryAndKept() throws Exception {
        Registry r = recovered(firstTerm("test"));
        join(r.admit(agent("a")));
        join(r.admit(agent("b")));
        join(r.markUnreachable(id("a"), Instant.EPOCH));
        join(r.saveReservations(id("b"), reserved("eng")));

        assertThat(client.getChildren().forPath(znode("agents"))).containsExactlyInAnyOrder(
                RegistryLayout.shard("a"), RegistryLayout.shard("b"));
        assertThat(data("agents/" + RegistryLayout.shard("a"))).as("a shard holds no data").isEmpty();
        assertThat(exists(at("agents", "a"))).isTrue();
        assertThat(exists(at("unreachable", "a"))).isTrue();
        assertThat(exists(at("reservations", "b"))).isTrue();

        join(r.remove(id("a")));
        assertThat(exists(at("agents", "a"))).isFalse();
        assertThat(exists("agents/" + RegistryLayout.shard("a"))).as("a shard stays").isTrue();
        RegistryState state = recoverNextTerm();
        assertThat(state.admitted()).containsExactly(agent("b"));
        assertThat(state.unreachable()).isEmpty();
        assertThat(state.reservations()).containsOnlyKeys("b");
    }

    @Test
    void entriesOfTheLayoutBeforeShardsAreReadAndMovedIntoTheirShardsOnce() throws Exception {
        Registry first = recovered(firstTerm("test"));
        join(first.admit(agent("sharded")));
        // written as masters before the shards wrote them: right under each table
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            old.add("old-S" + i);
            client.create().forPath(znode("agents/old-S" + i), agent("old-S" + i).toByteArray());
        }
        client.create().forPath(znode("unreachable/old-S1"), RegistryCodec.time(Instant.ofEpochMilli(1_000)));
        client.create().forPath(znode("gone/lost"), RegistryCodec.time(Instant.ofEpochMilli(2_000)));
        client.create().forPath(znode("reservations/old-S2"), RegistryCodec.reservations(reserved("eng")));

        Registry moved = nextTerm("test");
        RegistryState state = join(moved.recover());

        assertThat(state.admitted()).hasSize(601).contains(agent("sharded"), agent("old-S599"));
        assertThat(state.unreachable()).containsOnly(Map.entry("old-S1", Instant.ofEpochMilli(1_000)));
        assertThat(state.gone()).containsOnlyKeys("lost");
        assertThat(state.reservations()).containsOnly(Map.entry("old-S2", reserved("eng")));
        for (String table : List.of("agents", "unreachable", "gone", "reservations")) {
            assertThat(client.getChildren().forPath(znode(table))).as(table).allMatch(RegistryLayout::isShard);
        }
        assertThat(old).allMatch(id -> exists(at("agents", id)));
        assertThat(data(at("agents", "old-S7"))).isEqualTo(agent("old-S7").toByteArray());
        assertThat(exists(at("gone", "lost"))).isTrue();

        // the new term knows where the moved entries are: it changes and deletes them at their versions
        join(moved.markUnreachable(id("old-S3"), Instant.ofEpochMilli(3_000)));
        join(moved.admit(agent("old-S1")));
        join(moved.markGone(id("old-S2"), Instant.ofEpochMilli(4_000)));
        RegistryState again = recoverNextTerm();
        assertThat(again.admitted()).hasSize(600);
        assertThat(again.unreachable()).containsOnly(Map.entry("old-S3", Instant.ofEpochMilli(3_000)));
        assertThat(again.gone()).containsOnlyKeys("lost", "old-S2");
        assertThat(again.reservations()).isEmpty();
    }

    private boolean exists(String relative) {
        try {
            return client.checkExists().forPath(znode(relative)) != null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the layout before one znode per role ----

    @Test
    void weightsAndQuotasStoredAsWholeTablesAreMigratedToOneZnodePerRole() throws Exception {
        recovered(firstTerm("test"));
        client.setData().forPath(znode("weights"), Weights.newBuilder()
                .addWeights(WeightInfo.newBuilder().setRole("eng/ml").setWeight(2))
                .addWeights(WeightInfo.newBuilder().setRole("ops").setWeight(0.5)).build().toByteArray());
        client.setData().forPath(znode("quotas"), Quotas.newBuilder().addConfigs(quota("eng", 3)).build()
                .toByteArray());

        RegistryState migrated = recoverNextTerm();

        assertThat(migrated.weights()).containsOnly(Map.entry("eng/ml", 2.0), Map.entry("ops", 0.5));
        assertThat(migrated.quotas()).containsExactly(quota("eng", 3));
        assertThat(data("weights")).isEmpty();
        assertThat(data("quotas")).isEmpty();
        assertThat(client.getChildren().forPath(znode("weights"))).containsExactlyInAnyOrder("eng%2Fml", "ops");
        RegistryState again = recoverNextTerm();
        assertThat(again.weights()).isEqualTo(migrated.weights());
        assertThat(again.quotas()).isEqualTo(migrated.quotas());
    }

    @Test
    void aWholeTableTooLargeToMigrateInOneWriteStopsRecoveryWithInstructions() throws Exception {
        recovered(firstTerm("test"));
        Weights.Builder old = Weights.newBuilder();
        manyWeights(1_200).forEach((role, w) -> old.addWeights(WeightInfo.newBuilder().setRole(role).setWeight(w)));
        client.setData().forPath(znode("weights"), old.build().toByteArray());

        Throwable refused = failure(nextTerm("test").recover());

        assertThat(refused).isExactlyInstanceOf(RegistryException.class)
                .hasMessageContaining(znode("weights") + " (1200 roles)").hasMessageContaining("UPDATE_WEIGHTS");
        assertThat(data("weights")).isEqualTo(old.build().toByteArray());
        assertThat(client.getChildren().forPath(znode("weights"))).isEmpty();
    }

    @Test
    void aWholeTableThatIsNotOneStopsRecovery() throws Exception {
        recovered(firstTerm("test"));
        client.setData().forPath(znode("quotas"), new byte[] {(byte) 0xff, 0x01});
        assertRecoveryRefuses(znode("quotas"), "holds 2 bytes that are neither a table of the old layout nor empty");

        client.setData().forPath(znode("quotas"), Quotas.newBuilder().addConfigs(noQuota("e")).build().toByteArray());
        assertRecoveryRefuses(znode("quotas"), "holds a table of the old layout with an entry that cannot be stored");
    }
}
