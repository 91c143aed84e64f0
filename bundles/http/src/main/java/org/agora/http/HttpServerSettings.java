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

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link HttpServer} protects itself: request size limits, timeouts, connection and pipelining caps, and TLS.
 * Master and agent build one from their configuration; the configuration keys named below are theirs. A value type:
 * immutable, compared by value. See the bundle's README for what each limit does.
 *
 * @param ioThreads            Netty I/O threads serving connections
 * @param maxBodyBytes         largest request body (also when chunked); larger ones get 413 and the connection is
 *                             closed ({@code http.max.body.bytes})
 * @param maxRequestLineBytes  longest request line; longer ones get 414 ({@code http.max.request.line.bytes})
 * @param maxHeaderBytes       largest header section; larger ones get 431 ({@code http.max.header.bytes})
 * @param idleTimeout          a connection with no request in flight and no bytes arriving is closed after this;
 *                             streaming responses and WebSockets are never idle; zero disables
 *                             ({@code http.idle.timeout.ms})
 * @param headerTimeout        a request whose headers have not all arrived this long after its first byte gets 408
 *                             and the connection is closed; zero disables ({@code http.header.timeout.ms}); also the
 *                             TLS handshake timeout
 * @param bodyTimeout          a request whose body has not all arrived this long after its headers gets 408 and the
 *                             connection is closed; zero disables ({@code http.body.timeout.ms})
 * @param maxConnections       open connections at most; further ones are closed as soon as they are accepted
 *                             ({@code http.max.connections})
 * @param maxPipelinedRequests requests one connection may have waiting behind the one being served; the next one is
 *                             answered 429 in its turn and the connection closed ({@code http.max.pipelined.requests})
 * @param tls                  TLS for every connection, when present
 */
