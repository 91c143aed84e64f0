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
package org.agora.scheduler.client.execute;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.agora.api.tls.TlsMaterial;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.Backoff;
import org.agora.scheduler.client.ContentType;
import org.agora.scheduler.client.Disconnect;
import org.agora.scheduler.client.EventHandler;
import org.agora.scheduler.client.SchedulerClient;
import org.agora.scheduler.client.SchedulerClientBuilder;

/**
 * One run of {@code agora-execute}: a framework that launches the tasks ({@link Launches}), follows them to their
 * ends and tears itself down. It survives master failovers: the client re-subscribes by itself
 * ({@link org.agora.scheduler.client.SchedulerClientBuilder#failover}) and {@link Reconnection} waits for that and
 * reconciles. All state belongs to one thread ({@code actor}), which is also the client's callback executor.
 */
final class Execution implements EventHandler, Launches.Run {

    /** Exit status after Ctrl-C, as shells report SIGINT. */
    static final int INTERRUPTED = 130;

    /** Re-subscription delays while the lost master is still the leader known (a new one is tried at once). */
    static final Backoff FAILOVER_BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5), 0);

    private static final Duration CALL_WAIT = Duration.ofSeconds(5);

    private final ExecuteOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final Duration requestTimeout;
    private final ScheduledThreadPoolExecutor actor = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "agora-execute");
        thread.setDaemon(true);
        return thread;
    });
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Launches launches;
    private final Reconnection reconnection;

    // actor thread only
    private SchedulerClient client;
    private boolean subscribed;
    private boolean connected;
    private int epoch;
    private boolean finishing;

    Execution(ExecuteOptions options, PrintStream out, PrintStream err, Duration requestTimeout) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.requestTimeout = requestTimeout;
        this.launches = new Launches(options, this, out, UUID.randomUUID().toString());
        this.reconnection = new Reconnection(options.failoverWait(), launches, this, actor, out, err);
    }

    /** Subscribes and runs until every task ended, something failed, or {@link #interrupt()}; the exit status. */
    int run() {
        options.warnings().forEach(w -> err.println("agora-execute: warning: " + w));
        SchedulerClient built;
        try {
            SchedulerClientBuilder builder = SchedulerClient.builder(options.master())
                    .handler(this)
                    .callbackExecutor(actor)
                    .contentType(options.json() ? ContentType.JSON : ContentType.PROTOBUF)
                    .requestTimeout(requestTimeout)
                    .failover(FAILOVER_BACKOFF);
            options.ca().ifPresent(ca -> builder.tls(TlsMaterial.clientContext(TlsMaterial.trustManagers(ca, null),
                    null)));
            options.credentials().ifPresent(c -> builder.credentials(c.principal(), c.secret()));
            built = builder.build();
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            err.println("agora-execute: " + e.getMessage());
            return 1;
        }
        try {
            client = built; // before any callback: they are all submitted after this
            built.subscribe(frameworkInfo()).whenComplete((ok, failure) -> {
                if (failure != null) {
                    onActor(() -> finish(1, "agora-execute: " + message(failure)));
                }
            });
            return exit.join();
        } finally {
            built.close();
            actor.shutdownNow();
        }
    }

    /**
     * Ctrl-C: kills the launched tasks that have not ended, tears the framework down, and waits a little for that
     * to be sent. Safe to call from any thread, also before {@link #run()} subscribed.
     */
    void interrupt() {
        if (exit.isDone()) {
            return;
        }
        try {
            actor.execute(this::killAll);
            exit.get(2 * CALL_WAIT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException | TimeoutException | InterruptedException | ExecutionException e) {
            // exiting anyway
        }
    }

    // ---- actor thread from here on ----

    @Override
    public SchedulerClient client() {
        return client;
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public boolean connected() {
        return connected;
    }

    @Override
    public boolean finishing() {
        return finishing;
    }

    @Override
    public void onActor(Runnable task) {
        try {
            actor.execute(task);
        } catch (RejectedExecutionException e) {
            // the run is over
        }
    }

    @Override
    public void reconcile(List<String> taskIds) {
        reconnection.reconcile(taskIds);
    }

    private void killAll() {
        if (finishing) {
            return;
        }
        if (!subscribed) {
            finish(INTERRUPTED, "agora-execute: interrupted");
            return;
        }
        List<Call.Reconcile.Task> running = launches.unsettled();
        err.println("agora-execute: interrupted; killing " + running.size() + " task(s) and tearing down");
        CompletableFuture<?>[] kills = running.stream()
                .map(task -> client.kill(task.getTaskId(), task.getAgentId()).exceptionally(e -> {
                    err.println("agora-execute: KILL " + task.getTaskId().getValue() + ": " + message(e));
                    return null;
                }))
                .toArray(CompletableFuture<?>[]::new);
        CompletableFuture.allOf(kills).completeOnTimeout(null, CALL_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> onActor(() -> finish(INTERRUPTED, null)));
    }

    @Override
    public void event(Event event) {
        switch (event.getType()) {
            case SUBSCRIBED -> subscribed(event.getSubscribed());
            case OFFERS -> event.getOffers().getOffersList().forEach(launches::offer);
            case UPDATE -> {
                if (!reconnection.notKnownYet(event.getUpdate().getStatus())) {
                    launches.update(event.getUpdate().getStatus());
                }
            }
            case ERROR -> {
                connected = false; // the master ended the subscription: nothing to tear down
                finish(1, "agora-execute: the master refused the framework: " + event.getError().getMessage());
            }
            case FAILURE -> {
                Event.Failure failure = event.getFailure();
                err.println("agora-execute: agent " + failure.getAgentId().getValue() + " reports "
                        + (failure.hasExecutorId() ? "executor " + failure.getExecutorId().getValue() + " ended"
                        + (failure.hasStatus() ? " with status " + failure.getStatus() : "") : "a failure"));
            }
            default -> {
                // HEARTBEAT, RESCIND (offers are used or declined at once), MESSAGE, ...
            }
        }
    }

    private void subscribed(Event.Subscribed payload) {
        connected = true;
        epoch++;
        String master = client.master().orElse(options.master());
        if (subscribed) {
            reconnection.resubscribed(master, payload.getFrameworkId().getValue());
            return;
        }
        subscribed = true;
        out.println("framework " + payload.getFrameworkId().getValue() + " subscribed to master " + master
                + "; waiting for offers of cpus " + options.cpus() + ", mem " + options.mem() + " for "
                + options.instances() + " task(s)");
    }

    @Override
    public void disconnected(Disconnect disconnect) {
        connected = false;
        if (finishing) {
            return;
        }
        if (disconnect.isFinal()) {
            finish(1, "agora-execute: lost master " + disconnect.master() + " and could not re-subscribe: "
                    + disconnect.message());
            return;
        }
        reconnection.lost(disconnect);
    }

    /** Ends the run once: prints {@code why} (if any), tears the framework down, then completes the exit status. */
    @Override
    public void finish(int code, String why) {
        if (finishing) {
            return;
        }
        finishing = true;
        reconnection.stop();
        if (why != null) {
            err.println(why);
        }
        if (!connected) {
            exit.complete(code); // no master to tell: without a failover timeout it forgets the framework anyway
            return;
        }
        client.teardown()
                .orTimeout(CALL_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        err.println("agora-execute: TEARDOWN: " + message(failure));
                    }
                    exit.complete(code);
                });
    }

    @Override
    public void warn(String call, Throwable failure) {
        if (!finishing && connected) {
            err.println("agora-execute: " + call + ": " + message(failure));
        }
    }

    private FrameworkInfo frameworkInfo() {
        FrameworkInfo.Builder info = FrameworkInfo.newBuilder()
                .setUser(options.user())
                .setName(options.frameworkName())
                .addRoles(options.role())
                .addCapabilities(FrameworkInfo.Capability.newBuilder()
                        .setType(FrameworkInfo.Capability.Type.MULTI_ROLE))
                .setFailoverTimeout(options.failoverTimeout())
                .setCheckpoint(options.checkpoint());
        options.principal().ifPresent(info::setPrincipal);
        return info.build();
    }

    /** The failure behind a future's {@link CompletionException}. */
    static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String message(Throwable failure) {
        Throwable cause = cause(failure);
        if (cause instanceof TimeoutException) {
            return "no answer within " + CALL_WAIT.toSeconds() + " s";
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
