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
package org.agora.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.agora.api.json.ProtoJson;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.discovery.Leader;
import org.agora.discovery.MasterDetector;
import org.agora.discovery.ZooKeeperClients;
import org.agora.master.internal.MasterComponent;
import org.agora.master.internal.security.Caller;
import org.agora.scheduler.client.Backoff;
import org.agora.scheduler.client.Disconnect;
import org.agora.scheduler.client.SubscriptionFailedException;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Java scheduler client through master failovers: two real masters contend in a real ZooKeeper, the framework
 * finds the leader with a {@code zk://} URL and its client re-subscribes by itself
 * ({@link org.agora.scheduler.client.SchedulerClientBuilder#failover}). The leader goes away either by stopping or
 * by losing its znode as it does when its ZooKeeper session expires (it stays up and follows).
 */
class SchedulerFailoverIT {
    /** A backoff that never fires within a test: re-subscribing to a new leader must not wait for it. */
    private static final Backoff NO_TIMER = new Backoff(Duration.ofHours(1), Duration.ofHours(1), 0);

    private ZooKeeperCluster cluster;
    private CuratorFramework zk;
    private MasterDetector detector;
    /** Every leader ZooKeeper named, with when it was seen here. */
    private final List<Announcement> announcements = new CopyOnWriteArrayList<>();

    record Announcement(long nanos, int port) {
    }

    @BeforeEach
    void start() throws Exception {
        cluster = ZooKeeperCluster.start();
        zk = ZooKeeperClients.newClient(cluster.url);
        zk.start();
        detector = MasterDetector.create(zk, cluster.url.path(), Runnable::run, leader -> leader.map(this::port)
                .ifPresent(port -> announcements.add(new Announcement(System.nanoTime(), port))));
        detector.start();
    }

    @AfterEach
    void stop() throws Exception {
        detector.close();
        zk.close();
        cluster.close();
    }

    private int port(Leader leader) {
        return ProtoJson.parse(leader.data(), MasterInfo.newBuilder()).buildPartial().getPort();
    }

    private static int port(MasterComponent m) throws Exception {
        return m.snapshot().get(5, TimeUnit.SECONDS).self().getPort();
    }

    private String zkMaster() {
        return "zk://" + cluster.url.connectString() + cluster.url.path();
    }

    /** The first master leads, the second follows. */
    private List<MasterComponent> twoMasters() {
        MasterComponent first = cluster.master();
        InProcessCluster.awaitLeading(first);
        MasterComponent second = cluster.master();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> port(second) > 0);
        return List.of(first, second);
    }

    @ParameterizedTest
    @EnumSource(LeaderLoss.class)
    void aFrameworkFollowsTheNewLeaderAtOnceWithItsId(LeaderLoss loss) throws Exception {
        List<MasterComponent> masters = twoMasters();
        int second = port(masters.get(1));
        try (Framework f = new Framework(zkMaster(), NO_TIMER)) {
            String id = f.client.subscribe(Framework.info("follows-" + loss).setFailoverTimeout(0).build())
                    .get(20, TimeUnit.SECONDS).getFrameworkId().getValue();
            long lostAt = System.nanoTime();

            loss.apply(masters.get(0), cluster);

            await().atMost(Duration.ofSeconds(30)).until(() -> f.subscriptions.size() == 2);
            assertThat(f.subscriptions.get(1).getFrameworkId().getValue()).isEqualTo(id);
            assertThat(f.subscriptions.get(1).getMasterInfo().getPort()).isEqualTo(second);
            assertThat(f.client.master()).get().asString().endsWith(":" + second); // as ZooKeeper or a 307 says
            assertThat(f.disconnects).hasSize(1).noneMatch(Disconnect::isFinal);
            InProcessCluster.awaitLeading(masters.get(1));
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> masters.get(1).snapshot()
                    .get(5, TimeUnit.SECONDS).frameworks().frameworks().stream()
                    .anyMatch(fw -> fw.id().equals(id) && fw.connected()));
            long announced = announcements.stream().filter(a -> a.port() == second).findFirst().orElseThrow()
                    .nanos();
            long subscribed = f.subscribedNanos.get(1);
            System.out.printf("[figures] %s: new leader announced -> SUBSCRIBED on it %.1f ms; leader lost -> "
                    + "SUBSCRIBED %.1f ms; disconnect %s%n", loss, (subscribed - announced) / 1e6,
                    (subscribed - lostAt) / 1e6, f.disconnects.get(0).reason());
        }
    }

    @Test
    void aReSubscriptionTheMasterRefusesIsReportedOnceAndNotRetried() throws Exception {
        MasterComponent master = cluster.master();
        InProcessCluster.awaitLeading(master);
        Backoff quick = new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), 0);
        try (Framework f = new Framework(zkMaster(), quick)) {
            String id = f.client.subscribe(Framework.info("torn-down").setFailoverTimeout(3600).build())
                    .get(20, TimeUnit.SECONDS).getFrameworkId().getValue();

            // an operator tears the framework down while its stream is open: the stream ends, no ERROR on it
            master.call(m -> {
                m.operatorCalls().teardownFramework(id, Caller.ANONYMOUS);
                return null;
            }).get(5, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(20)).until(() -> f.disconnects.size() == 2);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> f.disconnects.size() == 2 && f.subscriptions.size() == 1);
            Disconnect refused = f.disconnects.get(1);
            assertThat(f.disconnects.get(0).isFinal()).isFalse();
            assertThat(refused.reason()).isEqualTo(Disconnect.Reason.RESUBSCRIBE_FAILED);
            assertThat(refused.message()).contains("after 1 attempt(s)", id, "has been removed");
            assertThat(refused.cause()).get().isInstanceOfSatisfying(SubscriptionFailedException.class,
                    e -> assertThat(e.isErrorEvent()).isTrue());
            assertThat(f.client.isConnected()).isFalse();
            assertThat(master.snapshot().get(5, TimeUnit.SECONDS).frameworks().frameworks()).isEmpty();
        }
    }
}
