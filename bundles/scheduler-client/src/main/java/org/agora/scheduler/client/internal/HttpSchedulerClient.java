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

import java.io.InputStream;
import java.net.http.HttpClient;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.Backoff;
import org.agora.scheduler.client.CallRejectedException;
import org.agora.scheduler.client.Disconnect;
import org.agora.scheduler.client.EventHandler;
import org.agora.scheduler.client.NotSubscribedException;
import org.agora.scheduler.client.SchedulerClient;

/**
 * {@link SchedulerClient} on {@link HttpClient}. Which subscription is current, and everything that decides about
 * re-subscribing ({@link Failover}), changes on one thread, the client's actor (which also runs the heartbeat
 * watchdogs); the state that calls need (framework id, stream id, master) is published through volatile fields.
 * Handler callbacks go through one serial executor, so the handler sees a subscription's events and then its end,
 * in order.
 */
public final class HttpSchedulerClient extends TypedCalls {

    private static final System.Logger LOG = System.getLogger(HttpSchedulerClient.class.getName());
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final ClientSettings settings;
    private final EventHandler handler;
    private final LeaderSource leaders;
    private final MasterRequests requests;
    private final Executor callbacks;
    private final ExecutorService ownCallbacks;
    private final ScheduledThreadPoolExecutor actor;
    private final Failover failover;
    private final Owner owner = new Owner();
    private final AtomicBoolean closing = new AtomicBoolean();

    private volatile boolean closed;
    private volatile FrameworkInfo frameworkInfo;
    private volatile FrameworkID frameworkId;
    private volatile String streamId;
    private volatile HostPort master;
    private volatile Subscription current; // written on the actor only
    private volatile Thread actorThread;

