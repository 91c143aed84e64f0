package org.agora.scheduler.client.internal;

import com.google.protobuf.ByteString;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.util.Collection;
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
import java.util.concurrent.atomic.AtomicInteger;

import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.Backoff;
import org.agora.scheduler.client.CallRejectedException;
import org.agora.scheduler.client.Disconnect;
import org.agora.scheduler.client.EventHandler;
import org.agora.scheduler.client.NotSubscribedException;
import org.agora.scheduler.client.SchedulerClient;
import org.agora.scheduler.client.SubscriptionFailedException;

/**
 * {@link SchedulerClient} on {@link HttpClient}. The state that calls need (framework id, stream id, master) is
 * published through volatile fields; subscription changes are serialised by {@code lock}. Handler callbacks go
 * through one serial executor, so the handler sees a subscription's events and then its end, in order.
 */
public final class HttpSchedulerClient implements SchedulerClient {

    private static final System.Logger LOG = System.getLogger(HttpSchedulerClient.class.getName());
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final ClientSettings settings;
    private final EventHandler handler;
    private final LeaderSource leaders;
    private final MasterRequests requests;
    private final Executor callbacks;
    private final ExecutorService ownCallbacks;
    private final ScheduledThreadPoolExecutor timer;
    private final Object lock = new Object();

    private final AtomicInteger subscriptions = new AtomicInteger();

    private volatile boolean closed;
    private volatile FrameworkInfo frameworkInfo;
    private volatile FrameworkID frameworkId;
    private volatile String streamId;
    private volatile HostPort master;

    // guarded by lock
    private Subscription current;
    private CompletableFuture<Event.Subscribed> resubscription;

