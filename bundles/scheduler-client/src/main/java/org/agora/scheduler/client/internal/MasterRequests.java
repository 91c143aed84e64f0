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
package org.agora.scheduler.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.scheduler.client.ContentType;
import org.agora.scheduler.client.MasterUnreachableException;

/**
 * POSTs calls to {@code /api/v1/scheduler}, following {@code 307} redirects to the leader, and maps a missing
 * answer to {@link MasterUnreachableException}. Judging the status of the final answer is the caller's business.
 */
final class MasterRequests {

    static final String PATH = "/api/v1/scheduler";
    static final String STREAM_ID = "Mesos-Stream-Id";
    static final int MAX_REDIRECTS = 5;
    private static final int MAX_MESSAGE_BYTES = 16 * 1024;

    private final HttpClient http;
    private final ContentType contentType;
    private final Duration timeout;
    private final Optional<SSLContext> tls;
    private final Optional<String> authorization;

    /**
     * @param tls         HTTPS with this context (and {@code http} must use it too); empty for plain HTTP
     * @param credentials sent as HTTP Basic with every request, also after redirects; empty for none
     */
    MasterRequests(HttpClient http, ContentType contentType, Duration timeout, Optional<SSLContext> tls,
            Optional<BasicCredentials> credentials) {
        this.http = http;
        this.contentType = contentType;
        this.timeout = timeout;
        this.tls = tls;
        this.authorization = credentials.map(BasicCredentials::header);
    }

    private final java.util.Map<HostPort, PipelinedConnection> connections = new java.util.HashMap<>();

    /**
     * The final answer to a request, and the master that gave it.
     *
     * @param master   the master that answered (the last redirect target)
     * @param response its answer, never a redirect
     */
    record Answer<T>(HostPort master, HttpResponse<T> response) {
    }

    /** SUBSCRIBE: the answer's body is the event stream (or the error text), to be read and closed by the caller. */
    CompletableFuture<Answer<InputStream>> subscribe(HostPort master, Call call) {
        return send(master, call, Optional.empty(), HttpResponse.BodyHandlers.ofInputStream(),
                MasterRequests::closeQuietly, 0);
    }

    /** A call's final answer (never a redirect) and the master that gave it. */
    record CallAnswer(HostPort master, int status, String body) {
    }

    /**
     * Any other call, with the stream id, pipelined on the one keep-alive connection to that master (so calls arrive
     * in the order they were made); redirects are followed. The answer's body is its text (empty for 202).
     */
    CompletableFuture<CallAnswer> call(HostPort master, Call call, String streamId) {
        return call(master, call, streamId, 0);
    }

    private CompletableFuture<CallAnswer> call(HostPort master, Call call, String streamId, int redirects) {
        PipelinedConnection connection;
        try {
            connection = connection(master);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(unreachable(master, call, e));
        }
        String type = contentType.mediaType();
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("Content-Type", type);
        headers.put("Accept", type);
        headers.put(STREAM_ID, streamId);
        authorization.ifPresent(value -> headers.put("Authorization", value));
        return connection.post(PATH, headers, WireFormat.encode(call, contentType))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((answer, failure) -> {
                    if (failure != null) {
                        throw unreachable(master, call, failure);
                    }
                    return answer;
                }).thenCompose(answer -> {
                    if (answer.status() != 307) {
                        return CompletableFuture.completedFuture(new CallAnswer(master, answer.status(),
                                answer.body()));
                    }
                    String location = answer.header("Location");
                    Optional<HostPort> next = Optional.ofNullable(location).flatMap(l -> location(master, l));
                    if (next.isPresent() && next.get().equals(master)) {
                        throw redirectsToItself(call, master);
                    }
                    if (next.isEmpty() || redirects >= MAX_REDIRECTS) {
                        throw new MasterUnreachableException(call.getType() + " to master " + master
                                + ": redirected " + (next.isEmpty() ? "without a usable Location (" + location + ")"
                                        : "more than " + MAX_REDIRECTS + " times"));
                    }
                    return call(next.get(), call, streamId, redirects + 1);
                });
    }

