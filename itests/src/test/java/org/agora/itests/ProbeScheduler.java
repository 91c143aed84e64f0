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
package org.agora.itests;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;

/**
 * A bare v1 scheduler on the JDK's HTTP client and the API bundle's protobuf classes, for tests that run inside Karaf
 * (where the scheduler client bundle is not installed): subscribes, keeps offers, acknowledges every update.
 */
final class ProbeScheduler implements AutoCloseable {
    private final HttpClient http;
    private final URI uri;
    private final String authorization;
    private final Thread reader;
    private volatile FrameworkID frameworkId;
    private volatile String streamId;
    private volatile InputStream events;
    final BlockingQueue<Offer> offers = new LinkedBlockingQueue<>();
    final Map<String, List<TaskStatus>> statuses = new ConcurrentHashMap<>();

    ProbeScheduler(String master, FrameworkInfo info) throws Exception {
        this(master, info, null);
    }

    /** A scheduler that sends {@code authorization} (an HTTP Authorization header value) with every call. */
    ProbeScheduler(String master, FrameworkInfo info, String authorization) throws Exception {
        this(HttpClient.newHttpClient(), URI.create("http://" + master), info, authorization);
    }

    /** A scheduler of the master at {@code base} (http:// or https://) that calls through {@code http}. */
    ProbeScheduler(HttpClient http, URI base, FrameworkInfo info, String authorization) throws Exception {
        this.http = http;
        this.authorization = authorization;
        this.uri = base.resolve("/api/v1/scheduler");
        // the event stream on a client of its own: when the master ends a stream it closes the connection after the
        // last chunk, and a client that had pooled it would send the test's next request into the closing socket
        HttpClient streams = HttpClient.newBuilder().sslContext(http.sslContext()).build();
        HttpResponse<InputStream> r = streams.send(post(Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info)).build()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IOException("SUBSCRIBE answered " + r.statusCode());
        }
        streamId = r.headers().firstValue("Mesos-Stream-Id").orElseThrow();
        events = r.body();
        reader = new Thread(this::read, "probe-scheduler");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            byte[] record;
            while ((record = RecordIoRecords.next(events)) != null) {
                Event e = Event.parseFrom(record);
                switch (e.getType()) {
                    case SUBSCRIBED -> frameworkId = e.getSubscribed().getFrameworkId();
                    case OFFERS -> offers.addAll(e.getOffers().getOffersList());
                    case UPDATE -> {
                        TaskStatus s = e.getUpdate().getStatus();
                        statuses.computeIfAbsent(s.getTaskId().getValue(), k -> new CopyOnWriteArrayList<>()).add(s);
                        if (s.hasUuid()) {
                            call(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge
                                    .newBuilder().setAgentId(s.getAgentId()).setTaskId(s.getTaskId())
                                    .setUuid(s.getUuid())));
                        }
                    }
                    default -> { }
                }
            }
        } catch (Exception e) {
            // the stream ended: the test is over or the master went away
        }
    }

    /** The framework id, once SUBSCRIBED arrived. */
    FrameworkID frameworkId() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (frameworkId == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no SUBSCRIBED within 20 s");
            }
            Thread.onSpinWait();
        }
        return frameworkId;
    }

    String streamId() {
        return streamId;
    }

    /** Drops the stream without tearing the framework down (its master is gone). */
    void abandon() throws IOException {
        events.close();
    }

    Offer offer() throws InterruptedException {
        Offer o = offers.poll(30, TimeUnit.SECONDS);
        if (o == null) {
            throw new AssertionError("no offer within 30 s");
        }
        return o;
    }

    void launch(Offer offer, TaskInfo... tasks) throws Exception {
        call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder().addOfferIds(offer.getId())
                .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                        .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(List.of(tasks))))));
    }

    /** The task's latest state, or null before its first update. */
    String state(String taskId) {
        List<TaskStatus> s = statuses.get(taskId);
        return s == null || s.isEmpty() ? null : s.get(s.size() - 1).getState().name();
    }

    void call(Call.Builder call) throws Exception {
        while (frameworkId == null) {
            Thread.onSpinWait();
        }
        HttpResponse<String> r = http.send(post(call.setFrameworkId(frameworkId).build())
                .header("Mesos-Stream-Id", streamId).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IOException(call.getType() + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private HttpRequest.Builder post(Call call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-protobuf").header("Accept", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()));
        return authorization == null ? b : b.header("Authorization", authorization);
    }

    @Override
    public void close() throws Exception {
        call(Call.newBuilder().setType(Call.Type.TEARDOWN));
        events.close();
    }
}