    /** See {@link org.agora.scheduler.client.SchedulerClientBuilder#build()}. */
    public HttpSchedulerClient(ClientSettings settings) {
        this.settings = settings;
        this.handler = settings.handler();
        this.leaders = LeaderSource.of(settings.master(), settings.leaderTimeout());
        int id = CLIENTS.incrementAndGet();
        ExecutorService http = Executors.newCachedThreadPool(daemon("agora-scheduler-client-" + id + "-http"));
        this.requests = new MasterRequests(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER) // Mesos's Location is protocol-relative: ours to follow
                .connectTimeout(settings.requestTimeout())
                .executor(http)
                .build(), settings.contentType(), settings.requestTimeout());
        this.ownCallbacks = settings.callbackExecutor().isPresent() ? null
                : Executors.newSingleThreadExecutor(daemon("agora-scheduler-client-" + id + "-events"));
        this.callbacks = settings.callbackExecutor().orElse(ownCallbacks);
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("agora-scheduler-client-" + id + "-timer"));
        timer.setRemoveOnCancelPolicy(true);
    }

    // ---- subscribing ----

    @Override
    public CompletableFuture<Event.Subscribed> subscribe(FrameworkInfo info) {
        Objects.requireNonNull(info, "frameworkInfo");
        if (closed) {
            return CompletableFuture.failedFuture(new NotSubscribedException("SUBSCRIBE: the client is closed"));
        }
        Subscription subscription;
        synchronized (lock) {
            frameworkInfo = info;
            if (info.hasId()) {
                frameworkId = info.getId();
            }
            if (current != null) {
                current.replace();
            }
            subscription = new Subscription();
            subscriptions.incrementAndGet();
            current = subscription;
        }
        Call call = Calls.subscribe(info);
        leaders.leader()
                .thenCompose(leader -> requests.subscribe(leader, call))
                .whenComplete((answer, failure) -> {
                    if (failure != null) {
                        subscription.fail(unwrap(failure));
                    } else {
                        subscription.answered(answer);
                    }
                });
        return subscription.subscribed;
    }

    @Override
    public CompletableFuture<Event.Subscribed> resubscribe(Backoff backoff) {
        Objects.requireNonNull(backoff, "backoff");
        Resubscription attempts;
        synchronized (lock) {
            if (resubscription != null && !resubscription.isDone()) {
                return resubscription;
            }
            if (closed || frameworkInfo == null) {
                return CompletableFuture.failedFuture(new NotSubscribedException(
                        closed ? "re-subscribe: the client is closed" : "re-subscribe: subscribe() was never called"));
            }
            attempts = new Resubscription(() -> {
                FrameworkID id = frameworkId;
                return subscribe(id == null ? frameworkInfo : frameworkInfo.toBuilder().setId(id).build());
            }, subscriptions::get, () -> closed, leaders.describe(), backoff, timer);
            resubscription = attempts.result();
        }
        attempts.start();
        return attempts.result();
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
        synchronized (lock) {
            return current != null && current.isOpen();
        }
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
    public CompletableFuture<Void> accept(Collection<OfferID> offerIds, Collection<Offer.Operation> operations,
            Filters filters) {
        return call(Calls.accept(offerIds, operations, filters));
    }

    @Override
    public CompletableFuture<Void> launch(Collection<OfferID> offerIds, Collection<TaskInfo> tasks, Filters filters) {
        return call(Calls.launch(offerIds, tasks, filters));
    }

    @Override
    public CompletableFuture<Void> decline(Collection<OfferID> offerIds, Filters filters) {
        return call(Calls.decline(offerIds, filters));
    }

    @Override
    public CompletableFuture<Void> kill(TaskID taskId) {
        return call(Calls.kill(taskId, null));
    }

    @Override
    public CompletableFuture<Void> kill(TaskID taskId, AgentID agentId) {
        return call(Calls.kill(taskId, Objects.requireNonNull(agentId, "agentId")));
    }

    @Override
    public CompletableFuture<Void> acknowledge(TaskStatus status) {
        return status.hasUuid() ? call(Calls.acknowledge(status)) : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> reconcile(Collection<Call.Reconcile.Task> tasks) {
        return call(Calls.reconcile(tasks));
    }

    @Override
    public CompletableFuture<Void> revive(Collection<String> roles) {
        return call(Calls.revive(roles));
    }

    @Override
    public CompletableFuture<Void> suppress(Collection<String> roles) {
        return call(Calls.suppress(roles));
    }

    @Override
    public CompletableFuture<Void> teardown() {
        return call(Calls.teardown());
    }

    @Override
    public CompletableFuture<Void> message(AgentID agentId, ExecutorID executorId, ByteString data) {
        return call(Calls.message(agentId, executorId, data));
    }

    @Override
    public CompletableFuture<Void> shutdown(ExecutorID executorId, AgentID agentId) {
        return call(Calls.shutdown(executorId, agentId));
    }

    @Override
    public CompletableFuture<Void> updateFramework(FrameworkInfo info) {
        return call(Calls.updateFramework(info)).thenRun(() -> frameworkInfo = info);
    }

    // ---- closing ----

    @Override
    public void close() {
        CompletableFuture<Event.Subscribed> pending;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (current != null) {
                current.replace();
            }
            pending = resubscription;
        }
        if (pending != null) {
            pending.completeExceptionally(new NotSubscribedException("re-subscribe: the client is closed"));
        }
        leaders.close();
        requests.close();
        timer.shutdownNow();
        if (ownCallbacks != null) {
            ownCallbacks.shutdown(); // not shutdownNow: close() may run on that very thread, inside the handler
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

    /**
     * One SUBSCRIBE and the stream it opened. A subscription that the caller replaced (a newer subscribe, close)
     * drops its stream silently and fails its pending future.
     */
    private final class Subscription implements EventStream.Listener {

        final CompletableFuture<Event.Subscribed> subscribed = new CompletableFuture<>();
        private EventStream stream;        // guarded by lock
        private volatile boolean replaced; // written with lock held

        boolean isOpen() {
            return stream != null && stream.isOpen();
        }

        /** Called with lock held. */
        void replace() {
            replaced = true;
            if (stream != null) {
                stream.close();
            }
            subscribed.completeExceptionally(new SubscriptionFailedException("SUBSCRIBE to "
                    + leaders.describe() + ": replaced by a newer subscription or closed", false));
        }

        void fail(Throwable failure) {
            subscribed.completeExceptionally(failure);
        }

        void answered(MasterRequests.Answer<InputStream> answer) {
            int status = answer.response().statusCode();
            if (status != 200) {
                fail(new CallRejectedException(Call.Type.SUBSCRIBE, answer.master().authority(), status,
                        MasterRequests.text(answer.response().body())));
                return;
            }
            EventStream opened = new EventStream(answer.master(), answer.response().body(), settings.contentType(),
                    this, timer);
            synchronized (lock) {
                if (replaced) {
                    opened.close();
                    return;
                }
                stream = opened;
                streamId = answer.response().headers().firstValue(MasterRequests.STREAM_ID).orElse(null);
                master = answer.master();
            }
            LOG.log(System.Logger.Level.DEBUG, "SUBSCRIBE to {0} answered by {1}, stream {2}", leaders.describe(),
                    answer.master(), streamId);
            opened.start();
        }

        @Override
        public void event(EventStream from, Event event) {
            if (replaced) {
                return; // read just before the stream was closed
            }
            switch (event.getType()) {
                case SUBSCRIBED -> {
                    Event.Subscribed payload = event.getSubscribed();
                    if (payload.hasFrameworkId()) {
                        frameworkId = payload.getFrameworkId();
                    }
                    if (payload.hasHeartbeatIntervalSeconds()) {
                        from.heartbeatInterval(payload.getHeartbeatIntervalSeconds());
                    }
                    subscribed.complete(payload);
                }
                case ERROR -> subscribed.completeExceptionally(new SubscriptionFailedException("SUBSCRIBE to "
                        + from.master() + ": the master sent ERROR: " + event.getError().getMessage(), true));
                default -> {
                    // delivered below
                }
            }
            dispatch(() -> handler.event(event));
        }

        @Override
        public void ended(EventStream from, Disconnect disconnect) {
            subscribed.completeExceptionally(new SubscriptionFailedException("SUBSCRIBE to " + from.master()
                    + ": the event stream ended before SUBSCRIBED: " + disconnect.message(), false));
            LOG.log(System.Logger.Level.INFO, "Framework {0} disconnected: {1}",
                    frameworkId == null ? "(unsubscribed)" : frameworkId.getValue(), disconnect);
            dispatch(() -> handler.disconnected(disconnect));
        }
    }
}