    /** See {@link org.agora.scheduler.client.SchedulerClientBuilder#build()}. */
    public HttpSchedulerClient(ClientSettings settings) {
        this.settings = settings;
        this.handler = settings.handler();
        this.leaders = LeaderSource.of(settings.master(), settings.leaderTimeout());
        int id = CLIENTS.incrementAndGet();
        ExecutorService http = Executors.newCachedThreadPool(daemon("agora-scheduler-client-" + id + "-http"));
        HttpClient.Builder client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER) // Mesos's Location is protocol-relative: ours to follow
                .connectTimeout(settings.requestTimeout())
                .executor(http);
        settings.tls().ifPresent(client::sslContext);
        this.requests = new MasterRequests(client.build(), settings.contentType(), settings.requestTimeout(),
                settings.tls(), settings.credentials());
        this.ownCallbacks = settings.callbackExecutor().isPresent() ? null
                : Executors.newSingleThreadExecutor(daemon("agora-scheduler-client-" + id + "-events"));
        this.callbacks = settings.callbackExecutor().orElse(ownCallbacks);
        ThreadFactory actorThreads = daemon("agora-scheduler-client-" + id + "-actor");
        this.actor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = actorThreads.newThread(runnable);
            actorThread = thread;
            return thread;
        });
        actor.setRemoveOnCancelPolicy(true);
        this.failover = new Failover(settings.failover(), leaders, actor, owner);
        leaders.watch(leader -> onActor(() -> failover.leaderChanged(leader)));
    }

    // ---- subscribing ----

    @Override
    public CompletableFuture<Event.Subscribed> subscribe(FrameworkInfo info) {
        Objects.requireNonNull(info, "frameworkInfo");
        if (closed) {
            return CompletableFuture.failedFuture(new NotSubscribedException("SUBSCRIBE: the client is closed"));
        }
        frameworkInfo = info;
        if (info.hasId()) {
            frameworkId = info.getId();
        }
        failover.subscribing();
        Subscription subscription = new Subscription(owner, false, leaders.describe());
        if (!onActor(() -> open(subscription, info))) {
            subscription.fail(new NotSubscribedException("SUBSCRIBE: the client is closed"));
        }
        return subscription.subscribed();
    }

    @Override
    public CompletableFuture<Event.Subscribed> resubscribe(Backoff backoff) {
        Objects.requireNonNull(backoff, "backoff");
        if (closed || frameworkInfo == null) {
            return CompletableFuture.failedFuture(new NotSubscribedException(
                    closed ? "re-subscribe: the client is closed" : "re-subscribe: subscribe() was never called"));
        }
        return failover.resubscribe(backoff);
    }

    /** On the actor: makes {@code subscription} the current one and sends its SUBSCRIBE to the leader. */
    private void open(Subscription subscription, FrameworkInfo info) {
        if (closed) {
            subscription.fail(new NotSubscribedException("SUBSCRIBE: the client is closed"));
            return;
        }
        Subscription old = current;
        if (old != null) {
            old.replace();
        }
        current = subscription;
        Call call = Calls.subscribe(info);
        leaders.leader()
                .thenCompose(leader -> {
                    subscription.via(leader);
                    return requests.subscribe(leader, call);
                })
                .whenComplete((answer, failure) -> {
                    if (failure != null) {
                        subscription.fail(unwrap(failure));
                    } else {
                        answered(subscription, answer);
                    }
                });
    }

    /** On an HTTP thread: a 200 opens the stream (on the actor), anything else fails the subscription. */
    private void answered(Subscription subscription, MasterRequests.Answer<InputStream> answer) {
        int status = answer.response().statusCode();
        if (status != 200) {
            subscription.fail(new CallRejectedException(Call.Type.SUBSCRIBE, answer.master().authority(), status,
                    MasterRequests.text(answer.response().body())));
            return;
        }
        EventStream stream = new EventStream(answer.master(), answer.response().body(), settings.contentType(),
                subscription, actor);
        if (!onActor(() -> {
            if (closed || subscription != current || !subscription.opened(stream, answer.master())) {
                stream.close();
                return;
            }
            streamId = answer.response().headers().firstValue(MasterRequests.STREAM_ID).orElse(null);
            master = answer.master();
            LOG.log(System.Logger.Level.DEBUG, "SUBSCRIBE to {0} answered by {1}, stream {2}", leaders.describe(),
                    answer.master(), streamId);
            stream.start();
        })) {
            stream.close();
            subscription.fail(new NotSubscribedException("SUBSCRIBE: the client is closed"));
        }
    }

    @Override
    public Optional<FrameworkID> frameworkId() {
        return Optional.ofNullable(frameworkId);
    }

    @Override
    public Optional<String> streamId() {
        return Optional.ofNullable(streamId);
    }

    @Override
    public Optional<String> master() {
        return Optional.ofNullable(master).map(HostPort::authority);
    }

    @Override
    public boolean isConnected() {
        Subscription subscription = current;
        return subscription != null && subscription.isOpen();
    }

    // ---- calls ----

    @Override
    public CompletableFuture<Void> call(Call call) {
        Objects.requireNonNull(call, "call");
        if (call.getType() == Call.Type.SUBSCRIBE) {
            throw new IllegalArgumentException("SUBSCRIBE goes through subscribe(), not call()");
        }
        FrameworkID id = frameworkId;
        String stream = streamId;
        HostPort to = master;
        if (closed) {
            return CompletableFuture.failedFuture(new NotSubscribedException(call.getType()
                    + ": the client is closed"));
        }
        if (id == null || stream == null || to == null) {
            return CompletableFuture.failedFuture(new NotSubscribedException(call.getType()
                    + ": not subscribed yet (no framework id or Mesos-Stream-Id)"));
        }
        Call framed = call.hasFrameworkId() ? call : call.toBuilder().setFrameworkId(id).build();
        int expected = call.getType() == Call.Type.UPDATE_FRAMEWORK ? 200 : 202;
        return requests.call(to, framed, stream).handle((answer, failure) -> {
            if (failure != null) {
                throw new CompletionException(unwrap(failure));
            }
            if (answer.status() != expected) {
                throw new CallRejectedException(call.getType(), answer.master().authority(), answer.status(),
                        answer.body());
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> updateFramework(FrameworkInfo info) {
        return call(Calls.updateFramework(info)).thenRun(() -> frameworkInfo = info);
    }

    // ---- closing ----

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        dropCurrent();
        failover.close();
        leaders.close();
        actor.shutdownNow();
        try {
            if (Thread.currentThread() != actorThread) { // close() from a dependent stage on the actor
                actor.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropCurrent(); // one the actor opened while closing
        requests.close();
        if (ownCallbacks != null) {
            ownCallbacks.shutdown(); // not shutdownNow: close() may run on that very thread, inside the handler
        }
    }

    private void dropCurrent() {
        Subscription subscription = current;
        if (subscription != null) {
            subscription.replace();
        }
    }

    /** Runs {@code task} on the actor; false when the client is closing. */
    private boolean onActor(Runnable task) {
        try {
            actor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Scheduler client for " + leaders.describe()
                            + ": internal failure", e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void dispatch(Runnable callback) {
        if (closed) {
            return;
        }
        try {
            callbacks.execute(() -> {
                if (closed) {
                    return;
                }
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Scheduler event handler for " + leaders.describe()
                            + " failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** What subscriptions and the failover logic ask of the client. */
    private final class Owner implements Subscription.Owner, Failover.Client {

        @Override
        public void subscribed(Subscription subscription, Event.Subscribed payload) {
            if (payload.hasFrameworkId()) {
                frameworkId = payload.getFrameworkId();
            }
            onActor(() -> failover.subscribed(subscription));
        }

        @Override
        public void deliver(Event event, java.util.function.BooleanSupplier stillValid) {
            dispatch(() -> {
                if (stillValid.getAsBoolean()) {
                    handler.event(event);
                }
            });
        }

        @Override
        public void deliver(Disconnect disconnect) {
            if (closed) {
                return;
            }
            LOG.log(System.Logger.Level.INFO, "Framework {0} disconnected: {1}",
                    frameworkId == null ? "(unsubscribed)" : frameworkId.getValue(), disconnect);
            dispatch(() -> handler.disconnected(disconnect));
        }

        @Override
        public void ended(Subscription subscription, Disconnect disconnect) {
            onActor(() -> failover.streamEnded(subscription, disconnect));
        }

        @Override
        public Subscription current() {
            return current;
        }

        @Override
        public CompletableFuture<Event.Subscribed> attempt(boolean quiet) {
            FrameworkID id = frameworkId;
            FrameworkInfo info = frameworkInfo;
            Subscription subscription = new Subscription(this, quiet, leaders.describe());
            open(subscription, id == null ? info : info.toBuilder().setId(id).build());
            return subscription.subscribed();
        }

        @Override
        public void report(Disconnect disconnect) {
            deliver(disconnect);
        }
    }
}