public record HttpServerSettings(int ioThreads, int maxBodyBytes, int maxRequestLineBytes, int maxHeaderBytes,
        Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout, int maxConnections,
        int maxPipelinedRequests, Optional<ServerTls> tls) {

    /** The defaults: 2 I/O threads, 16 MiB bodies, 4 KiB request lines, 8 KiB headers, 60 s idle, 10 s headers,
     * 30 s bodies, 8,192 connections, 128 pipelined requests, no TLS. */
    public static final HttpServerSettings DEFAULTS = new HttpServerSettings(2, 16 * 1024 * 1024, 4096, 8192,
            Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30), 8192, 128, Optional.empty());

    /**
     * @throws IllegalArgumentException naming the configuration key of a value out of range
     */
    public HttpServerSettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        Objects.requireNonNull(tls, "tls");
        check(ioThreads > 0, "http.io.threads", ioThreads, "must be positive");
        check(maxBodyBytes >= 0, "http.max.body.bytes", maxBodyBytes, "must not be negative");
        check(maxRequestLineBytes >= 64, "http.max.request.line.bytes", maxRequestLineBytes, "must be at least 64");
        check(maxHeaderBytes >= 256, "http.max.header.bytes", maxHeaderBytes, "must be at least 256");
        check(!idleTimeout.isNegative(), "http.idle.timeout.ms", idleTimeout.toMillis(), "must not be negative");
        check(!headerTimeout.isNegative(), "http.header.timeout.ms", headerTimeout.toMillis(),
                "must not be negative");
        check(!bodyTimeout.isNegative(), "http.body.timeout.ms", bodyTimeout.toMillis(), "must not be negative");
        check(maxConnections > 0, "http.max.connections", maxConnections, "must be positive");
        check(maxPipelinedRequests >= 0, "http.max.pipelined.requests", maxPipelinedRequests,
                "must not be negative");
    }

    /**
     * Settings from the values of the {@code http.*} configuration keys of master or agent (times in ms).
     *
     * @param pid the configuration PID, for error messages
     * @throws IllegalArgumentException naming the PID, the key and the problem
     */
    public static HttpServerSettings of(String pid, int ioThreads, int maxBodyBytes, int maxRequestLineBytes,
            int maxHeaderBytes, long idleTimeoutMs, long headerTimeoutMs, long bodyTimeoutMs, int maxConnections,
            int maxPipelinedRequests, Optional<ServerTls> tls) {
        try {
            return new HttpServerSettings(ioThreads, maxBodyBytes, maxRequestLineBytes, maxHeaderBytes,
                    Duration.ofMillis(idleTimeoutMs), Duration.ofMillis(headerTimeoutMs),
                    Duration.ofMillis(bodyTimeoutMs), maxConnections, maxPipelinedRequests, tls);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(pid + ": " + e.getMessage(), e);
        }
    }

    /**
     * The effective values by their configuration keys, as the state endpoints report them; passwords are never
     * included. {@code http.io.threads} is left to the caller, which reports it with its other options.
     */
    public Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("http.max.body.bytes", Integer.toString(maxBodyBytes));
        f.put("http.max.request.line.bytes", Integer.toString(maxRequestLineBytes));
        f.put("http.max.header.bytes", Integer.toString(maxHeaderBytes));
        f.put("http.idle.timeout.ms", Long.toString(idleTimeout.toMillis()));
        f.put("http.header.timeout.ms", Long.toString(headerTimeout.toMillis()));
        f.put("http.body.timeout.ms", Long.toString(bodyTimeout.toMillis()));
        f.put("http.max.connections", Integer.toString(maxConnections));
        f.put("http.max.pipelined.requests", Integer.toString(maxPipelinedRequests));
        f.put("tls.keystore", tls.map(t -> t.keystore().toString()).orElse(""));
        f.put("tls.truststore", tls.flatMap(ServerTls::truststore).map(Path::toString).orElse(""));
        f.put("tls.client.auth", tls.map(t -> t.clientAuth().name().toLowerCase(Locale.ROOT)).orElse("none"));
        f.put("tls.required", Boolean.toString(tls.map(ServerTls::required).orElse(false)));
        return f;
    }

    public HttpServerSettings withIoThreads(int threads) {
        return new HttpServerSettings(threads, maxBodyBytes, maxRequestLineBytes, maxHeaderBytes, idleTimeout,
                headerTimeout, bodyTimeout, maxConnections, maxPipelinedRequests, tls);
    }

    public HttpServerSettings withMaxBodyBytes(int bytes) {
        return new HttpServerSettings(ioThreads, bytes, maxRequestLineBytes, maxHeaderBytes, idleTimeout,
                headerTimeout, bodyTimeout, maxConnections, maxPipelinedRequests, tls);
    }

    public HttpServerSettings withTimeouts(Duration idle, Duration header, Duration body) {
        return new HttpServerSettings(ioThreads, maxBodyBytes, maxRequestLineBytes, maxHeaderBytes, idle, header,
                body, maxConnections, maxPipelinedRequests, tls);
    }

    public HttpServerSettings withMaxConnections(int connections) {
        return new HttpServerSettings(ioThreads, maxBodyBytes, maxRequestLineBytes, maxHeaderBytes, idleTimeout,
                headerTimeout, bodyTimeout, connections, maxPipelinedRequests, tls);
    }

    public HttpServerSettings withMaxPipelinedRequests(int requests) {
        return new HttpServerSettings(ioThreads, maxBodyBytes, maxRequestLineBytes, maxHeaderBytes, idleTimeout,
                headerTimeout, bodyTimeout, maxConnections, requests, tls);
    }

    public HttpServerSettings withTls(ServerTls serverTls) {
        return new HttpServerSettings(ioThreads, maxBodyBytes, maxRequestLineBytes, maxHeaderBytes, idleTimeout,
                headerTimeout, bodyTimeout, maxConnections, maxPipelinedRequests, Optional.of(serverTls));
    }

    private static void check(boolean ok, String key, Object value, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(key + "=" + value + " " + problem);
        }
    }
}
