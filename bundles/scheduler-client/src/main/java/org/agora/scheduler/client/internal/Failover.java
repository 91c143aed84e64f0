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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.Backoff;
import org.agora.scheduler.client.Disconnect;
import org.agora.scheduler.client.NotSubscribedException;

/**
 * Keeps a client with its leading master: follows the leader that the {@link LeaderSource} announces (ZooKeeper
 * watches, not polling), leaves a master that is no longer the leader, and runs the {@link Resubscription}s, the
 * ones {@code resubscribe()} asks for and, when the client was built with a failover backoff, its own after every
 * lost stream.
 *
 * <p>Decisions, as Mesos's scheduler library and {@code mesos-execute} make them:
 * <ul>
 *   <li>A leader other than the subscribed master is announced: the stream to the old one is closed and reported
 *       ({@link Disconnect.Reason#LEADER_CHANGED}); a running re-subscription tries the new leader at once.</li>
 *   <li>A stream ended and the leader known now is another master: re-subscribe at once. It is still the same
 *       master (or none is known): wait for the next leader change or the backoff, whichever comes first.</li>
 *   <li>A stream that brought an ERROR event after SUBSCRIBED (another scheduler took the framework over, or the
 *       master removed it) is not followed by a re-subscription: the master meant it.</li>
 *   <li>An automatic re-subscription that fails for good is reported once ({@link
 *       Disconnect.Reason#RESUBSCRIBE_FAILED}); nothing is tried after it.</li>
 * </ul>
 *
 * <p>All methods but {@link #resubscribe} and {@link #close} run on the client's actor thread.
 */
final class Failover {

    private static final System.Logger LOG = System.getLogger(Failover.class.getName());

    /** What the failover logic needs of the client. */
    interface Client {
        /** The latest subscription, or null before any. */
        Subscription current();

        /** One attempt on the actor: SUBSCRIBE with the remembered FrameworkInfo and framework id. */
        CompletableFuture<Event.Subscribed> attempt(boolean quiet);

        /** Tells the handler, in order with the events, unless the client is closed. */
        void report(Disconnect disconnect);
    }

    private final Optional<Backoff> automatic;
    private final LeaderSource leaders;
    private final ScheduledExecutorService actor;
    private final Client client;
    private final Object lock = new Object();

    private volatile Resubscription campaign; // replaced under lock; its state belongs to the actor
    private int flaps;                        // actor: streams that ended soon after SUBSCRIBED, in a row

    /**
     * @param automatic the backoff of automatic re-subscriptions, or empty when only {@link #resubscribe} makes
     *                  them
     */
    Failover(Optional<Backoff> automatic, LeaderSource leaders, ScheduledExecutorService actor, Client client) {
        this.automatic = automatic;
        this.leaders = leaders;
        this.actor = actor;
        this.client = client;
    }

    /** {@code resubscribe()}: joins the re-subscription under way, or starts one whose first attempt is now. */
    CompletableFuture<Event.Subscribed> resubscribe(Backoff backoff) {
        Subscription current = client.current();
        Resubscription started;
        synchronized (lock) {
            Resubscription running = campaign;
            if (running != null && !running.result().isDone()) {
                return running.result();
            }
            started = newCampaign(backoff, false, current);
        }
        onActor(started, () -> started.start(Duration.ZERO, false));
        return started.result();
    }

    /** The application subscribed anew: its subscription wins over a re-subscription under way. */
    void subscribing() {
        Resubscription running;
        synchronized (lock) {
            running = campaign;
            campaign = null;
        }
        if (running != null) {
            running.cancel(new org.agora.scheduler.client.SubscriptionFailedException(
                    "re-subscribe: replaced by a newer subscribe()", false));
        }
    }

    /** A stream ended by itself: with automatic failover, re-subscribe (at once if another leader is known). */
    void streamEnded(Subscription ended, Disconnect disconnect) {
        if (ended != client.current() || automatic.isEmpty() || !ended.hasSubscribed() || running()) {
            return; // superseded, not ours to follow, never subscribed (no framework to keep), or handled
        }
        if (ended.errorMessage().isPresent()) {
            LOG.log(System.Logger.Level.INFO, "Not re-subscribing after master {0} sent ERROR ({1})",
                    disconnect.master(), ended.errorMessage().get());
            return;
        }
        Backoff backoff = automatic.get();
        if (ended.ageNanos() >= backoff.max().toNanos()) {
            flaps = 0;
        }
        Optional<AnnouncedLeader> leader = leaders.current();
        boolean moved = leader.isPresent() && !ended.isAt(leader.get());
        Duration wait = moved ? Duration.ZERO : backoff.delay(Math.min(flaps, 30));
        flaps++;
        Resubscription started;
        synchronized (lock) {
            started = newCampaign(backoff, true, ended);
        }
        started.start(wait, moved);
    }

    /** SUBSCRIBED arrived: if the leader moved on while the SUBSCRIBE was under way, follow it now. */
    void subscribed(Subscription subscription) {
        if (subscription == client.current()) {
            leaders.current().filter(leader -> !subscription.isAt(leader))
                    .ifPresent(leader -> leaderChanged(Optional.of(leader)));
        }
    }

    /** The leader source announced a change. */
    void leaderChanged(Optional<AnnouncedLeader> announced) {
        if (announced.isEmpty()) {
            return; // no leader known: keep a working stream; a dead one ends by itself
        }
        AnnouncedLeader leader = announced.get();
        Resubscription running = campaign;
        if (running != null && !running.result().isDone()) {
            running.leaderChanged(leader);
            return;
        }
        Subscription current = client.current();
        if (current == null || !current.hasSubscribed() || !current.isOpen() || current.isAt(leader)) {
            return;
        }
        HostPort old = current.master();
        String from = old == null ? leaders.describe() : old.authority();
        if (!current.leave(new Disconnect(Disconnect.Reason.LEADER_CHANGED, from, leaders.describe()
                + " names " + leader + " as the leading master now", Optional.empty()))) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "Left master {0}: {1} names {2} as the leader", from,
                leaders.describe(), leader);
        if (automatic.isPresent()) {
            Resubscription started;
            synchronized (lock) {
                started = newCampaign(automatic.get(), true, current);
            }
            started.start(Duration.ZERO, true);
        }
    }

    /** Fails a re-subscription under way; no report. Any thread. */
    void close() {
        Resubscription running = campaign;
        if (running != null) {
            running.cancel(new NotSubscribedException("re-subscribe: the client is closed"));
        }
    }

    private boolean running() {
        Resubscription running = campaign;
        return running != null && !running.result().isDone();
    }

    /** Called with lock held. */
    private Resubscription newCampaign(Backoff backoff, boolean auto, Subscription lost) {
        HostPort lostMaster = lost == null ? null : lost.master();
        Resubscription started = new Resubscription(() -> client.attempt(auto), leaders, backoff, auto,
                lostMaster == null ? leaders.describe() : lostMaster.authority(), actor);
        campaign = started;
        if (auto) {
            started.result().whenComplete((ok, failure) -> {
                if (failure != null && !started.isCancelled()) {
                    client.report(new Disconnect(Disconnect.Reason.RESUBSCRIBE_FAILED, started.lost(),
                            "re-subscribing failed after " + started.attempts() + " attempt(s): "
                                    + failure.getMessage(), Optional.of(failure)));
                }
            });
        }
        return started;
    }

    private void onActor(Resubscription started, Runnable task) {
        try {
            actor.execute(task);
        } catch (RejectedExecutionException e) {
            started.cancel(new NotSubscribedException("re-subscribe: the client is closed"));
        }
    }
}
