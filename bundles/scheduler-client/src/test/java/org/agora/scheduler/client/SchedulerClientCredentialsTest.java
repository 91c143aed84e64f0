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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.peer.SchedulerApiPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HTTP Basic credentials on every request the client makes, against peers that require them. */
class SchedulerClientCredentialsTest {
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("fw:s3cr3t é"
            .getBytes(StandardCharsets.UTF_8));
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), 0);

    private final SchedulerApiPeer peer = SchedulerApiPeer.start().requireAuthorization(BASIC);
    private final RecordingHandler handler = new RecordingHandler();
    private SchedulerClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        peer.close();
    }

    private SchedulerClientBuilder builder(String master) {
        return SchedulerClient.builder(master).handler(handler).requestTimeout(Duration.ofSeconds(5));
    }

    @Test
    void theSubscribeAndEveryCallCarryTheCredentials() {
        client = builder(peer.address()).credentials("fw", "s3cr3t é").build();
        client.subscribe(SchedulerClientTest.FRAMEWORK).orTimeout(10, TimeUnit.SECONDS).join();
        client.decline(List.of(OfferID.newBuilder().setValue("o1").build()), null).orTimeout(10, TimeUnit.SECONDS)
                .join();
        client.revive(List.of()).orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(peer.calls(Call.Type.DECLINE)).hasSize(1);
        assertThat(peer.authorizations()).hasSize(3).containsOnly(Optional.of(BASIC));
    }

    @Test
    void withoutCredentialsTheSubscribeFailsWithTheMastersStatus() {
        client = builder(peer.address()).build();

        assertThatThrownBy(() -> client.subscribe(SchedulerClientTest.FRAMEWORK).orTimeout(10, TimeUnit.SECONDS)
                .join()).isInstanceOf(CompletionException.class).cause()
                .isInstanceOfSatisfying(CallRejectedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("Authentication required");
                });
        assertThat(peer.authorizations()).containsExactly(Optional.empty());
    }

    @Test
    void wrongCredentialsAreRefused() {
        client = builder(peer.address()).credentials("fw", "guess").build();

        assertThatThrownBy(() -> client.subscribe(SchedulerClientTest.FRAMEWORK).orTimeout(10, TimeUnit.SECONDS)
                .join()).cause().isInstanceOfSatisfying(CallRejectedException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(401));
    }

    @Test
    void reSubscriptionsAfterALostStreamCarryTheCredentials() {
        client = builder(peer.address()).credentials("fw", "s3cr3t é").failover(QUICK).build();
        client.subscribe(SchedulerClientTest.FRAMEWORK).orTimeout(10, TimeUnit.SECONDS).join();

        peer.stream().close(); // the master went away; the client subscribes again by itself

        await().atMost(Duration.ofSeconds(10)).until(() -> handler.types().stream()
                .filter(t -> t == Event.Type.SUBSCRIBED).count() == 2);
        assertThat(peer.subscribes()).hasSize(2);
        assertThat(peer.subscribes().get(1).getFrameworkId().getValue()).startsWith("peer-");
        assertThat(peer.authorizations()).hasSize(2).containsOnly(Optional.of(BASIC));
    }

    @Test
    void aRedirectedSubscribeAndItsCallsCarryTheCredentialsToTheLeader() {
        try (SchedulerApiPeer follower = SchedulerApiPeer.start().redirectTo(peer)) {
            client = builder(follower.address()).credentials("fw", "s3cr3t é").build();
            client.subscribe(SchedulerClientTest.FRAMEWORK).orTimeout(10, TimeUnit.SECONDS).join();
            client.decline(List.of(OfferID.newBuilder().setValue("o2").build()), null)
                    .orTimeout(10, TimeUnit.SECONDS).join();

            assertThat(follower.authorizations()).containsExactly(Optional.of(BASIC));
            assertThat(peer.authorizations()).hasSize(2).containsOnly(Optional.of(BASIC));
        }
    }

    @Test
    void credentialsBasicCannotCarryAreRefusedAtOnce() {
        SchedulerClientBuilder b = builder(peer.address());

        assertThatThrownBy(() -> b.credentials("a:b", "s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("':'");
        assertThatThrownBy(() -> b.credentials("fw", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.credentials("fw", "line\nbreak")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("line\nbreak");
    }
}
