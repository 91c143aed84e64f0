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
package org.agora.scheduler.client.peer;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

import org.agora.api.json.ProtoJson;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;

/**
 * A small master for tests: {@code POST /api/v1/scheduler} on loopback, as the Mesos protocol has it. SUBSCRIBE
 * answers {@code 200} with {@code Mesos-Stream-Id} and a chunked RecordIO stream whose first record is SUBSCRIBED
 * (or {@code 307} to another peer when told to redirect); other calls need the stream id and answer {@code 202}
 * ({@code 200} for UPDATE_FRAMEWORK), or {@code 400} with a text message; tests can make any call type fail with
 * a status and message. The test writes further events to the {@link Stream} of the current subscription.
 */
public final class SchedulerApiPeer implements AutoCloseable {

    public static final String PATH = "/api/v1/scheduler";
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";

    /** A call the peer received and accepted, with the headers that matter. */
    public record Received(Call call, String contentType, Optional<String> streamId) {
    }

    private record Rejection(int status, String message, AtomicInteger left) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Call> subscribes = new CopyOnWriteArrayList<>();
    private final List<Consumer<Received>> callListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Stream>> subscribeListeners = new CopyOnWriteArrayList<>();
    private final Map<Call.Type, Rejection> rejections = new ConcurrentHashMap<>();
    private final AtomicInteger frameworks = new AtomicInteger();
    private volatile double heartbeatSeconds = 15;
    private volatile SchedulerApiPeer redirectTo;
    private volatile Event firstEvent;
    private volatile Stream stream;
    private volatile String requiredAuthorization;
    private final List<Optional<String>> authorizations = new CopyOnWriteArrayList<>();

