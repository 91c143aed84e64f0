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

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.Disconnect;
import org.agora.scheduler.client.SubscriptionFailedException;

/**
 * One SUBSCRIBE and the stream it opened, from the request to the stream's end. A subscription ends in one of two
 * ways, exactly once: the stream ends by itself ({@link Owner#ended}), or the client drops it ({@link #replace()}
 * silently, {@link #leave} with a report). A <em>quiet</em> subscription (an automatic re-subscription attempt)
 * reports nothing before its {@code SUBSCRIBED}: a refused attempt is the campaign's business, reported once.
 *
 * <p>The reader thread, the HTTP threads and the client's actor all touch it; the state that decides what is
 * reported is guarded by {@code this}, so an event is never handed on after the disconnect that ended its stream.
 */
final class Subscription implements EventStream.Listener {

    /** What the client does with what the stream brings. */
    interface Owner {
        /** SUBSCRIBED arrived (reader thread), before it is handed on: remember the framework id. */
        void subscribed(Subscription subscription, Event.Subscribed payload);

        /**
         * Hands an event to the application's handler, in order, if {@code stillValid} holds when its turn comes.
         */
        void deliver(Event event, BooleanSupplier stillValid);

        /** Hands a disconnect to the application's handler, in order. */
        void deliver(Disconnect disconnect);

        /** The stream ended by itself (reader thread or watchdog), after the report, if any. */
        void ended(Subscription subscription, Disconnect disconnect);
    }

    private final Owner owner;
    private final boolean quiet;
    private final String describe;
    private final CompletableFuture<Event.Subscribed> subscribed = new CompletableFuture<>();

    private volatile HostPort via;       // the address SUBSCRIBE was sent to
    private volatile HostPort master;    // the master that answered it
    private volatile String masterId = "";
    private volatile long subscribedNanos;
    private volatile String errorMessage; // an ERROR event after SUBSCRIBED: the master ended us on purpose

    // guarded by this
    private EventStream stream;
    private boolean replaced;
    private boolean over; // ended or left: nothing more is reported
    private boolean hasSubscribed;

    /**
     * @param quiet    report nothing (events, the end) before SUBSCRIBED
     * @param describe the master as the user gave it, for messages
     */
    Subscription(Owner owner, boolean quiet, String describe) {
        this.owner = owner;
        this.quiet = quiet;
        this.describe = describe;
    }

    CompletableFuture<Event.Subscribed> subscribed() {
        return subscribed;
    }

    void via(HostPort address) {
        via = address;
    }

    /** The master that answered, or null before the answer. */
    HostPort master() {
        return master;
    }

    /** True once SUBSCRIBED arrived on this subscription's stream. */
    boolean hasSubscribed() {
        return subscribedNanos != 0;
    }

    /** How long ago SUBSCRIBED arrived, in nanoseconds; 0 before. */
    long ageNanos() {
        long at = subscribedNanos;
        return at == 0 ? 0 : System.nanoTime() - at;
    }

    /** The message of an ERROR event that came after SUBSCRIBED, if one did. */
    Optional<String> errorMessage() {
        return Optional.ofNullable(errorMessage);
    }

    /** True if this subscription's master is {@code leader}: same address as asked or answered, or same id. */
    boolean isAt(AnnouncedLeader leader) {
        return leader.address().equals(via) || leader.address().equals(master)
                || !leader.masterId().isEmpty() && leader.masterId().equals(masterId);
    }

    synchronized boolean isOpen() {
        return stream != null && stream.isOpen() && !replaced && !over;
    }

    /** Neither ended nor dropped. */
    synchronized boolean isLive() {
        return !over && !replaced;
    }

    /** The answer came with a stream: keep it, unless the subscription was replaced meanwhile. */
    boolean opened(EventStream opened, HostPort answeredBy) {
        synchronized (this) {
            if (!replaced) {
                stream = opened;
                master = answeredBy;
                return true;
            }
        }
        opened.close();
        return false;
    }

    /** Dropped by the client (a newer subscription, close): the stream ends without any report. */
    void replace() {
        EventStream toClose;
        synchronized (this) {
            replaced = true;
            over = true;
            toClose = stream;
        }
        if (toClose != null) {
            toClose.close();
        }
        subscribed.completeExceptionally(new SubscriptionFailedException("SUBSCRIBE to " + describe
                + ": replaced by a newer subscription or closed", false));
    }

    /**
     * Dropped by the client with a report (the leader moved elsewhere); false, and nothing done, if the stream
     * already ended or was dropped.
     */
    boolean leave(Disconnect disconnect) {
        EventStream toClose;
        synchronized (this) {
            if (over || replaced) {
                return false;
            }
            replaced = true;
            over = true;
            toClose = stream;
            owner.deliver(disconnect);
        }
        if (toClose != null) {
            toClose.close();
        }
        return true;
    }

    void fail(Throwable failure) {
        subscribed.completeExceptionally(failure);
    }

    @Override
    public void event(EventStream from, Event event) {
        Event.Subscribed payload = null;
        SubscriptionFailedException refused = null;
        EventStream toClose = null;
        synchronized (this) {
            if (replaced || over) {
                return; // read just before the stream was closed
            }
            switch (event.getType()) {
                case SUBSCRIBED -> {
                    payload = event.getSubscribed();
                    hasSubscribed = true;
                    masterId = payload.getMasterInfo().getId();
                    subscribedNanos = Math.max(1, System.nanoTime());
                    if (payload.hasHeartbeatIntervalSeconds()) {
                        from.heartbeatInterval(payload.getHeartbeatIntervalSeconds());
                    }
                    owner.subscribed(this, payload);
                }
                case ERROR -> {
                    if (hasSubscribed) {
                        errorMessage = event.getError().getMessage();
                    } else {
                        refused = new SubscriptionFailedException("SUBSCRIBE to " + from.master()
                                + ": the master sent ERROR: " + event.getError().getMessage(), true);
                        if (quiet) {
                            over = true; // refused: the attempt's end is the campaign's to report
                            toClose = stream;
                        }
                    }
                }
                default -> {
                    // handed on below
                }
            }
            if (!quiet || hasSubscribed) {
                // offers die with their stream (rescinded, or never made by a new leader): none is handed on after
                // the end, lest the handler accept them on the next stream
                owner.deliver(event, event.getType() == Event.Type.OFFERS ? this::isLive : () -> true);
            }
        }
        if (toClose != null) {
            toClose.close();
        }
        if (payload != null) {
            subscribed.complete(payload);
        } else if (refused != null) {
            subscribed.completeExceptionally(refused);
        }
    }

    @Override
    public void ended(EventStream from, Disconnect disconnect) {
        synchronized (this) {
            if (replaced || over) {
                return;
            }
            over = true;
            if (!quiet || hasSubscribed) {
                owner.deliver(disconnect);
            }
        }
        subscribed.completeExceptionally(new SubscriptionFailedException("SUBSCRIBE to " + from.master()
                + ": the event stream ended before SUBSCRIBED: " + disconnect.message(), false));
        owner.ended(this, disconnect);
    }
}
