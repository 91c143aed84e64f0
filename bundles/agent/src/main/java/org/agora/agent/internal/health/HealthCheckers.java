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

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The threads the agent's health checks run on, apart from its actor: one timer thread that starts checks, and a
 * pool that runs them (a check blocks for up to its timeout: a connect, a response, a command). Threads of the pool
 * that have nothing to do for a minute end.
 */
public final class HealthCheckers implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final ExecutorService probes;

    public HealthCheckers() {
        AtomicInteger n = new AtomicInteger();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "agora-health-timer"));
        this.probes = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(r, "agora-health-check-" + n.incrementAndGet()));
    }

    /**
     * Starts checking a task.
     *
     * @param task the task as logs name it ("task t of framework f")
     * @param sink gets each check's result (empty: healthy; else why not) on a health-check thread
     */
    public HealthChecker start(String task, HealthProbe probe, HealthTiming timing, Consumer<Optional<String>> sink) {
        HealthChecker checker = new HealthChecker(task, probe, timing, sink, timer, probes);
        checker.start();
        return checker;
    }

    /** Stops every check: the agent stops. */
    @Override
    public void close() {
        timer.shutdownNow();
        probes.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
