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
package org.agora.master.internal.agent;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent registrations (REGISTER_AGENT, REREGISTER_AGENT) handed to the master's actor thread and not yet handled
 * there, bounded ({@code agent.registration.backlog}). At the bound an agent that understands {@code RetryLater} is
 * told to come back later instead of being queued; an older agent is queued anyway (it would only reconnect and send
 * the same registration again). Safe on any thread: places are taken on network threads and given back on the actor.
 *
 * <p>The delay told to a refused agent is spread at random over a window that grows with the number of agents turned
 * away since the backlog last had room (a "burst"): the n-th refusal of a burst waits between {@link #MIN_RETRY} and
 * {@code MIN_RETRY + DRAIN_ESTIMATE * (1 + n / limit)}, at most {@link #MAX_RETRY}. The agents turned away first come
 * back first, and a crowd of ten times the backlog spreads over about ten drain estimates instead of returning in
 * lockstep.
 *
 * <p>Refusals are logged as one summary line per {@link #LOG_INTERVAL} at most, and once more when the burst is over.
 */
final class RegistrationBacklog {
    static final Duration MIN_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofSeconds(10);
    /**
     * About how long the master takes to handle one backlog's worth of registrations: MasterScale re-registered
     * 10,000 agents in 10-17 s after a restart, about 1,000 per second with the default backlog of 1,000.
     */
    static final Duration DRAIN_ESTIMATE = Duration.ofSeconds(1);
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationBacklog.class);

    private final int limit;
    private final RandomGenerator random;
    private final LongSupplier nanoTime;
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder refused = new LongAdder();
    /** Refusals since the backlog last fell to half its limit. */
    private final AtomicLong refusedInBurst = new AtomicLong();
    private final LongAdder refusedSinceLog = new LongAdder();
    private final AtomicLong lastLogNanos;

    /**
     * @param limit registrations waiting at most before agents are told to retry later; 0 for no bound
     */
    RegistrationBacklog(int limit, RandomGenerator random, LongSupplier nanoTime) {
        if (limit < 0) {
            throw new IllegalArgumentException("registration backlog " + limit + " must not be negative");
        }
        this.limit = limit;
        this.random = random;
        this.nanoTime = nanoTime;
        this.lastLogNanos = new AtomicLong(nanoTime.getAsLong() - LOG_INTERVAL.toNanos());
    }

    /** One registration's place in the backlog. */
    final class Place {
        private final AtomicBoolean released = new AtomicBoolean();

        private Place() {
        }

        /** The actor handled the registration, dropped it, or will never run it: the place is free. Idempotent. */
        void release() {
            if (released.compareAndSet(false, true)) {
                int left = waiting.decrementAndGet();
                if (left <= limit / 2 && refusedInBurst.get() > 0) {
                    long n = refusedInBurst.getAndSet(0);
                    if (n > 0) {
                        LOG.info("Agent registration backlog has room again ({} waiting, limit {}): {} registrations "
                                + "were told to retry later meanwhile", left, limit, n);
                    }
                }
            }
        }
    }

    /**
     * Takes a place for a registration that is about to be handed to the actor.
     *
     * @param agentCanRetry the agent listed {@code retry_later} in its channel features
     * @return the place, to release once the actor is done with the registration; empty when the backlog is full and
     *     the agent can be told to retry later instead ({@link #refuse})
     */
    Optional<Place> admit(boolean agentCanRetry) {
        if (limit == 0 || !agentCanRetry) {
            waiting.incrementAndGet();
            return Optional.of(new Place());
        }
        int now = waiting.get();
        while (now < limit) {
            if (waiting.compareAndSet(now, now + 1)) {
                return Optional.of(new Place());
            }
            now = waiting.get();
        }
        return Optional.empty();
    }

    /**
     * Counts a registration turned away and chooses how long its agent should wait before sending it again.
     *
     * @param agent who was turned away, for the log
     * @return the delay in milliseconds, between {@link #MIN_RETRY} and {@link #MAX_RETRY}
     */
    long refuse(String agent) {
        refused.increment();
        long n = refusedInBurst.incrementAndGet();
        double window = DRAIN_ESTIMATE.toMillis() * (1.0 + (double) n / Math.max(1, limit));
        long bound = Math.min(MAX_RETRY.toMillis(), MIN_RETRY.toMillis() + (long) window);
        long retryMs = random.nextLong(MIN_RETRY.toMillis(), bound + 1);
        refusedSinceLog.increment();
        long nowNanos = nanoTime.getAsLong();
        long last = lastLogNanos.get();
        if (nowNanos - last >= LOG_INTERVAL.toNanos() && lastLogNanos.compareAndSet(last, nowNanos)) {
            LOG.warn("Agent registration backlog full ({} waiting, limit {}): told {} registrations to retry later "
                    + "since the last report, the latest ({}) in {} ms", waiting.get(), limit,
                    refusedSinceLog.sumThenReset(), agent, retryMs);
        }
        return retryMs;
    }

    /** Registrations turned away since the master started. */
    long refused() {
        return refused.sum();
    }

    /** Registrations handed to the actor and not yet handled by it. */
    int waiting() {
        return waiting.get();
    }

    int limit() {
        return limit;
    }
}
