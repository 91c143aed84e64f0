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
package org.agora.testing.topology;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agora.api.json.ProtoJson;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.recordio.RecordIoDecoder;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.discovery.Leader;
import org.agora.discovery.MasterDetector;
import org.agora.discovery.ZkUrl;
import org.agora.discovery.ZooKeeperClients;
import org.apache.curator.framework.CuratorFramework;

/**
 * A v1 scheduler (protobuf over HTTP) that follows the leading master the way agents do, by watching the master
 * group in ZooKeeper ({@link MasterDetector}): when another master leads it drops its event stream and subscribes
 * to the new leader at once, with its framework id. It launches the tasks it is given on the offers it gets, never
 * sends a task id twice, acknowledges every update that carries a uuid, and records every update per task
 * ({@link TaskHistory}) and every subscription, so a test can assert exactly-once reports and measure how long a
 * failover took.
 *
 * <p>All its state changes on one thread (an actor); detector callbacks, stream readers and HTTP answers hand their
 * work to it. What a test reads ({@link #subscriptions()}, {@link #tasks()}, {@link #errors()}) is safe to read from
 * any thread.
 */
public final class TrackingFramework implements AutoCloseable {
    private static final String PROTOBUF = "application/x-protobuf";
    private static final Duration RETRY = Duration.ofMillis(100);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    /**
     * A subscription the master confirmed (SUBSCRIBED).
     *
     * @param masterId    the master that sent SUBSCRIBED
     * @param frameworkId the framework id it confirmed
     * @param nanos       {@link System#nanoTime()} when SUBSCRIBED arrived
     * @param at          the wall-clock time it arrived
     */
    public record Subscribed(String masterId, String frameworkId, long nanos, Instant at) {
    }

    /** How the framework registers. */
    public static final class Builder {
        private final String zk;
        private String name = "tracking-framework";
        private String user = System.getProperty("user.name");
        private double failoverTimeoutSeconds;
        private boolean partitionAware;
        private boolean checkpoint;
        private boolean reconcileOnSubscribe = true;
        private Duration sessionTimeout = Duration.ofSeconds(10);

        private Builder(String zk) {
            this.zk = zk;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The user tasks run as (default: this JVM's user). */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** FrameworkInfo.failover_timeout; 0 (Mesos's default) when not set. */
        public Builder failoverTimeout(Duration timeout) {
            this.failoverTimeoutSeconds = timeout.toMillis() / 1000.0;
            return this;
        }

        /** Adds the PARTITION_AWARE capability. */
        public Builder partitionAware(boolean on) {
            this.partitionAware = on;
            return this;
        }

        /** FrameworkInfo.checkpoint: the agent keeps the tasks across its own restarts and disconnections. */
        public Builder checkpoint(boolean on) {
            this.checkpoint = on;
            return this;
        }

        /**
         * Explicitly reconcile every task without a terminal state after each SUBSCRIBED (on by default, as Mesos
         * advises frameworks to do after a failover).
         */
        public Builder reconcileOnSubscribe(boolean on) {
            this.reconcileOnSubscribe = on;
            return this;
        }

        /** The session timeout of its own ZooKeeper client. */
        public Builder sessionTimeout(Duration timeout) {
            this.sessionTimeout = timeout;
            return this;
        }

        /** Starts following the leader; subscribes as soon as ZooKeeper names one. */
        public TrackingFramework start() {
            return new TrackingFramework(this);
        }
    }

    private final Builder config;
    private final ScheduledExecutorService actor;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final CuratorFramework zk;
    private final MasterDetector detector;

    private final List<Subscribed> subscriptions = new CopyOnWriteArrayList<>();
    private final Map<String, TaskHistory> tasks = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile String frameworkId;
    private volatile String failure;
    private volatile boolean closed;

    // actor state
    private Optional<MasterInfo> leader = Optional.empty();
    private Stream stream;
    private int generation;
    private final Deque<TaskSpec> pending = new ArrayDeque<>();

