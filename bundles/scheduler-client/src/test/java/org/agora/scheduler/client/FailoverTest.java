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
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.agora.api.json.ProtoJson;
import org.agora.api.v1.Protos.Address;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.peer.SchedulerApiPeer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Re-subscription after a lost stream or a leader change, against scheduler-API peers (they count every SUBSCRIBE
 * and can refuse one) and a real ZooKeeper that names the leader.
 */
class FailoverTest {

    /** Never, as far as a test is concerned: what happens does not wait for a backoff. */
    private static final Backoff NO_TIMER = new Backoff(Duration.ofHours(1), Duration.ofHours(1), 0);
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), 0);

    private static TestingServer zookeeper;
    private static CuratorFramework curator;

    private final SchedulerApiPeer a = SchedulerApiPeer.start();
    private final SchedulerApiPeer b = SchedulerApiPeer.start();
    private final RecordingHandler handler = new RecordingHandler();
    private SchedulerClient client;

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

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        a.close();
        b.close();
    }

    /** Makes {@code peer} a member of the group, as a master's contender does; the lowest member leads. */
    private static String announce(String group, SchedulerApiPeer peer, String id) throws Exception {
        MasterInfo info = MasterInfo.newBuilder().setId(id).setIp(0x0100007f).setPort(peer.port())
                .setHostname("localhost")
                .setAddress(Address.newBuilder().setIp("127.0.0.1").setHostname("localhost").setPort(peer.port()))
                .build();
        return curator.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(group + "/json.info_", ProtoJson.toBytes(info));
    }

    private SchedulerClient client(String master, Backoff failover) {
        client = SchedulerClient.builder(master).handler(handler).failover(failover)
                .requestTimeout(Duration.ofSeconds(5)).build();
        return client;
    }

    private Event.Subscribed subscribe() {
        return client.subscribe(SchedulerClientTest.FRAMEWORK).orTimeout(10, TimeUnit.SECONDS).join();
    }

    private long subscribedEvents() {
        return handler.types().stream().filter(t -> t == Event.Type.SUBSCRIBED).count();
    }

    @Test
    void aNewLeaderInZooKeeperIsFollowedAtOnceWithTheFrameworkId() throws Exception {
        String leaderA = announce("/follow", a, "master-a");
        announce("/follow", b, "master-b");
        client("zk://" + zookeeper.getConnectString() + "/follow", NO_TIMER);
        String framework = subscribe().getFrameworkId().getValue();
        SchedulerApiPeer.Stream streamA = a.stream();

        curator.delete().forPath(leaderA); // as ZooKeeper does when A's session expires; A itself stays up

        await().atMost(20, TimeUnit.SECONDS).until(() -> subscribedEvents() == 2);
        assertThat(b.subscribes()).singleElement().satisfies(call -> {
            assertThat(call.getFrameworkId().getValue()).isEqualTo(framework);
            assertThat(call.getSubscribe().getFrameworkInfo().getId().getValue()).isEqualTo(framework);
        });
        assertThat(handler.disconnects).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(Disconnect.Reason.LEADER_CHANGED);
            assertThat(d.master()).isEqualTo(a.address());
            assertThat(d.message()).contains("master-b");
        });
        await().atMost(10, TimeUnit.SECONDS).until(() -> {
            streamA.send(Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
            return streamA.isClosed(); // the client hung up on A
        });
        assertThat(a.subscribes()).hasSize(1);
        assertThat(client.master()).contains(b.address());
        assertThat(client.streamId()).contains(b.stream().streamId());
    }

    @Test
    void aBrokenStreamWaitsForTheNextLeaderRatherThanTheBackoff() throws Exception {
        String leaderA = announce("/broken", a, "master-a");
        client("zk://" + zookeeper.getConnectString() + "/broken", NO_TIMER);
        String framework = subscribe().getFrameworkId().getValue();

        a.close(); // the stream breaks while ZooKeeper still names A
        await().atMost(10, TimeUnit.SECONDS).until(() -> handler.disconnects.size() == 1);
        curator.delete().forPath(leaderA);
        announce("/broken", b, "master-b");

        await().atMost(20, TimeUnit.SECONDS).until(() -> subscribedEvents() == 2);
        assertThat(a.subscribes()).as("no attempt at the dead master").hasSize(1);
        assertThat(b.subscribes()).singleElement()
                .satisfies(call -> assertThat(call.getFrameworkId().getValue()).isEqualTo(framework));
        assertThat(handler.disconnects).singleElement()
                .satisfies(d -> assertThat(d.reason()).isIn(Disconnect.Reason.CLOSED_BY_MASTER,
                        Disconnect.Reason.STREAM_FAILED));
    }

    @Test
    void transientFailuresAreRetriedAndNotReported() {
        client(a.address(), QUICK);
        String framework = subscribe().getFrameworkId().getValue();
        a.reject(Call.Type.SUBSCRIBE, 503, "Master is starting", 2);

        a.stream().close();

        await().atMost(10, TimeUnit.SECONDS).until(() -> subscribedEvents() == 2);
        assertThat(a.subscribes()).hasSize(4).last()
                .satisfies(call -> assertThat(call.getFrameworkId().getValue()).isEqualTo(framework));
        assertThat(handler.disconnects).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo(Disconnect.Reason.CLOSED_BY_MASTER));
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void aReSubscriptionRefusedWithAnErrorEventIsReportedOnceAndNotRetried() {
        client(a.address(), QUICK);
        String framework = subscribe().getFrameworkId().getValue();
        a.firstEvent(Event.newBuilder().setType(Event.Type.ERROR).setError(Event.Error.newBuilder()
                .setMessage("Framework " + framework + " has been removed")).build());

        a.stream().close();

        await().atMost(10, TimeUnit.SECONDS).until(() -> handler.disconnects.size() == 2);
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS)
                .until(() -> a.subscribes().size() == 2 && handler.disconnects.size() == 2);
        assertThat(handler.disconnects.get(1)).satisfies(d -> {
            assertThat(d.reason()).isEqualTo(Disconnect.Reason.RESUBSCRIBE_FAILED);
            assertThat(d.isFinal()).isTrue();
            assertThat(d.master()).isEqualTo(a.address());
            assertThat(d.message()).contains("after 1 attempt(s)", "has been removed");
            assertThat(d.cause()).get().isInstanceOfSatisfying(SubscriptionFailedException.class,
                    e -> assertThat(e.isErrorEvent()).isTrue());
        });
        assertThat(handler.types()).as("the refused attempt's ERROR is in the report, not an event")
                .doesNotContain(Event.Type.ERROR);
        assertThat(client.isConnected()).isFalse();
    }

    @Test
    void aReSubscriptionRefusedWith4xxIsReportedOnceAndNotRetried() {
        client(a.address(), QUICK);
        subscribe();
        a.reject(Call.Type.SUBSCRIBE, 403, "Framework principal is not authorized");

        a.stream().close();

        await().atMost(10, TimeUnit.SECONDS).until(() -> handler.disconnects.size() == 2);
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS)
                .until(() -> a.subscribes().size() == 2 && handler.disconnects.size() == 2);
        assertThat(handler.disconnects.get(1).cause()).get().isInstanceOfSatisfying(CallRejectedException.class,
                e -> assertThat(e.statusCode()).isEqualTo(403));
    }

    @Test
    void anErrorAfterSubscribedEndsTheFrameworkWithoutReSubscribing() {
        client(a.address(), QUICK);
        subscribe();

        a.stream().send(Event.newBuilder().setType(Event.Type.ERROR)
                .setError(Event.Error.newBuilder().setMessage("Framework failed over")).build());
        a.stream().close();

        await().atMost(10, TimeUnit.SECONDS).until(() -> handler.disconnects.size() == 1);
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS)
                .until(() -> a.subscribes().size() == 1 && handler.disconnects.size() == 1);
        assertThat(handler.types()).contains(Event.Type.ERROR);
        assertThat(handler.disconnects.get(0).isFinal()).isFalse();
    }

    @Test
    void withoutFailoverTheClientWaitsForTheApplication() {
        client = SchedulerClient.builder(a.address()).handler(handler).build();
        subscribe();

        a.stream().close();

        await().atMost(10, TimeUnit.SECONDS).until(() -> handler.disconnects.size() == 1);
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS)
                .until(() -> a.subscribes().size() == 1);
    }

    @Test
    void offersOfAStreamThatEndedBeforeTheirTurnAreNotHandedOn() throws Exception {
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        java.util.List<String> offers = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<Disconnect> ends = new java.util.concurrent.CopyOnWriteArrayList<>();
        client = SchedulerClient.builder(a.address()).handler(new EventHandler() {
            @Override
            public void event(Event event) {
                if (event.getType() == Event.Type.OFFERS) {
                    offers.add(event.getOffers().getOffers(0).getId().getValue());
                    await().atMost(10, TimeUnit.SECONDS).until(() -> busy.getCount() == 0); // a slow handler
                }
            }

            @Override
            public void disconnected(Disconnect disconnect) {
                ends.add(disconnect);
            }
        }).build();
        subscribe();

        a.stream().send(SchedulerClientTest.offers("o-1"));
        a.stream().send(SchedulerClientTest.offers("o-2"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> offers.size() == 1);
        a.stream().close();
        await().atMost(10, TimeUnit.SECONDS).until(() -> !client.isConnected());
        busy.countDown();

        await().atMost(10, TimeUnit.SECONDS).until(() -> ends.size() == 1);
        assertThat(offers).containsExactly("o-1");
    }

    @Test
    void aMasterThatRedirectsToItselfDoesNotServeYet() {
        a.redirectTo(a);
        client = SchedulerClient.builder(a.address()).handler(handler).build();

        Throwable failure = org.assertj.core.api.Assertions.catchThrowableOfType(
                java.util.concurrent.CompletionException.class, () -> subscribe()).getCause();

        assertThat(failure).isInstanceOf(MasterUnreachableException.class).hasMessageContaining("redirects to itself");
        assertThat(a.subscribes()).hasSize(1);
    }
}
