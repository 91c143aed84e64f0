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
package org.agora.agent.internal.health;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health check of one task: its probe runs first {@code delay} after {@link HealthCheckers#start}, then
 * {@code interval} after each check ends, on the health-check threads (never on the agent's actor); each result goes
 * to a sink, which hands it to the actor. {@link #stop} ends it: no check starts after it, a check under way is
 * interrupted (a COMMAND check's process is killed) and its result dropped.
 */
public final class HealthChecker {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    private final String task;
    private final HealthProbe probe;
    private final HealthTiming timing;
    private final Consumer<Optional<String>> sink;
    private final ScheduledExecutorService timer;
    private final ExecutorService probes;
    /** Guarded by this: the next check's timer and the check under way, for {@link #stop}. */
    private Future<?> next;
    private Future<?> running;
    private boolean stopped;

    HealthChecker(String task, HealthProbe probe, HealthTiming timing, Consumer<Optional<String>> sink,
            ScheduledExecutorService timer, ExecutorService probes) {
        this.task = task;
        this.probe = probe;
        this.timing = timing;
        this.sink = sink;
        this.timer = timer;
        this.probes = probes;
    }

    void start() {
        LOG.info("Health check of {} ({}) starts in {} ms, every {} ms, timeout {} ms, grace period {} ms, "
                + "{} consecutive failure(s) kill it", task, probe.describe(), timing.delay().toMillis(),
                timing.interval().toMillis(), timing.timeout().toMillis(), timing.gracePeriod().toMillis(),
                timing.consecutiveFailures());
        scheduleAfter(timing.delay());
    }

    private synchronized void scheduleAfter(Duration delay) {
        if (stopped) {
            return;
        }
        try {
            next = timer.schedule(this::submit, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            stopped = true; // the agent stops
        }
    }

    private synchronized void submit() {
        if (stopped) {
            return;
        }
        try {
            running = probes.submit(this::checkOnce);
        } catch (RejectedExecutionException e) {
            stopped = true;
        }
    }

    private void checkOnce() {
        Optional<String> result;
        try {
            result = probe.check(timing.timeout());
        } catch (InterruptedException e) {
            return; // stopped: the task ended
        } catch (RuntimeException e) {
            result = Optional.of("The health check failed to run: " + e);
        }
        synchronized (this) {
            if (stopped) {
                return;
            }
            running = null;
        }
        sink.accept(result);
        scheduleAfter(timing.interval());
    }

    /** Ends the checks of this task; idempotent, from any thread. */
    public void stop() {
        Future<?> n;
        Future<?> r;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            n = next;
            r = running;
        }
        if (n != null) {
            n.cancel(false);
        }
        if (r != null) {
            r.cancel(true);
        }
        LOG.debug("Health check of {} stopped", task);
    }
}
