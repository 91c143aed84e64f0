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
package org.agora.images.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An authenticating front for the real registry (Debian's registry only authenticates with bcrypt htpasswd files or
 * a full token service): every /v2/ request needs a Bearer token from its /token realm (given for Basic
 * user:secret) or, in Basic mode, Basic user:secret itself. Allowed requests go to the registry unchanged.
 */
final class AuthProxy implements AutoCloseable {
    static final String USER = "agora";
    static final String PASSWORD = "s3cret";

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String upstream;
    private final boolean bearer;
    private final String token = UUID.randomUUID().toString();
    final AtomicInteger tokensIssued = new AtomicInteger();

    AuthProxy(String upstreamHost, boolean bearer) throws IOException {
        this.upstream = "http://" + upstreamHost;
        this.bearer = bearer;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            if (path.equals("/token")) {
                if (!basic.equals(auth)) {
                    send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
                    return;
                }
                tokensIssued.incrementAndGet();
                send(ex, 200, "{\"token\":\"" + token + "\",\"expires_in\":300}");
                return;
            }
            boolean allowed = bearer ? ("Bearer " + token).equals(auth) : basic.equals(auth);
            if (!allowed) {
                ex.getResponseHeaders().add("WWW-Authenticate", bearer
                        ? "Bearer realm=\"http://" + host() + "/token\",service=\"agora-test\",scope=\"repository:"
                                + repository(path) + ":pull\""
                        : "Basic realm=\"agora-test\"");
                send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
                return;
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI()));
            String accept = ex.getRequestHeaders().getFirst("Accept");
            if (accept != null) {
                b.header("Accept", accept);
            }
            HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            r.headers().firstValue("Content-Type").ifPresent(v -> ex.getResponseHeaders().add("Content-Type", v));
            r.headers().firstValue("Docker-Content-Digest").ifPresent(v -> ex.getResponseHeaders()
                    .add("Docker-Content-Digest", v));
            byte[] body = r.body().readAllBytes();
            ex.sendResponseHeaders(r.statusCode(), body.length == 0 ? -1 : body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String repository(String path) {
        String p = path.substring("/v2/".length());
        int cut = Math.max(p.indexOf("/manifests/"), p.indexOf("/blobs/"));
        return cut > 0 ? p.substring(0, cut) : p;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
