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

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.Backoff;
import org.agora.scheduler.client.CallRejectedException;
import org.agora.scheduler.client.MasterUnreachableException;
import org.agora.scheduler.client.NotSubscribedException;
import org.agora.scheduler.client.SubscriptionFailedException;

/**
 * One re-subscription: attempts until one succeeds or a failure is final (a 4xx answer, an ERROR event, the
 * attempts of the backoff used up, or {@link #cancel}). An attempt is made when the wait before it is over
 * <em>or</em> as soon as the leader source names a leader other than the one the attempt in flight (or the last
 * one) went to, whichever comes first: a new leader is tried at once, not at the next tick of the backoff.
 *
 * <p>A leader that ZooKeeper has just announced usually needs a moment (registry recovery) before it serves; it
 * answers {@code 503} or redirects to itself meanwhile. Failures against such a fresh leader are retried after
 * {@value #SETTLE_MS} ms, doubling, and never later than the backoff would.
 *
 * <p>Everything but {@link #cancel} and {@link #result()} runs on the client's actor thread.
 */
final class Resubscription {

    private static final System.Logger LOG = System.getLogger(Resubscription.class.getName());
    /** The first retry delay against a freshly announced leader, in ms. */
    static final long SETTLE_MS = 50;

    private final Supplier<CompletableFuture<Event.Subscribed>> attempt;
    private final LeaderSource leaders;
    private final Backoff backoff;
    private final boolean automatic;
    private final String lost;
    private final ScheduledExecutorService actor;
    private final CompletableFuture<Event.Subscribed> result = new CompletableFuture<>();
    private final long startNanos = System.nanoTime();

    private volatile boolean cancelled;
    private volatile int attempts;

    // actor only
    private int generation;
    private boolean inFlight;
    private AnnouncedLeader target;
    private boolean freshLeader;
    private int settleRetries;
    private ScheduledFuture<?> timer;

    /**
     * @param attempt   one attempt, on the actor: SUBSCRIBE with the remembered FrameworkInfo and framework id
     * @param automatic started by the client itself (failover), not by {@code resubscribe()}
     * @param lost      the master whose stream ended, for log lines and messages
     */
    Resubscription(Supplier<CompletableFuture<Event.Subscribed>> attempt, LeaderSource leaders, Backoff backoff,
            boolean automatic, String lost, ScheduledExecutorService actor) {
        this.attempt = attempt;
        this.leaders = leaders;
        this.backoff = backoff;
        this.automatic = automatic;
        this.lost = lost;
        this.actor = actor;
    }

    CompletableFuture<Event.Subscribed> result() {
        return result;
    }

    boolean isAutomatic() {
        return automatic;
    }

    /** True when {@link #cancel} ended it: its failure is not news to anybody. */
    boolean isCancelled() {
        return cancelled;
    }

    /** The attempts made so far. */
    int attempts() {
        return attempts;
    }

    /** The master whose stream ended. */
    String lost() {
        return lost;
    }

    /**
     * Starts: the first attempt after {@code wait} (at once for zero), or at the next leader change.
     *
     * @param newLeader the leader known now is not the lost one: failures against it are retried quickly
     */
    void start(Duration wait, boolean newLeader) {
        freshLeader = newLeader;
        if (wait.isZero() || wait.isNegative()) {
            attemptNow();
        } else {
            LOG.log(System.Logger.Level.INFO, "Re-subscribing after losing master {0}: first attempt in {1} ms "
                    + "or when {2} names another leader", lost, Long.toString(wait.toMillis()), leaders.describe());
            schedule(wait);
        }
    }

    /** The leader source named {@code leader}: try it now unless the attempt in flight already does. */
    void leaderChanged(AnnouncedLeader leader) {
        if (result.isDone() || inFlight && (target == null || target.equals(leader))) {
            return; // an attempt waiting for a leader takes this one; one to it is under way
        }
        LOG.log(System.Logger.Level.INFO, "{0} names {1} as the leader: re-subscribing to it now",
                leaders.describe(), leader);
        freshLeader = true;
        settleRetries = 0;
        attemptNow();
    }

    /** Ends it with {@code why}, unless it is over; no further attempt is made. Any thread. */
    void cancel(Throwable why) {
        cancelled = true;
        result.completeExceptionally(why);
    }

    private void attemptNow() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (result.isDone()) {
            return;
        }
        int number = attempts + 1;
        attempts = number;
        int mine = ++generation;
        inFlight = true;
        target = leaders.current().orElse(null);
        CompletableFuture<Event.Subscribed> outcome;
        try {
            outcome = attempt.get();
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenCompleteAsync((ok, failure) -> done(mine, ok, failure), actor)
                .exceptionally(e -> null); // rejected: the client is closing and fails the result itself
    }

    private void done(int mine, Event.Subscribed ok, Throwable failure) {
        if (mine != generation || result.isDone()) {
            return; // a newer attempt replaced this one
        }
        inFlight = false;
        if (failure == null) {
            LOG.log(System.Logger.Level.INFO, "Framework {0} re-subscribed after losing master {1}: attempt {2}, "
                    + "{3} ms", ok.getFrameworkId().getValue(), lost, attempts,
                    Long.toString((System.nanoTime() - startNanos) / 1_000_000));
            result.complete(ok);
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (!isTransient(cause) || !backoff.allows(attempts + 1)) {
            // INFO: the application hears of it (the future, or a final Disconnect), and says it its own way
            LOG.log(System.Logger.Level.INFO, "Re-subscribing after losing master {0} failed for good after {1} "
                    + "attempt(s): {2}", lost, attempts, cause.getMessage());
            result.completeExceptionally(cause);
            return;
        }
        Duration delay = backoff.delay(attempts - 1);
        if (freshLeader) {
            long settle = SETTLE_MS << Math.min(settleRetries++, 20);
            settle = settle / 2 + ThreadLocalRandom.current().nextLong(settle / 2 + 1);
            delay = delay.compareTo(Duration.ofMillis(settle)) < 0 ? delay : Duration.ofMillis(settle);
        }
        LOG.log(System.Logger.Level.INFO, "Re-subscribing to {0} failed ({1}); attempt {2} in {3} ms or at the "
                + "next leader change", leaders.describe(), cause.getMessage(), attempts + 1,
                Long.toString(delay.toMillis()));
        schedule(delay);
    }

    private void schedule(Duration delay) {
        try {
            timer = actor.schedule(this::attemptNow, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            cancel(new NotSubscribedException("re-subscribe: the client is closed"));
        }
    }

    /** Failures that the same attempt may not meet again later. */
    static boolean isTransient(Throwable failure) {
        if (failure instanceof CallRejectedException rejected) {
            return rejected.isTransient();
        }
        if (failure instanceof SubscriptionFailedException refused) {
            return !refused.isErrorEvent();
        }
        return failure instanceof MasterUnreachableException;
    }
}