    /** One attempt at an event stream: from the SUBSCRIBE request until the stream ends or is dropped. */
    private final class Stream {
        final int gen;
        final MasterInfo master;
        final String baseUrl;
        volatile String streamId;
        volatile InputStream body;
        volatile boolean subscribed;

        Stream(int gen, MasterInfo master) {
            this.gen = gen;
            this.master = master;
            this.baseUrl = baseUrl(master);
        }

        void drop() {
            InputStream in = body;
            if (in != null) {
                try {
                    in.close(); // aborts the response: the reader thread ends
                } catch (IOException e) {
                    // already broken
                }
            }
        }
    }

    /** A framework following the leader of the master group at {@code zkUrl}. */
    public static Builder builder(String zkUrl) {
        return new Builder(zkUrl);
    }

    private TrackingFramework(Builder config) {
        this.config = config;
        this.actor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "framework-" + config.name);
            t.setDaemon(true);
            return t;
        });
        ZkUrl url = ZkUrl.parse(config.zk);
        zk = ZooKeeperClients.newClient(url, config.sessionTimeout, config.sessionTimeout);
        zk.start();
        detector = MasterDetector.create(zk, url.path(), actor, this::leaderChanged);
        detector.start();
    }

    public String name() {
        return config.name;
    }

    /** The id the masters gave it, once subscribed. */
    public Optional<String> frameworkId() {
        return Optional.ofNullable(frameworkId);
    }

    /** Every confirmed subscription, oldest first. */
    public List<Subscribed> subscriptions() {
        return List.copyOf(subscriptions);
    }

    /** The latest confirmed subscription. */
    public Optional<Subscribed> lastSubscription() {
        List<Subscribed> s = subscriptions();
        return s.isEmpty() ? Optional.empty() : Optional.of(s.get(s.size() - 1));
    }

    /** Whether its latest confirmed subscription is with master {@code masterId}. */
    public boolean subscribedTo(String masterId) {
        return lastSubscription().map(s -> s.masterId().equals(masterId)).orElse(false);
    }

    /** The tasks it was given, by id. */
    public Map<String, TaskHistory> tasks() {
        return Map.copyOf(tasks);
    }

    /** The history of task {@code id}. */
    public TaskHistory task(String id) {
        TaskHistory h = tasks.get(id);
        if (h == null) {
            throw new IllegalArgumentException(config.name + ": no task " + id);
        }
        return h;
    }

    /**
     * The message of the ERROR event that ended this framework (a master removed or refused it), after which it
     * subscribes no more, as a scheduler driver aborts; empty while it runs.
     */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** ERROR events and refused calls, with the master that sent them. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Queues tasks; they are launched on the next offers they fit in (and offers are revived now). */
    public void launch(Collection<TaskSpec> specs) {
        for (TaskSpec s : specs) {
            if (tasks.putIfAbsent(s.id(), new TaskHistory(s.id())) != null) {
                throw new IllegalArgumentException(config.name + ": task id " + s.id() + " was given before");
            }
        }
        actor.execute(() -> {
            pending.addAll(specs);
            call(Call.newBuilder().setType(Call.Type.REVIVE).setRevive(Call.Revive.getDefaultInstance()));
        });
    }

    /** Explicit reconciliation of {@code taskIds} (implicit, of every task, when empty) with the current master. */
    public void reconcile(Collection<String> taskIds) {
        actor.execute(() -> reconcileNow(taskIds));
    }

    /** TEARDOWN: the master kills its tasks and forgets it. */
    public void teardown() {
        actor.execute(() -> call(Call.newBuilder().setType(Call.Type.TEARDOWN)));
    }

    // ---- actor from here on ----

    private void leaderChanged(Optional<Leader> detected) {
        Optional<MasterInfo> info = detected.flatMap(TrackingFramework::masterInfo);
        leader = info;
        if (info.isEmpty()) {
            return; // keep the stream we have: the leader may well be fine, ZooKeeper is only how we find it
        }
        if (stream != null && stream.master.getId().equals(info.get().getId())) {
            return;
        }
        subscribe();
    }

    private static Optional<MasterInfo> masterInfo(Leader leader) {
        try {
            return Optional.of(ProtoJson.parse(leader.data(), MasterInfo.newBuilder()).build());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String baseUrl(MasterInfo m) {
        String host = m.hasAddress() && m.getAddress().hasIp() ? m.getAddress().getIp() : m.getHostname();
        int port = m.hasAddress() && m.getAddress().hasPort() ? m.getAddress().getPort() : m.getPort();
        return "http://" + host + ":" + port;
    }

    private void subscribe() {
        if (stream != null) {
            stream.drop();
            stream = null;
        }
        if (closed || failure != null || leader.isEmpty()) {
            return;
        }
        Stream s = new Stream(++generation, leader.get());
        stream = s;
        FrameworkInfo.Builder info = FrameworkInfo.newBuilder().setUser(config.user).setName(config.name)
                .addRoles("*").setFailoverTimeout(config.failoverTimeoutSeconds).setCheckpoint(config.checkpoint)
                .addCapabilities(capability(FrameworkInfo.Capability.Type.MULTI_ROLE));
        if (config.partitionAware) {
            info.addCapabilities(capability(FrameworkInfo.Capability.Type.PARTITION_AWARE));
        }
        Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE);
        if (frameworkId != null) {
            FrameworkID id = FrameworkID.newBuilder().setValue(frameworkId).build();
            info.setId(id);
            call.setFrameworkId(id);
        }
        call.setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info));
        // the timeout covers the answer's headers only: the event stream itself lasts as long as the master serves
        HttpRequest request = HttpRequest.newBuilder(URI.create(s.baseUrl + "/api/v1/scheduler"))
                .timeout(CALL_TIMEOUT).header("Content-Type", PROTOBUF).header("Accept", PROTOBUF)
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.build().toByteArray())).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).whenComplete((response, error) ->
                onActor(() -> subscribeAnswered(s, response, error)));
    }

    private static FrameworkInfo.Capability capability(FrameworkInfo.Capability.Type type) {
        return FrameworkInfo.Capability.newBuilder().setType(type).build();
    }

    private void subscribeAnswered(Stream s, HttpResponse<InputStream> response, Throwable error) {
        if (error == null && response.statusCode() == 200) {
            s.body = response.body();
            s.streamId = response.headers().firstValue("Mesos-Stream-Id").orElse("");
            if (stream != s || closed) {
                s.drop();
                return;
            }
            Thread reader = new Thread(() -> read(s), "framework-" + config.name + "-stream-" + s.gen);
            reader.setDaemon(true);
            reader.start();
            return;
        }
        if (response != null) {
            try (InputStream in = response.body()) {
                in.readAllBytes();
            } catch (IOException e) {
                // the answer to a refused subscription is only informative
            }
        }
        // a master just elected answers 503 (or redirects to itself) until it has recovered the registry
        retryIfCurrent(s);
    }

    private void retryIfCurrent(Stream s) {
        if (stream == s && !closed) {
            stream = null;
            actor.schedule(() -> {
                if (stream == null) {
                    subscribe();
                }
            }, RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** On the stream's own thread: RecordIO records to the actor, then the end of the stream. */
    private void read(Stream s) {
        RecordIoDecoder decoder = new RecordIoDecoder();
        byte[] chunk = new byte[64 * 1024];
        try (InputStream in = s.body) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                for (byte[] record : decoder.feed(chunk, 0, n)) {
                    Event e = Event.parseFrom(record);
                    onActor(() -> onEvent(s, e));
                }
            }
        } catch (IOException e) {
            // broken, dropped or not RecordIO: handled below
        }
        onActor(() -> {
            if (stream == s) {
                errors.add(config.name + ": stream from " + s.master.getId() + " ended");
                retryIfCurrent(s);
            }
        });
    }

    private void onEvent(Stream s, Event e) {
        if (stream != s) {
            return; // a stream we dropped
        }
        switch (e.getType()) {
            case SUBSCRIBED -> {
                s.subscribed = true;
                frameworkId = e.getSubscribed().getFrameworkId().getValue();
                subscriptions.add(new Subscribed(s.master.getId(), frameworkId, System.nanoTime(), Instant.now()));
                if (config.reconcileOnSubscribe) {
                    List<String> open = tasks.values().stream().filter(h -> !h.launches().isEmpty() && !h.ended())
                            .map(TaskHistory::id).toList();
                    if (!open.isEmpty()) {
                        reconcileNow(open);
                    }
                }
            }
            case OFFERS -> offers(e.getOffers().getOffersList());
            case UPDATE -> update(s, e.getUpdate().getStatus());
            case ERROR -> {
                failure = "ERROR from master " + s.master.getId() + ": " + e.getError().getMessage();
                errors.add(config.name + ": " + failure);
                stream = null;
                s.drop();
            }
            default -> { }
        }
    }

    private void update(Stream s, TaskStatus status) {
        String id = status.getTaskId().getValue();
        tasks.computeIfAbsent(id, TaskHistory::new).updated(new TaskHistory.Update(System.nanoTime(),
                s.master.getId(), status));
        if (!status.getUuid().isEmpty()) {
            call(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                    .setAgentId(status.getAgentId()).setTaskId(status.getTaskId()).setUuid(status.getUuid())));
        }
    }

    private void offers(List<Offer> offers) {
        for (Offer o : offers) {
            OfferPacking.Packed packed = OfferPacking.pack(o, pending);
            if (packed.specs().isEmpty()) {
                call(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
                        .addOfferIds(o.getId()).setFilters(Filters.newBuilder().setRefuseSeconds(5))));
                continue;
            }
            pending.removeAll(packed.specs());
            String masterId = stream.master.getId();
            long sent = System.nanoTime();
            call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                    .addOfferIds(o.getId()).addOperations(Offer.Operation.newBuilder()
                            .setType(Offer.Operation.Type.LAUNCH)
                            .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(packed.infos())))
                    .setFilters(Filters.newBuilder().setRefuseSeconds(1))), status -> {
                for (TaskSpec t : packed.specs()) {
                    tasks.get(t.id()).accepted(new TaskHistory.Launch(masterId, sent, status));
                }
            });
        }
    }

    private void reconcileNow(Collection<String> taskIds) {
        Call.Reconcile.Builder r = Call.Reconcile.newBuilder();
        for (String id : taskIds) {
            Call.Reconcile.Task.Builder t = Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder()
                    .setValue(id));
            TaskHistory h = tasks.get(id);
            if (h != null) {
                h.agents().stream().findFirst().ifPresent(a -> t.setAgentId(AgentID.newBuilder().setValue(a)));
            }
            r.addTasks(t);
        }
        call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(r));
    }

    private void call(Call.Builder call) {
        call(call, status -> { });
    }

    /** Sends a call on the current stream; {@code answered} gets the HTTP status (0: no answer) on the actor. */
    private void call(Call.Builder call, java.util.function.IntConsumer answered) {
        Stream s = stream;
        if (s == null || !s.subscribed || frameworkId == null) {
            errors.add(config.name + ": " + call.getType() + " not sent: not subscribed");
            answered.accept(0);
            return;
        }
        call.setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId));
        HttpRequest request = HttpRequest.newBuilder(URI.create(s.baseUrl + "/api/v1/scheduler"))
                .timeout(CALL_TIMEOUT).header("Content-Type", PROTOBUF).header("Accept", PROTOBUF)
                .header("Mesos-Stream-Id", s.streamId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.build().toByteArray())).build();
        Call.Type type = call.getType();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> onActor(() -> {
            int status = r == null ? 0 : r.statusCode();
            if (status != 202 && status != 200) {
                errors.add(config.name + ": " + type + " to " + s.master.getId() + " answered " + (r == null
                        ? e.toString() : status + " " + r.body()));
            }
            answered.accept(status);
        }));
    }

    private void onActor(Runnable task) {
        try {
            actor.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    /** Stops following the leader and drops the event stream (the framework is not torn down). */
    @Override
    public void close() {
        closed = true;
        try {
            actor.submit(() -> {
                if (stream != null) {
                    stream.drop();
                    stream = null;
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        detector.close();
        zk.close();
        actor.shutdownNow();
    }
}