    private SchedulerApiPeer(SSLContext tls) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(loopback, 16);
        } else {
            HttpsServer https = HttpsServer.create(loopback, 16);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext(PATH, this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** Starts a peer on a free loopback port. */
    public static SchedulerApiPeer start() {
        return start(null);
    }

    /** Starts a peer that speaks HTTPS only, with the key and certificate of {@code tls}. */
    public static SchedulerApiPeer startTls(SSLContext tls) {
        return start(java.util.Objects.requireNonNull(tls, "tls"));
    }

    private static SchedulerApiPeer start(SSLContext tls) {
        try {
            return new SchedulerApiPeer(tls);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:port}. */
    public String address() {
        return server.getAddress().getAddress().getHostAddress() + ":" + port();
    }

    /** The heartbeat_interval_seconds that SUBSCRIBED announces (15 unless set). */
    public SchedulerApiPeer heartbeatInterval(double seconds) {
        heartbeatSeconds = seconds;
        return this;
    }

    /** Answer every request with 307 to {@code leader}, as a non-leading master does. */
    public SchedulerApiPeer redirectTo(SchedulerApiPeer leader) {
        redirectTo = leader;
        return this;
    }

    /** Answer the next {@code times} calls of {@code type} with {@code status} and {@code message}. */
    public SchedulerApiPeer reject(Call.Type type, int status, String message, int times) {
        rejections.put(type, new Rejection(status, message, new AtomicInteger(times)));
        return this;
    }

    /** Answer every call of {@code type} with {@code status} and {@code message}. */
    public SchedulerApiPeer reject(Call.Type type, int status, String message) {
        return reject(type, status, message, Integer.MAX_VALUE);
    }

    /**
     * Answer every request whose {@code Authorization} header is not exactly {@code value} with {@code 401}, as a
     * master with authentication on does.
     */
    public SchedulerApiPeer requireAuthorization(String value) {
        requiredAuthorization = value;
        return this;
    }

    /** The {@code Authorization} header of every request that reached this peer, in order (empty: none). */
    public List<Optional<String>> authorizations() {
        return List.copyOf(authorizations);
    }

    /** Send this event instead of SUBSCRIBED as the first record (e.g. an ERROR). */
    public SchedulerApiPeer firstEvent(Event event) {
        firstEvent = event;
        return this;
    }

    /** Told of every accepted call other than SUBSCRIBE, after it was answered, on a server thread. */
    public SchedulerApiPeer onCall(Consumer<Received> listener) {
        callListeners.add(listener);
        return this;
    }

    /** Told of every new stream, after SUBSCRIBED was sent, on a server thread. */
    public SchedulerApiPeer onSubscribe(Consumer<Stream> listener) {
        subscribeListeners.add(listener);
        return this;
    }

    /** The calls accepted so far, SUBSCRIBE excluded, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The accepted calls of one type. */
    public List<Call> calls(Call.Type type) {
        return received.stream().map(Received::call).filter(c -> c.getType() == type).toList();
    }

    /** Every SUBSCRIBE that reached this peer (also the redirected and rejected ones). */
    public List<Call> subscribes() {
        return List.copyOf(subscribes);
    }

    /** The stream of the latest subscription, or null before one. */
    public Stream stream() {
        return stream;
    }

    @Override
    public void close() {
        Stream s = stream;
        if (s != null) {
            s.close();
        }
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (!exchange.getRequestMethod().equals("POST")) {
                text(exchange, 405, "Expecting 'POST', received '" + exchange.getRequestMethod() + "'");
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null) {
                text(exchange, 400, "Expecting 'Content-Type' to be present");
                return;
            }
            if (!contentType.equals(PROTOBUF) && !contentType.equals(JSON)) {
                text(exchange, 415, "Expecting 'Content-Type' of application/json or application/x-protobuf");
                return;
            }
            Call call;
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            try {
                call = contentType.equals(JSON) ? ProtoJson.parse(body, Call.newBuilder()).buildPartial()
                        : Call.parseFrom(body);
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                text(exchange, 400, "Failed to parse body into Call: " + e.getMessage());
                return;
            }
            if (call.getType() == Call.Type.SUBSCRIBE) {
                subscribes.add(call);
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(Optional.ofNullable(authorization));
            String required = requiredAuthorization;
            if (required != null && !required.equals(authorization)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"agora\"");
                text(exchange, 401, authorization == null ? "Authentication required" : "Invalid credentials");
                return;
            }
            SchedulerApiPeer leader = redirectTo;
            if (leader != null) {
                exchange.getResponseHeaders().set("Location", "//" + leader.address() + PATH);
                exchange.sendResponseHeaders(307, -1);
                exchange.close();
                return;
            }
            Rejection rejection = rejections.get(call.getType());
            if (rejection != null && rejection.left().getAndDecrement() > 0) {
                text(exchange, rejection.status(), rejection.message());
                return;
            }
            Optional<String> streamId = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Mesos-Stream-Id"));
            if (call.getType() == Call.Type.SUBSCRIBE) {
                subscribe(exchange, call, streamId);
            } else {
                other(exchange, new Received(call, contentType, streamId));
            }
        } catch (IOException | RuntimeException e) {
            exchange.close();
            throw e;
        }
    }

    private void subscribe(HttpExchange exchange, Call call, Optional<String> streamId) throws IOException {
        if (streamId.isPresent()) {
            text(exchange, 400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
            return;
        }
        if (!call.getSubscribe().getFrameworkInfo().hasUser() || !call.getSubscribe().getFrameworkInfo().hasName()) {
            text(exchange, 400, "Missing required fields: subscribe.framework_info.user, name");
            return;
        }
        FrameworkID id = call.hasFrameworkId() ? call.getFrameworkId()
                : FrameworkID.newBuilder().setValue("peer-" + String.format("%04d", frameworks.getAndIncrement()))
                .build();
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        boolean json = accept == null || accept.contains(JSON);
        Stream old = stream;
        if (old != null) {
            old.close(); // one subscription connection per framework
        }
        String newStreamId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().set("Content-Type", json ? JSON : PROTOBUF);
        exchange.getResponseHeaders().set("Mesos-Stream-Id", newStreamId);
        exchange.sendResponseHeaders(200, 0); // chunked
        Stream opened = new Stream(exchange, json, newStreamId, id);
        stream = opened;
        Event first = firstEvent;
        opened.send(first != null ? first : Event.newBuilder().setType(Event.Type.SUBSCRIBED)
                .setSubscribed(Event.Subscribed.newBuilder().setFrameworkId(id)
                        .setHeartbeatIntervalSeconds(heartbeatSeconds)
                        .setMasterInfo(MasterInfo.newBuilder().setId("peer").setIp(0x0100007f).setPort(port())
                                .setHostname("127.0.0.1")))
                .build());
        subscribeListeners.forEach(l -> l.accept(opened));
    }

    private void other(HttpExchange exchange, Received call) throws IOException {
        Stream current = stream;
        if (call.streamId().isEmpty()) {
            text(exchange, 400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
            return;
        }
        if (current == null || !current.streamId.equals(call.streamId().get())) {
            text(exchange, 400, "The stream ID '" + call.streamId().get() + "' included in this request didn't match"
                    + " the stream ID currently associated with framework ID");
            return;
        }
        if (!call.call().hasFrameworkId() || !call.call().getFrameworkId().equals(current.frameworkId)) {
            text(exchange, 403, "Framework is not subscribed");
            return;
        }
        received.add(call);
        exchange.sendResponseHeaders(call.call().getType() == Call.Type.UPDATE_FRAMEWORK ? 200 : 202, -1);
        exchange.close();
        callListeners.forEach(l -> l.accept(call));
    }

    private static void text(HttpExchange exchange, int status, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The open event stream of one subscription; writes are serialised. */
    public static final class Stream {
        private final HttpExchange exchange;
        private final OutputStream out;
        private final boolean json;
        private final String streamId;
        private final FrameworkID frameworkId;
        private boolean closed;

        Stream(HttpExchange exchange, boolean json, String streamId, FrameworkID frameworkId) {
            this.exchange = exchange;
            this.out = exchange.getResponseBody();
            this.json = json;
            this.streamId = streamId;
            this.frameworkId = frameworkId;
        }

        public String streamId() {
            return streamId;
        }

        public FrameworkID frameworkId() {
            return frameworkId;
        }

        public boolean isJson() {
            return json;
        }

        /** One event as one RecordIO record in one chunk. */
        public void send(Event event) {
            chunks(record(event));
        }

        /** The RecordIO record of {@code event} in this stream's encoding. */
        public byte[] record(Event event) {
            byte[] data = json ? ProtoJson.toBytes(event) : event.toByteArray();
            byte[] header = (data.length + "\n").getBytes(StandardCharsets.US_ASCII);
            byte[] record = new byte[header.length + data.length];
            System.arraycopy(header, 0, record, 0, header.length);
            System.arraycopy(data, 0, record, header.length, data.length);
            return record;
        }

        /** Each array as a chunk of its own, in order. */
        public synchronized void chunks(byte[]... chunks) {
            if (closed) {
                return;
            }
            try {
                for (byte[] chunk : chunks) {
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException e) {
                closed = true; // the client went away
            }
        }

        public synchronized boolean isClosed() {
            return closed;
        }

        /** Ends the stream: the terminating chunk, then the connection. */
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                // already gone
            }
            exchange.close();
        }
    }
}
