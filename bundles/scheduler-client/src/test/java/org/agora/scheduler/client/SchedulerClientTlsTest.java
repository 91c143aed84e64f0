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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.agora.api.tls.TlsMaterial;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.peer.SchedulerApiPeer;
import org.agora.testing.pki.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client over HTTPS, against a peer that speaks TLS only, with keys made by keytool. */
class SchedulerClientTlsTest {
    private static final char[] PASSWORD = TestPki.PASSWORD.toCharArray();
    private static TestPki pki;
    private static SchedulerApiPeer peer;

    @BeforeAll
    static void start() {
        pki = TestPki.createTemporary();
        SSLContext server = TlsMaterial.clientContext(null, TlsMaterial.keyManagers(pki.serverKeystore(), PASSWORD));
        peer = SchedulerApiPeer.startTls(server);
    }

    @AfterAll
    static void stop() {
        peer.close();
    }

    private static SSLContext trusting(java.nio.file.Path ca) {
        return TlsMaterial.clientContext(TlsMaterial.trustManagers(ca, null), null);
    }

    @Test
    void subscribesAndCallsOverHttpsWhenTheMasterIsTrusted() {
        RecordingHandler handler = new RecordingHandler();
        try (SchedulerClient client = SchedulerClient.builder(peer.address()).handler(handler)
                .tls(trusting(pki.caPem())).requestTimeout(Duration.ofSeconds(5)).build()) {
            client.subscribe(SchedulerClientTest.FRAMEWORK).orTimeout(10, TimeUnit.SECONDS).join();
            peer.stream().send(SchedulerClientTest.offers("o-tls"));
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.types().contains(Event.Type.OFFERS));
            // the calls go over the client's own pipelined connection, also TLS
            client.decline(List.of(OfferID.newBuilder().setValue("o-tls").build()), null)
                    .orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(peer.calls(Call.Type.DECLINE)).singleElement()
                    .satisfies(c -> assertThat(c.getDecline().getOfferIds(0).getValue()).isEqualTo("o-tls"));
        }
    }

    @Test
    void anHttpsMasterAddressIsAccepted() {
        try (SchedulerClient client = SchedulerClient.builder("https://" + peer.address())
                .handler(new RecordingHandler()).tls(trusting(pki.caPem())).requestTimeout(Duration.ofSeconds(5))
                .build()) {
            assertThat(client.subscribe(SchedulerClientTest.FRAMEWORK).orTimeout(10, TimeUnit.SECONDS).join()
                    .getFrameworkId().getValue()).startsWith("peer-");
        }
    }

    @Test
    void aMasterSignedByAnotherCaIsRefused() {
        try (SchedulerClient client = SchedulerClient.builder(peer.address()).handler(new RecordingHandler())
                .tls(trusting(pki.otherCaPem())).requestTimeout(Duration.ofSeconds(5)).build()) {
            assertThatThrownBy(() -> client.subscribe(SchedulerClientTest.FRAMEWORK)
                    .orTimeout(10, TimeUnit.SECONDS).join()).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(MasterUnreachableException.class);
        }
    }

    @Test
    void aPlaintextClientGetsNoAnswerFromATlsMaster() {
        try (SchedulerClient client = SchedulerClient.builder(peer.address()).handler(new RecordingHandler())
                .requestTimeout(Duration.ofSeconds(5)).build()) {
            assertThatThrownBy(() -> client.subscribe(SchedulerClientTest.FRAMEWORK)
                    .orTimeout(10, TimeUnit.SECONDS).join()).isInstanceOf(CompletionException.class);
        }
    }
}