    private synchronized PipelinedConnection connection(HostPort master) throws IOException {
        PipelinedConnection c = connections.get(master);
        if (c == null || !c.usable()) {
            c = new PipelinedConnection(master, timeout, "agora-scheduler-calls-" + master.authority(), tls);
            connections.put(master, c);
        }
        return c;
    }

    /** Closes the call connections. */
    synchronized void close() {
        connections.values().forEach(PipelinedConnection::close);
        connections.clear();
    }

    /** Reads what is left of a small error answer as text, and closes it. */
    static String text(InputStream body) {
        try (body) {
            return new String(body.readNBytes(MAX_MESSAGE_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private <T> CompletableFuture<Answer<T>> send(HostPort master, Call call, Optional<String> streamId,
            BodyHandler<T> handler, Consumer<T> discard, int redirects) {
        HttpRequest.Builder request = HttpRequest.newBuilder(master.uri(tls.isPresent() ? "https" : "http", PATH))
                .timeout(timeout)
                .header("Content-Type", contentType.mediaType())
                .header("Accept", contentType.mediaType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(WireFormat.encode(call, contentType)));
        streamId.ifPresent(id -> request.header(STREAM_ID, id));
        authorization.ifPresent(value -> request.header("Authorization", value));
        CompletableFuture<HttpResponse<T>> sent;
        try {
            sent = http.sendAsync(request.build(), handler);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unreachable(master, call, e));
        }
        return sent.handle((response, failure) -> {
            if (failure != null) {
                throw unreachable(master, call, failure);
            }
            return response;
        }).thenCompose(response -> {
            if (response.statusCode() != 307) {
                return CompletableFuture.completedFuture(new Answer<>(master, response));
            }
            discard.accept(response.body());
            Optional<HostPort> next = response.headers().firstValue("Location").flatMap(l -> location(master, l));
            if (next.isEmpty()) {
                throw new MasterUnreachableException(call.getType() + " to master " + master
                        + ": redirected without a usable Location (" + response.headers().firstValue("Location")
                        .orElse("none") + ")");
            }
            if (next.get().equals(master)) {
                throw redirectsToItself(call, master);
            }
            if (redirects >= MAX_REDIRECTS) {
                throw new MasterUnreachableException(call.getType() + " to master " + master + ": more than "
                        + MAX_REDIRECTS + " redirects (last to " + next.get() + ")");
            }
            return send(next.get(), call, streamId, handler, discard, redirects + 1);
        });
    }

    /**
     * Where a {@code 307} points: Mesos sends the protocol-relative {@code //host:port/api/v1/scheduler}; a full
     * URL, a bare {@code host:port} (as Mesos's docs show) and a path on the same master are understood too. The
     * scheme of a full URL is ignored: the client keeps speaking TLS, or not, as configured.
     */
    static Optional<HostPort> location(HostPort from, String location) {
        String text = location.strip();
        try {
            if (text.startsWith("/") && !text.startsWith("//")) {
                return Optional.of(from);
            }
            if (text.startsWith("//") || text.startsWith("http://") || text.startsWith("https://")) {
                URI uri = URI.create(text.startsWith("//") ? "http:" + text : text);
                if (uri.getHost() == null) {
                    return Optional.empty();
                }
                String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                        : uri.getHost();
                return Optional.of(new HostPort(host, uri.getPort() < 0 ? HostPort.DEFAULT_PORT : uri.getPort()));
            }
            return Optional.of(HostPort.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A master that ZooKeeper has just elected redirects to itself until it has recovered and serves. */
    private static MasterUnreachableException redirectsToItself(Call call, HostPort master) {
        return new MasterUnreachableException(call.getType() + " to master " + master
                + ": it redirects to itself (elected, but not serving as the leader yet)");
    }

    private static MasterUnreachableException unreachable(HostPort master, Call call, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof MasterUnreachableException e) {
            return e;
        }
        return new MasterUnreachableException(call.getType() + ": cannot reach master " + master + ": "
                + describe(cause), cause);
    }

    static String describe(Throwable e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connecting timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof ConnectException && (e.getMessage() == null || e.getMessage().isEmpty())) {
            return "connection refused";
        }
        String message = e.getMessage();
        return message == null || message.isEmpty() ? e.getClass().getSimpleName() : message;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the redirect's body does not matter
        }
    }
}
