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

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpServerTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final List<byte[]> SERVER_RECEIVED = new CopyOnWriteArrayList<>();
    /** Completes with the pieces sent once the producer of /chunked-endless saw its reader gone. */
    private static final CompletableFuture<Integer> ENDLESS_STOPPED = new CompletableFuture<>();
    private static final int ENDLESS_LIMIT = 200_000;
    private static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        Router router = Router.builder()
                .post("/echo", r -> CompletableFuture.completedFuture(Response.ok(Response.TEXT, r.body())))
                .get("/query", r -> CompletableFuture.completedFuture(
                        Response.text(200, r.path() + "|" + r.query("a").orElse("-"))))
                .get("/fail", r -> CompletableFuture.failedFuture(new HttpException(409, "conflict: because")))
                .get("/boom", r -> {
                    throw new IllegalStateException("kaput");
                })
                .get("/stream", r -> CompletableFuture.completedFuture(Response.stream(200, "application/json",
                        s -> {
                            s.send("one".getBytes(StandardCharsets.UTF_8));
                            s.send("two".getBytes(StandardCharsets.UTF_8));
                            s.close();
                        })))
                .get("/stream-closed-behind-sends", r -> CompletableFuture.completedFuture(Response.stream(200,
                        "application/json", s -> {
                            // this runs on the connection's event loop: the other thread's sends wait in its task
                            // queue when the stream is closed here, and must still come before the last chunk
                            Thread sender = new Thread(() -> {
                                for (int i = 0; i < 100; i++) {
                                    s.send("x".getBytes(StandardCharsets.UTF_8));
                                }
                            });
                            sender.start();
                            try {
                                sender.join();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            s.close();
                            s.send("late".getBytes(StandardCharsets.UTF_8)); // dropped
                        })))
                .get("/chunked", r -> CompletableFuture.completedFuture(Response.chunked(200, Response.JSON,
                        body -> new Thread(() -> {
                            body.send("ab".getBytes(StandardCharsets.UTF_8));
                            body.send(new byte[0]);
                            body.send("cd".getBytes(StandardCharsets.UTF_8));
                            body.end();
                        }).start())))
                .get("/chunked-fails", r -> CompletableFuture.completedFuture(Response.chunked(200, Response.JSON,
                        body -> new Thread(() -> {
                            body.send("ab".getBytes(StandardCharsets.UTF_8));
                            body.fail(new IllegalStateException("the producer broke"));
                            body.send("cd".getBytes(StandardCharsets.UTF_8));
                        }).start())))
                .get("/chunked-endless", r -> CompletableFuture.completedFuture(Response.chunked(200,
                        Response.JSON, body -> new Thread(() -> {
                            // small pieces, and a bound, so that a slow test machine cannot fill the heap with
                            // pieces queued before the server notices the reader's close
                            int sent = 0;
                            while (body.isOpen() && sent < ENDLESS_LIMIT) {
                                body.send(new byte[1024]);
                                sent++;
                            }
                            ENDLESS_STOPPED.complete(sent);
                        }).start())))
                .webSocket("/ws", (upgrade, session) -> new WebSocketListener() {
                    @Override
                    public void onMessage(byte[] message) {
                        SERVER_RECEIVED.add(message);
                        session.send(("echo:" + new String(message, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8));
                    }

                    @Override
                    public void onClose() {
                    }
                })
                .build();
        server = HttpServer.start("test", "127.0.0.1", 0, router, 1).get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return CLIENT.send(b.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> missing = send(HttpRequest.newBuilder(uri("/nope")));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("No such endpoint: /nope");

        HttpResponse<String> wrong = send(HttpRequest.newBuilder(uri("/echo")));
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void failuresBecomeTheirStatusOrA500WithTheMessage() throws Exception {
        HttpResponse<String> conflict = send(HttpRequest.newBuilder(uri("/fail")));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).isEqualTo("conflict: because");
        assertThat(conflict.headers().firstValue("Content-Type")).hasValue(Response.TEXT);

        HttpResponse<String> boom = send(HttpRequest.newBuilder(uri("/boom")));
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).contains("kaput");
    }

    @Test
    void decodesThePathAndQuery() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/query?a=x%20y"))).body()).isEqualTo("/query|x y");
    }

    @Test
    void acceptsChunkedBodiesAndAbsoluteFormTargets() throws Exception {
        String request = "POST http://127.0.0.1:" + server.port() + "/echo HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        String response = raw(request);
        assertThat(response).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\nabcde");
    }

    @Test
    void streamsEachSendAsOneChunkThenServesTheNextRequestOnTheConnection() throws Exception {
        // as Mesos does: a pooling client may send its next request on the connection of a stream that ended
        String response = raw("GET /stream HTTP/1.1\r\nHost: x\r\n\r\nGET /query?a=2 HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(response).contains("transfer-encoding: chunked").contains("content-type: application/json")
                .doesNotContain("connection: close\r\n\r\n3")
                .contains("\r\n\r\n3\r\none\r\n3\r\ntwo\r\n0\r\n\r\nHTTP/1.1 200 OK").endsWith("/query|2");
    }

    @Test
    void aStreamAskedWithConnectionCloseEndsWithTheConnection() throws Exception {
        String response = raw("GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(response).contains("connection: close")
                .endsWith("\r\n\r\n3\r\none\r\n3\r\ntwo\r\n0\r\n\r\n");
    }

    @Test
    void chunksSentBeforeTheStreamClosedComeBeforeItsLastChunkAndNoneAfter() throws Exception {
        String response = raw("GET /stream-closed-behind-sends HTTP/1.1\r\nHost: x\r\n\r\nGET /query?a=3 HTTP/1.1\r\n"
                + "Host: x\r\nConnection: close\r\n\r\n");
        String chunks = "1\r\nx\r\n".repeat(100);
        assertThat(response).contains("\r\n\r\n" + chunks + "0\r\n\r\nHTTP/1.1 200 OK").endsWith("/query|3");
    }

    @Test
    void aChunkedBodyEndsWithTheLastChunkAndTheConnectionServesTheNextRequest() throws Exception {
        String response = raw("GET /chunked HTTP/1.1\r\nHost: x\r\n\r\nGET /query?a=2 HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK").contains("transfer-encoding: chunked")
                .contains("connection: keep-alive")
                // the empty piece was skipped: it would have read as the last chunk
                .contains("\r\n\r\n2\r\nab\r\n2\r\ncd\r\n0\r\n\r\nHTTP/1.1 200 OK").endsWith("/query|2");
    }

    @Test
    void aChunkedBodyThatFailsClosesTheConnectionWithoutTheLastChunk() throws Exception {
        String response = raw("GET /chunked-fails HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\n2\r\nab\r\n");
    }

    @Test
    void theProducerOfAChunkedBodyLearnsThatItsReaderWentAway() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write("GET /chunked-endless HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(5000);
            assertThat(s.getInputStream().readNBytes(1024).length).isEqualTo(1024);
        }
        // without it, the producer would write into the closed connection for ever
        assertThat(ENDLESS_STOPPED.get(30, TimeUnit.SECONDS)).as("pieces sent before the producer stopped")
                .isPositive().isLessThan(ENDLESS_LIMIT);
    }

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        String response = raw("GET /query?a=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /query?a=2 HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(response.indexOf("/query|1")).isPositive().isLessThan(response.indexOf("/query|2"));
    }

    @Test
    void webSocketCarriesBinaryMessagesBothWays() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        try (WebSocketClient client = new WebSocketClient("test")) {
            WebSocketSession session = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws"),
                    s -> new WebSocketListener() {
                        @Override
                        public void onMessage(byte[] message) {
                            received.add(new String(message, StandardCharsets.UTF_8));
                        }

                        @Override
                        public void onClose() {
                            closed.complete(null);
                        }
                    }, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            byte[] big = new byte[200_000];
            session.send("hello".getBytes(StandardCharsets.UTF_8));
            session.send(big);
            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
            assertThat(received.get(0)).isEqualTo("echo:hello");
            assertThat(SERVER_RECEIVED).anyMatch(m -> m.length == big.length);
            session.close();
            closed.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void webSocketConnectFailsWhenNothingListens() {
        try (WebSocketClient client = new WebSocketClient("test")) {
            CompletableFuture<WebSocketSession> f = client.connect(URI.create("ws://127.0.0.1:1/ws"),
                    s -> null, Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(5)).until(f::isDone);
            assertThat(f).isCompletedExceptionally();
        }
    }

    /** Sends raw bytes and reads until the server closes the connection. */
    private static String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] b = new byte[4096];
            int n;
            while ((n = in.read(b)) >= 0) {
                buf.write(b, 0, n);
            }
            return buf.toString(StandardCharsets.US_ASCII);
        }
    }
}
