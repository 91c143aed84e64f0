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
package org.agora.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.agora.api.tls.TlsMaterial;
import org.agora.http.ServerTls.ClientAuthMode;
import org.agora.testing.pki.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real TLS handshakes with keys made by keytool: server TLS, client certificates, and the WebSocket client. */
class TlsTest {
    private static final char[] PASSWORD = TestPki.PASSWORD.toCharArray();
    private static TestPki pki;
    private static Router router;

    @BeforeAll
    static void makeKeys() {
        pki = TestPki.createTemporary();
        router = Router.builder()
                .get("/health", r -> CompletableFuture.completedFuture(Response.text(200, "ok")))
                .webSocket("/ws", (upgrade, session) -> new WebSocketListener() {
                    @Override
                    public void onMessage(byte[] message) {
                        session.send(("echo:" + new String(message, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8));
                    }

                    @Override
                    public void onClose() {
                    }
                })
                .build();
    }

    private static HttpServer server(Path keystore, ClientAuthMode clientAuth, boolean required) throws Exception {
        ServerTls tls = ServerTls.load(keystore, PASSWORD, Optional.of(pki.caPem()), new char[0], clientAuth,
                required);
        return HttpServer.start("tls", "127.0.0.1", 0, router, HttpServerSettings.DEFAULTS.withTls(tls))
                .get(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> get(HttpServer server, Path trust, KeyManagerFactory clientKey)
            throws Exception {
        SSLContext context = TlsMaterial.clientContext(TlsMaterial.trustManagers(trust, PASSWORD), clientKey);
        HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5))
                .build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHttpsToAClientThatTrustsItsCaAsPemOrPkcs12() throws Exception {
        try (HttpServer server = server(pki.serverKeystore(), ClientAuthMode.NONE, true)) {
            assertThat(get(server, pki.caPem(), null).body()).isEqualTo("ok");
            assertThat(get(server, pki.caTruststore(), null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aClientThatTrustsAnotherCaFailsTheHandshake() throws Exception {
        try (HttpServer server = server(pki.serverKeystore(), ClientAuthMode.NONE, true)) {
            assertThatThrownBy(() -> get(server, pki.otherCaPem(), null)).isInstanceOf(IOException.class)
                    .hasMessageContaining("PKIX");
        }
    }

    @Test
    void plaintextIsRefusedWithA400WhenTlsIsRequired() throws Exception {
        try (HttpServer server = server(pki.serverKeystore(), ClientAuthMode.NONE, true)) {
            String answer = RawConnection.exchange(server.port(), "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("HTTPS (TLS) only").doesNotContain("ok");
        }
    }

    @Test
    void plaintextAndTlsShareThePortWhenTlsIsNotRequired() throws Exception {
        try (HttpServer server = server(pki.serverKeystore(), ClientAuthMode.NONE, false)) {
            String answer = RawConnection.exchange(server.port(),
                    "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("ok");
            assertThat(get(server, pki.caPem(), null).body()).isEqualTo("ok");
        }
    }

    @Test
    void aNeededClientCertificateMustBeSignedByTheTrustedCa() throws Exception {
        try (HttpServer server = server(pki.serverKeystore(), ClientAuthMode.NEED, true)) {
            assertThatThrownBy(() -> get(server, pki.caPem(), null)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> get(server, pki.caPem(),
                    TlsMaterial.keyManagers(pki.otherServerKeystore(), PASSWORD))).isInstanceOf(IOException.class);
            assertThat(get(server, pki.caPem(), TlsMaterial.keyManagers(pki.clientKeystore(), PASSWORD)).body())
                    .isEqualTo("ok");
        }
    }

    @Test
    void aWantedClientCertificateMayBeMissing() throws Exception {
        try (HttpServer server = server(pki.serverKeystore(), ClientAuthMode.WANT, true)) {
            assertThat(get(server, pki.caPem(), null).body()).isEqualTo("ok");
            assertThat(get(server, pki.caPem(), TlsMaterial.keyManagers(pki.clientKeystore(), PASSWORD)).body())
                    .isEqualTo("ok");
        }
    }

    @Test
    void theWebSocketClientSpeaksWssToATrustedServer() throws Exception {
        try (HttpServer server = server(pki.serverKeystore(), ClientAuthMode.NONE, true);
                WebSocketClient client = new WebSocketClient("wss-test",
                        Optional.of(ClientTls.trusting(Optional.of(pki.caTruststore()), PASSWORD, true)))) {
            assertThat(client.scheme()).isEqualTo("wss");
            List<String> received = new CopyOnWriteArrayList<>();
            WebSocketSession session = client.connect(URI.create("wss://127.0.0.1:" + server.port() + "/ws"),
                    s -> listener(received), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            session.send("hello".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("echo:hello"));
            session.close();
        }
    }

    @Test
    void theWebSocketClientRefusesAServerItDoesNotTrust() throws Exception {
        try (HttpServer server = server(pki.serverKeystore(), ClientAuthMode.NONE, true);
                WebSocketClient client = new WebSocketClient("wss-test",
                        Optional.of(ClientTls.trusting(Optional.of(pki.otherCaPem()), null, true)))) {
            CompletableFuture<WebSocketSession> f = client.connect(
                    URI.create("wss://127.0.0.1:" + server.port() + "/ws"), s -> listener(new CopyOnWriteArrayList<>()),
                    Duration.ofSeconds(5));
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("TLS handshake with");
        }
    }

    @Test
    void theWebSocketClientChecksTheServerNameUnlessToldNotTo() throws Exception {
        try (HttpServer server = server(pki.misnamedServerKeystore(), ClientAuthMode.NONE, true);
                WebSocketClient strict = new WebSocketClient("strict",
                        Optional.of(ClientTls.trusting(Optional.of(pki.caPem()), null, true)));
                WebSocketClient lax = new WebSocketClient("lax",
                        Optional.of(ClientTls.trusting(Optional.of(pki.caPem()), null, false)))) {
            URI uri = URI.create("wss://127.0.0.1:" + server.port() + "/ws");
            assertThatThrownBy(() -> strict.connect(uri, s -> listener(new CopyOnWriteArrayList<>()),
                    Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS)).hasMessageContaining("TLS handshake");
            lax.connect(uri, s -> listener(new CopyOnWriteArrayList<>()), Duration.ofSeconds(5))
                    .get(10, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void aPlaintextWebSocketClientCannotReachATlsOnlyServerAndSchemesMustMatch() throws Exception {
        try (HttpServer server = server(pki.serverKeystore(), ClientAuthMode.NONE, true);
                WebSocketClient plain = new WebSocketClient("plain");
                WebSocketClient secure = new WebSocketClient("secure",
                        Optional.of(ClientTls.trusting(Optional.of(pki.caPem()), null, true)))) {
            assertThat(plain.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws"),
                    s -> listener(new CopyOnWriteArrayList<>()), Duration.ofSeconds(5)))
                    .failsWithin(Duration.ofSeconds(10));
            assertThat(secure.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws"),
                    s -> listener(new CopyOnWriteArrayList<>()), Duration.ofSeconds(5)))
                    .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                    .withMessageContaining("speaks wss://");
        }
    }

    private static WebSocketListener listener(List<String> received) {
        return new WebSocketListener() {
            @Override
            public void onMessage(byte[] message) {
                received.add(new String(message, StandardCharsets.UTF_8));
            }

            @Override
            public void onClose() {
            }
        };
    }
}
