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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.peer.SchedulerApiPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerClientTest {

    static final FrameworkInfo FRAMEWORK = FrameworkInfo.newBuilder().setUser("nobody").setName("client-test")
            .addRoles("*").build();

    private final SchedulerApiPeer peer = SchedulerApiPeer.start();
    private final RecordingHandler handler = new RecordingHandler();
    private SchedulerClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        peer.close();
    }

    private SchedulerClient client(String master, ContentType type) {
        client = SchedulerClient.builder(master).handler(handler).contentType(type)
                .requestTimeout(Duration.ofSeconds(5)).build();
        return client;
    }

    private Event.Subscribed subscribe(ContentType type) {
        return client(peer.address(), type).subscribe(FRAMEWORK).orTimeout(5, TimeUnit.SECONDS).join();
    }

    static Event offers(String offerId) {
        return Event.newBuilder().setType(Event.Type.OFFERS).setOffers(Event.Offers.newBuilder()
                .addOffers(Offer.newBuilder().setId(OfferID.newBuilder().setValue(offerId))
                        .setFrameworkId(FrameworkID.newBuilder().setValue("f"))
                        .setAgentId(AgentID.newBuilder().setValue("a")).setHostname("host")))
                .build();
    }

    private static Event heartbeat() {
        return Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
    }

    private static Throwable failure(CompletableFuture<?> future) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(CompletionException.class,
                () -> future.orTimeout(5, TimeUnit.SECONDS).join()).getCause();
    }

    @Test
    void subscribeDeliversSubscribedAndRemembersTheStreamAndFramework() {
        Event.Subscribed subscribed = subscribe(ContentType.PROTOBUF);

        assertThat(subscribed.getFrameworkId().getValue()).isEqualTo("peer-0000");
        assertThat(client.frameworkId()).contains(subscribed.getFrameworkId());
        assertThat(client.streamId()).contains(peer.stream().streamId());
        assertThat(client.master()).contains(peer.address());
        assertThat(client.isConnected()).isTrue();
        await().atMost(5, TimeUnit.SECONDS).until(() -> handler.types().contains(Event.Type.SUBSCRIBED));
        Call call = peer.subscribes().get(0);
        assertThat(call.getSubscribe().getFrameworkInfo()).isEqualTo(FRAMEWORK);
        assertThat(call.hasFrameworkId()).isFalse();
        assertThat(peer.stream().isJson()).isFalse();
    }

    @Test
    void jsonIsSpokenWhenSelected() {
        subscribe(ContentType.JSON);
        peer.stream().send(offers("o-1"));

        await().atMost(5, TimeUnit.SECONDS).until(() -> handler.events.size() == 2);
        assertThat(peer.stream().isJson()).isTrue();
        assertThat(handler.events.get(1).getOffers().getOffers(0).getId().getValue()).isEqualTo("o-1");

        client.decline(List.of(OfferID.newBuilder().setValue("o-1").build()), null).join();
        assertThat(peer.received()).singleElement().satisfies(r -> {
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.call().getType()).isEqualTo(Call.Type.DECLINE);
        });
    }

    @Test
    void eventsSplitAcrossChunksAndSeveralInOneChunkAreReassembled() {
        subscribe(ContentType.PROTOBUF);
        SchedulerApiPeer.Stream stream = peer.stream();
        byte[] first = stream.record(offers("split"));
        // a chunk ending inside the length header, one inside the data, then the rest
        stream.chunks(java.util.Arrays.copyOfRange(first, 0, 1), java.util.Arrays.copyOfRange(first, 1, 5),
                java.util.Arrays.copyOfRange(first, 5, first.length));
        byte[] second = stream.record(offers("together-1"));
        byte[] third = stream.record(heartbeat());
        byte[] fourth = stream.record(offers("together-2"));
        byte[] oneChunk = new byte[second.length + third.length + fourth.length];
        System.arraycopy(second, 0, oneChunk, 0, second.length);
        System.arraycopy(third, 0, oneChunk, second.length, third.length);
        System.arraycopy(fourth, 0, oneChunk, second.length + third.length, fourth.length);
        stream.chunks(oneChunk);

        await().atMost(5, TimeUnit.SECONDS).until(() -> handler.events.size() == 5);
        assertThat(handler.types()).containsExactly(Event.Type.SUBSCRIBED, Event.Type.OFFERS, Event.Type.OFFERS,
                Event.Type.HEARTBEAT, Event.Type.OFFERS);
        assertThat(handler.events.stream().filter(e -> e.getType() == Event.Type.OFFERS)
                .map(e -> e.getOffers().getOffers(0).getId().getValue()))
                .containsExactly("split", "together-1", "together-2");
        assertThat(handler.disconnects).isEmpty();
    }

    @Test
    void everyCallCarriesTheStreamIdAndFrameworkId() {
        Event.Subscribed subscribed = subscribe(ContentType.PROTOBUF);
        AgentID agent = AgentID.newBuilder().setValue("agent-1").build();
        TaskID task = TaskID.newBuilder().setValue("task-1").build();
        OfferID offer = OfferID.newBuilder().setValue("offer-1").build();
        ExecutorID executor = ExecutorID.newBuilder().setValue("executor-1").build();

        CompletableFuture.allOf(
                client.decline(List.of(offer), Filters.newBuilder().setRefuseSeconds(30).build()),
                client.launch(List.of(offer), List.of(), null),
                client.kill(task, agent),
                client.kill(task),
                client.acknowledge(TaskStatus.newBuilder().setTaskId(task).setAgentId(agent)
                        .setState(TaskState.TASK_RUNNING).setUuid(ByteString.copyFromUtf8("uuid-1")).build()),
                client.reconcile(List.of()),
                client.revive(List.of("*")),
                client.suppress(List.of()),
                client.message(agent, executor, ByteString.copyFromUtf8("hello")),
                client.shutdown(executor, agent),
                client.updateFramework(FRAMEWORK.toBuilder().setId(subscribed.getFrameworkId()).build())
        ).orTimeout(5, TimeUnit.SECONDS).join();
        client.teardown().orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(peer.received()).hasSize(12).allSatisfy(r -> {
            assertThat(r.streamId()).contains(peer.stream().streamId());
            assertThat(r.call().getFrameworkId()).isEqualTo(subscribed.getFrameworkId());
            assertThat(r.contentType()).isEqualTo("application/x-protobuf");
        });
        assertThat(peer.received().stream().map(r -> r.call().getType())).containsExactlyInAnyOrder(
                Call.Type.DECLINE, Call.Type.ACCEPT, Call.Type.KILL, Call.Type.KILL, Call.Type.ACKNOWLEDGE,
                Call.Type.RECONCILE, Call.Type.REVIVE, Call.Type.SUPPRESS, Call.Type.MESSAGE, Call.Type.SHUTDOWN,
                Call.Type.UPDATE_FRAMEWORK, Call.Type.TEARDOWN);
        assertThat(peer.calls(Call.Type.DECLINE).get(0).getDecline().getFilters().getRefuseSeconds()).isEqualTo(30);
        assertThat(peer.calls(Call.Type.ACKNOWLEDGE).get(0).getAcknowledge().getUuid().toStringUtf8())
                .isEqualTo("uuid-1");
        assertThat(peer.calls(Call.Type.ACCEPT).get(0).getAccept().getOperations(0).getType())
                .isEqualTo(Offer.Operation.Type.LAUNCH);
    }

    @Test
    void anUpdateWithoutUuidIsNotAcknowledged() {
        subscribe(ContentType.PROTOBUF);
        CompletableFuture<Void> ack = client.acknowledge(TaskStatus.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue("t")).setState(TaskState.TASK_RUNNING).build());

        assertThat(ack).isCompleted();
        assertThat(peer.received()).isEmpty();
    }

    @Test
    void aRejectedCallFailsWithTheStatusAndTheMastersMessage() {
        subscribe(ContentType.PROTOBUF);
        peer.reject(Call.Type.ACCEPT, 400, "Offer offer-9 is no longer valid");
        peer.reject(Call.Type.KILL, 403, "Framework is not subscribed");

        Throwable accept = failure(client.launch(List.of(OfferID.newBuilder().setValue("offer-9").build()),
                List.of(), null));
        Throwable kill = failure(client.kill(TaskID.newBuilder().setValue("t").build()));

        assertThat(accept).isInstanceOfSatisfying(CallRejectedException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.masterMessage()).isEqualTo("Offer offer-9 is no longer valid");
            assertThat(e.callType()).isEqualTo(Call.Type.ACCEPT);
            assertThat(e.getMessage()).contains("ACCEPT", peer.address(), "400", "no longer valid");
        });
        assertThat(kill).isInstanceOfSatisfying(CallRejectedException.class,
                e -> assertThat(e.statusCode()).isEqualTo(403));
    }

    @Test
    void aRejectedSubscribeFailsWithoutADisconnect() {
        peer.reject(Call.Type.SUBSCRIBE, 403, "Framework principal is not authorized");

        Throwable failure = failure(client(peer.address(), ContentType.PROTOBUF).subscribe(FRAMEWORK));

        assertThat(failure).isInstanceOfSatisfying(CallRejectedException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.masterMessage()).isEqualTo("Framework principal is not authorized");
        });
        assertThat(client.isConnected()).isFalse();
        assertThat(handler.disconnects).isEmpty();
    }

    @Test
    void anErrorEventInsteadOfSubscribedFailsTheSubscription() {
        peer.firstEvent(Event.newBuilder().setType(Event.Type.ERROR)
                .setError(Event.Error.newBuilder().setMessage("Framework has been removed")).build());

        Throwable failure = failure(client(peer.address(), ContentType.PROTOBUF).subscribe(FRAMEWORK));

        assertThat(failure).isInstanceOfSatisfying(SubscriptionFailedException.class, e -> {
            assertThat(e.isErrorEvent()).isTrue();
            assertThat(e.getMessage()).contains("Framework has been removed");
        });
        await().atMost(5, TimeUnit.SECONDS).until(() -> handler.types().contains(Event.Type.ERROR));
    }

    @Test
    void aRedirectIsFollowedToTheLeaderAndCallsGoThere() {
        try (SchedulerApiPeer follower = SchedulerApiPeer.start().redirectTo(peer)) {
            client(follower.address(), ContentType.PROTOBUF).subscribe(FRAMEWORK).orTimeout(5, TimeUnit.SECONDS)
                    .join();

            assertThat(follower.subscribes()).hasSize(1);
            assertThat(peer.subscribes()).hasSize(1);
            assertThat(client.master()).contains(peer.address());
            client.revive(List.of()).orTimeout(5, TimeUnit.SECONDS).join();
            assertThat(peer.calls(Call.Type.REVIVE)).hasSize(1);
        }
    }

    @Test
    void redirectsInACircleGiveUp() {
        try (SchedulerApiPeer a = SchedulerApiPeer.start(); SchedulerApiPeer b = SchedulerApiPeer.start()) {
            a.redirectTo(b);
            b.redirectTo(a);

            Throwable failure = failure(client(a.address(), ContentType.PROTOBUF).subscribe(FRAMEWORK));

            assertThat(failure).isInstanceOf(MasterUnreachableException.class).hasMessageContaining("redirects");
        }
    }

    @Test
    void anUnreachableMasterFailsTheSubscription() {
        int closedPort;
        try (SchedulerApiPeer gone = SchedulerApiPeer.start()) {
            closedPort = gone.port();
        }

        Throwable failure = failure(client("127.0.0.1:" + closedPort, ContentType.PROTOBUF).subscribe(FRAMEWORK));

        assertThat(failure).isInstanceOf(MasterUnreachableException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort);
    }

    @Test
    void aCallBeforeSubscribingFails() {
        Throwable failure = failure(client(peer.address(), ContentType.PROTOBUF).teardown());

        assertThat(failure).isInstanceOf(NotSubscribedException.class).hasMessageContaining("TEARDOWN");
        assertThat(peer.received()).isEmpty();
    }

    @Test
    void heartbeatsKeepTheStreamAliveAndTheirLossIsReportedOnce() {
        peer.heartbeatInterval(0.2); // dead after 1 s of silence; beats come every 50 ms
        subscribe(ContentType.PROTOBUF);
        var beats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            beats.scheduleAtFixedRate(() -> peer.stream().send(heartbeat()), 50, 50, TimeUnit.MILLISECONDS);
            await().during(1500, TimeUnit.MILLISECONDS).atMost(3, TimeUnit.SECONDS)
                    .until(() -> handler.disconnects.isEmpty());
        } finally {
            beats.shutdownNow();
        }
        assertThat(handler.types()).contains(Event.Type.HEARTBEAT);

        await().atMost(5, TimeUnit.SECONDS).until(() -> !handler.disconnects.isEmpty());
        assertThat(handler.disconnects.get(0).reason()).isEqualTo(Disconnect.Reason.HEARTBEAT_MISSED);
        assertThat(handler.disconnects.get(0).master()).isEqualTo(peer.address());
        assertThat(client.isConnected()).isFalse();
        await().during(1200, TimeUnit.MILLISECONDS).atMost(3, TimeUnit.SECONDS)
                .until(() -> handler.disconnects.size() == 1);
    }

    @Test
    void aStreamClosedByTheMasterIsReportedOnce() {
        peer.heartbeatInterval(0.1);
        subscribe(ContentType.PROTOBUF);

        peer.stream().close();

        await().atMost(5, TimeUnit.SECONDS).until(() -> !handler.disconnects.isEmpty());
        assertThat(handler.disconnects.get(0).reason()).isEqualTo(Disconnect.Reason.CLOSED_BY_MASTER);
        // the heartbeat watchdog must not report the same end again
        await().during(800, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS)
                .until(() -> handler.disconnects.size() == 1);
    }

    @Test
    void anInvalidRecordIsReportedAsAFailedStream() {
        subscribe(ContentType.PROTOBUF);

        peer.stream().chunks("12x\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        await().atMost(5, TimeUnit.SECONDS).until(() -> !handler.disconnects.isEmpty());
        assertThat(handler.disconnects).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(Disconnect.Reason.STREAM_FAILED);
            assertThat(d.message()).contains("record length header");
        });
    }

    @Test
    void resubscribeUsesTheFrameworkIdAndRetriesTransientFailures() {
        Event.Subscribed first = subscribe(ContentType.PROTOBUF);
        peer.reject(Call.Type.SUBSCRIBE, 503, "No leader elected", 2);
        CompletableFuture<Event.Subscribed> again = new CompletableFuture<>();
        handler.onDisconnect = d -> client.resubscribe(new Backoff(Duration.ofMillis(20), Duration.ofMillis(50), 0))
                .whenComplete((s, e) -> {
                    if (e != null) {
                        again.completeExceptionally(e);
                    } else {
                        again.complete(s);
                    }
                });

        peer.stream().close();

        Event.Subscribed second = again.orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(second.getFrameworkId()).isEqualTo(first.getFrameworkId());
        assertThat(peer.subscribes()).hasSize(4).last().satisfies(call -> {
            assertThat(call.getFrameworkId()).isEqualTo(first.getFrameworkId());
            assertThat(call.getSubscribe().getFrameworkInfo().getId()).isEqualTo(first.getFrameworkId());
        });
        assertThat(client.streamId()).contains(peer.stream().streamId());
        assertThat(handler.disconnects).hasSize(1);
    }

    @Test
    void resubscribeStopsAtAFinalAnswer() {
        subscribe(ContentType.PROTOBUF);
        peer.reject(Call.Type.SUBSCRIBE, 400, "Framework has been removed");

        Throwable failure = failure(client.resubscribe(new Backoff(Duration.ofMillis(10), Duration.ofMillis(10), 0)));

        assertThat(failure).isInstanceOfSatisfying(CallRejectedException.class,
                e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThat(peer.subscribes()).hasSize(2);
    }

    @Test
    void subscribingAgainReplacesTheStreamWithoutADisconnect() {
        Event.Subscribed first = subscribe(ContentType.PROTOBUF);
        SchedulerApiPeer.Stream firstStream = peer.stream();

        Event.Subscribed second = client.subscribe(FRAMEWORK.toBuilder().setId(first.getFrameworkId()).build())
                .orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(second.getFrameworkId()).isEqualTo(first.getFrameworkId());
        assertThat(peer.subscribes().get(1).getFrameworkId()).isEqualTo(first.getFrameworkId());
        assertThat(client.streamId()).contains(peer.stream().streamId());
        assertThat(peer.stream().streamId()).isNotEqualTo(firstStream.streamId());
        assertThat(firstStream.isClosed()).isTrue();
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS)
                .until(() -> handler.disconnects.isEmpty());
    }

    @Test
    void closeEndsTheStreamWithoutCallbacks() {
        subscribe(ContentType.PROTOBUF);
        SchedulerApiPeer.Stream stream = peer.stream();

        client.close();
        stream.send(heartbeat());
        stream.close();

        assertThat(client.isConnected()).isFalse();
        await().during(500, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS)
                .until(() -> handler.disconnects.isEmpty() && handler.events.size() <= 1);
        assertThat(failure(client.teardown())).isInstanceOf(NotSubscribedException.class);
    }

    @Test
    void badMastersAreRefusedWhenBuilding() {
        assertThatThrownBy(() -> SchedulerClient.builder("host:99999").handler(handler).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> SchedulerClient.builder("zk://host:2181").handler(handler).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path");
        assertThatThrownBy(() -> SchedulerClient.builder("host:5050").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("handler");
    }
}
