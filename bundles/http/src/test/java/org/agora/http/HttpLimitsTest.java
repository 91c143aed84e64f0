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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the server answers to requests that are too large, malformed or of another HTTP version. */
class HttpLimitsTest {
    private static final int MAX_BODY = 1000;
    private static final int MAX_PIPELINED = 4;
    private static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        Router router = Router.builder()
                .get("/health", r -> CompletableFuture.completedFuture(Response.text(200, "ok")))
                .post("/echo", r -> CompletableFuture.completedFuture(Response.ok(Response.TEXT, r.body())))
                .get("/query", r -> CompletableFuture.completedFuture(
                        Response.text(200, r.path() + "|" + r.query("a").orElse("-"))))
                .post("/api", r -> CompletableFuture.completedFuture(Encoding.JSON.respond(
                        Encoding.ofRequest(r).decode(r.body(), org.agora.api.v1.Protos.FrameworkID.newBuilder()))))
                .prefix("GET", "/files/", r -> CompletableFuture.completedFuture(Response.text(200, r.path())))
                .build();
        HttpServerSettings settings = new HttpServerSettings(1, MAX_BODY, 256, 1024,
                HttpServerSettings.DEFAULTS.idleTimeout(), HttpServerSettings.DEFAULTS.headerTimeout(),
                HttpServerSettings.DEFAULTS.bodyTimeout(), 100, MAX_PIPELINED, java.util.Optional.empty());
        server = HttpServer.start("limits", "127.0.0.1", 0, router, settings).get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String exchange(String request) throws Exception {
        return RawConnection.exchange(server.port(), request);
    }

    @Test
    void anOverlongRequestLineIs414() throws Exception {
        String response = exchange("GET /query?a=" + "x".repeat(300) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 414 ").contains("http.max.request.line.bytes");
    }

    @Test
    void overlargeHeadersAre431() throws Exception {
        String response = exchange("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(2000) + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 431 ").contains("http.max.header.bytes");
    }

    @Test
    void anotherHttpVersionIs505() throws Exception {
        assertThat(exchange("GET /health HTTP/9.9\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 505 ")
                .contains("HTTP/9.9 is not supported");
        assertThat(exchange("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")).startsWith("HTTP/1.1 505 ");
    }

    @Test
    void http10IsStillServed() throws Exception {
        assertThat(exchange("GET /health HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200 ").endsWith("ok");
    }

    @Test
    void aMalformedQueryStringIs400WithAMessage() throws Exception {
        String response = exchange("GET /health?x=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 ").contains("Malformed query string in '/health?x=%zz'");
    }

    @Test
    void aMalformedQueryStringDoesNotCostTheConnection() throws Exception {
        String response = exchange("GET /health?x=%zz HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /query?a=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 ").contains("/query|1");
    }

    @Test
    void aNulOrABadEscapeInThePathOrQueryIs400() throws Exception {
        assertThat(exchange("GET /files/a%00b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ").contains("NUL");
        assertThat(exchange("GET /files/a%zzb HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ").contains("Malformed request target");
        assertThat(exchange("GET /files/a% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ");
        assertThat(exchange("GET /query?a=x%00y HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ").contains("parameter 'a' contains a NUL character");
        // and the well-formed neighbours are served
        assertThat(exchange("GET /files/a%20b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ").endsWith("/files/a b");
    }

    @Test
    void aBodyOverTheCapIs413WithAMessageAndTheConnectionCloses() throws Exception {
        String declared = exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + (MAX_BODY + 1)
                + "\r\n\r\n" + "z".repeat(MAX_BODY + 1));
        assertThat(declared).startsWith("HTTP/1.1 413 ").contains("larger than the limit of " + MAX_BODY
                + " bytes (http.max.body.bytes)");

        String chunk = Integer.toHexString(600) + "\r\n" + "z".repeat(600) + "\r\n";
        String chunked = exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk + chunk + "0\r\n\r\n");
        assertThat(chunked).startsWith("HTTP/1.1 413 ").contains("http.max.body.bytes");

        String atTheCap = exchange("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: "
                + MAX_BODY + "\r\n\r\n" + "z".repeat(MAX_BODY));
        assertThat(atTheCap).startsWith("HTTP/1.1 200 ").endsWith("z".repeat(MAX_BODY));
    }

    @Test
    void jsonNestedDeeperThan100LevelsIs400WithAMessage() throws Exception {
        String deep = "{\"value\":\"a\",\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
        String answer = exchange("POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Connection: close\r\nContent-Length: " + deep.length() + "\r\n\r\n" + deep);
        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("Failed to parse body into FrameworkID")
                .contains("nesting deeper than 100 levels");

        String deepest = "{\"value\":\"a\",\"x\":" + "[".repeat(99) + "]".repeat(99) + "}";
        assertThat(exchange("POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Connection: close\r\nContent-Length: " + deepest.length() + "\r\n\r\n" + deepest))
                .startsWith("HTTP/1.1 200 ").endsWith("{\"value\":\"a\"}");
    }

    @Test
    void pipelinedRequestsBeyondTheLimitGet429InTheirTurnAndTheConnectionCloses() throws Exception {
        StringBuilder requests = new StringBuilder();
        int sent = MAX_PIPELINED + 4;
        for (int i = 1; i <= sent; i++) {
            requests.append("GET /query?a=").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        String response = exchange(requests.toString());
        // the one being served, the ones queued behind it, then one 429
        int served = MAX_PIPELINED + 1;
        for (int i = 1; i <= served; i++) {
            assertThat(response).contains("/query|" + i);
        }
        assertThat(response).doesNotContain("/query|" + (served + 1));
        assertThat(response.indexOf("/query|" + served)).isLessThan(response.indexOf("HTTP/1.1 429 "));
        assertThat(response).contains("http.max.pipelined.requests");
        assertThat(count(response, "HTTP/1.1 ")).isEqualTo(served + 1);
    }

    @Test
    void pipelinedRequestsWithinTheLimitAreAnsweredInOrder() throws Exception {
        StringBuilder requests = new StringBuilder();
        for (int i = 1; i <= MAX_PIPELINED; i++) {
            requests.append("GET /query?a=").append(i).append(" HTTP/1.1\r\nHost: x\r\n")
                    .append(i == MAX_PIPELINED ? "Connection: close\r\n" : "").append("\r\n");
        }
        String response = exchange(requests.toString());
        assertThat(response).doesNotContain(" 429 ");
        for (int i = 1; i < MAX_PIPELINED; i++) {
            assertThat(response.indexOf("/query|" + i)).isLessThan(response.indexOf("/query|" + (i + 1)));
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
