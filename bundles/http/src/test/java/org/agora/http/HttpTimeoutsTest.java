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
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The idle, header and body timeouts. Two servers: one whose only short timeout is the idle one, one whose only
 * short timeouts are the header and body ones, so that each test can tell which timer closed a connection.
 */
class HttpTimeoutsTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration LONG = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final AtomicReference<ResponseStream> STREAM = new AtomicReference<>();
    private static final AtomicReference<CompletableFuture<Response>> SLOW = new AtomicReference<>();
    private static HttpServer idleShort;
    private static HttpServer requestShort;

    @BeforeAll
    static void start() throws Exception {
        Router router = Router.builder()
                .get("/health", r -> CompletableFuture.completedFuture(Response.text(200, "ok")))
                .post("/echo", r -> CompletableFuture.completedFuture(Response.ok(Response.TEXT, r.body())))
                .get("/stream", r -> CompletableFuture.completedFuture(Response.stream(200, Response.JSON,
                        STREAM::set)))
                .get("/slow", r -> {
                    CompletableFuture<Response> answer = new CompletableFuture<>();
                    SLOW.set(answer);
                    return answer;
                })
                .webSocket("/ws", (upgrade, session) -> new WebSocketListener() {
                    @Override
                    public void onMessage(byte[] message) {
                        session.send(message);
                    }

                    @Override
                    public void onClose() {
                    }
                })
                .build();
        idleShort = HttpServer.start("idle", "127.0.0.1", 0, router,
                HttpServerSettings.DEFAULTS.withTimeouts(SHORT, LONG, LONG)).get(10, TimeUnit.SECONDS);
        requestShort = HttpServer.start("slowloris", "127.0.0.1", 0, router,
                HttpServerSettings.DEFAULTS.withTimeouts(LONG, SHORT, SHORT)).get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        idleShort.close();
        requestShort.close();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedWhenIdle() throws Exception {
        try (RawConnection c = new RawConnection(idleShort.port())) {
            await().atMost(WAIT).until(c::serverClosed);
            assertThat(c.received()).isEmpty();
        }
    }

    @Test
    void aKeepAliveConnectionIsClosedWhenIdleAfterItsAnswer() throws Exception {
        try (RawConnection c = new RawConnection(idleShort.port())) {
            c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            await().atMost(WAIT).until(c::serverClosed);
            assertThat(c.received()).startsWith("HTTP/1.1 200 ").endsWith("ok").doesNotContain("408");
        }
    }

    @Test
    void headersThatDoNotArriveInTimeGet408AndTheConnectionCloses() throws Exception {
        try (RawConnection c = new RawConnection(requestShort.port())) {
            c.send("GET /health HTTP/1.1\r\nHost: x\r\n");
            await().atMost(WAIT).until(c::serverClosed);
            assertThat(c.received()).startsWith("HTTP/1.1 408 ").contains("Request headers not received within 300 ms");
        }
    }

    @Test
    void headersTrickledByteByByteStillGet408() throws Exception {
        try (RawConnection c = new RawConnection(requestShort.port())) {
            c.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            // one more byte on every poll: the deadline counts from the first byte, not the last
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!c.serverClosed()) {
                    c.send("a");
                }
                return c.serverClosed();
            });
            assertThat(c.received()).startsWith("HTTP/1.1 408 ");
        }
    }

    @Test
    void aBodyThatDoesNotArriveInTimeGets408() throws Exception {
        try (RawConnection c = new RawConnection(requestShort.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
            await().atMost(WAIT).until(c::serverClosed);
            assertThat(c.received()).startsWith("HTTP/1.1 408 ").contains("Request body not received within 300 ms");
        }
    }

    @Test
    void aConnectionBetweenRequestsIsNotTimedByTheHeaderTimeout() throws Exception {
        try (RawConnection between = new RawConnection(requestShort.port());
                RawConnection slowloris = new RawConnection(requestShort.port())) {
            between.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            await().atMost(WAIT).until(() -> between.received().endsWith("ok"));
            slowloris.send("GET /health HTTP/1.1\r\n");
            await().atMost(WAIT).until(slowloris::serverClosed);
            // the partial request timed out; the idle keep-alive connection, older than it, is still served
            assertThat(between.serverClosed()).isFalse();
            between.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            await().atMost(WAIT).until(between::serverClosed);
            assertThat(between.received()).endsWith("ok").doesNotContain("408");
        }
    }

    @Test
    void aStreamingResponseIsNotClosedByTheIdleTimeout() throws Exception {
        try (RawConnection stream = new RawConnection(idleShort.port())) {
            STREAM.set(null);
            stream.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            await().atMost(WAIT).until(() -> STREAM.get() != null && stream.received().contains("\r\n\r\n"));
            awaitAnIdleConnectionClosed(idleShort);
            assertThat(stream.serverClosed()).isFalse();
            STREAM.get().send("still-here".getBytes(StandardCharsets.UTF_8));
            await().atMost(WAIT).until(() -> stream.received().contains("still-here"));
        }
    }

    @Test
    void aRequestBeingServedIsNotTimedOut() throws Exception {
        try (RawConnection slow = new RawConnection(requestShort.port());
                RawConnection slowIdle = new RawConnection(idleShort.port())) {
            SLOW.set(null);
            slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            slowIdle.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            await().atMost(WAIT).until(() -> SLOW.get() != null);
            awaitAnIdleConnectionClosed(idleShort);
            awaitAHeaderTimeout(requestShort);
            assertThat(slow.serverClosed()).isFalse();
            assertThat(slowIdle.serverClosed()).isFalse();
        }
    }

    @Test
    void aWebSocketIsNotClosedByTheIdleTimeout() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        try (WebSocketClient client = new WebSocketClient("idle-test")) {
            WebSocketSession session = client.connect(URI.create("ws://127.0.0.1:" + idleShort.port() + "/ws"),
                    s -> new WebSocketListener() {
                        @Override
                        public void onMessage(byte[] message) {
                            received.add(new String(message, StandardCharsets.UTF_8));
                        }

                        @Override
                        public void onClose() {
                        }
                    }, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            awaitAnIdleConnectionClosed(idleShort);
            assertThat(session.isOpen()).isTrue();
            session.send("after-idle".getBytes(StandardCharsets.UTF_8));
            await().atMost(WAIT).until(() -> received.contains("after-idle"));
        }
    }

    /** Opens a connection now and waits until the idle timeout closed it. */
    private static void awaitAnIdleConnectionClosed(HttpServer server) throws Exception {
        try (RawConnection idle = new RawConnection(server.port())) {
            await().atMost(WAIT).until(idle::serverClosed);
        }
    }

    private static void awaitAHeaderTimeout(HttpServer server) throws Exception {
        try (RawConnection partial = new RawConnection(server.port())) {
            partial.send("GET / HTTP/1.1\r\n");
            await().atMost(WAIT).until(partial::serverClosed);
            assertThat(partial.received()).startsWith("HTTP/1.1 408 ");
        }
    }
}
