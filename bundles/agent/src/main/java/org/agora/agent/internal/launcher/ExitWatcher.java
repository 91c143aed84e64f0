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
package org.agora.agent.internal.launcher;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices the end of processes the agent did not start itself (tasks adopted after a restart, children of init now),
 * by looking at {@code /proc} on one timer thread. Unlike {@link ProcessHandle#onExit()} for a process that is not a
 * child, it counts a zombie as ended (where nothing reaps orphans, an ended task stays a zombie) and costs one thread
 * for all processes rather than one each.
 */
public final class ExitWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ExitWatcher.class);

    private final Duration interval;
    private final Map<ProcessIdentity, Runnable> watched = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    private boolean closed;

    public ExitWatcher(Duration interval) {
        this.interval = interval;
    }

    /** Runs {@code onExit} (on the watcher's thread) once the process no longer runs. */
    public synchronized void watch(ProcessIdentity process, Runnable onExit) {
        if (closed) {
            return;
        }
        watched.put(process, onExit);
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "agora-exit-watcher");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops watching; no more callbacks. */
    public synchronized void close() {
        closed = true;
        watched.clear();
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void poll() {
        for (Map.Entry<ProcessIdentity, Runnable> e : watched.entrySet()) {
            if (!e.getKey().isRunning() && watched.remove(e.getKey(), e.getValue())) {
                try {
                    e.getValue().run();
                } catch (RuntimeException ex) {
                    LOG.warn("Exit callback of process {} failed: {}", e.getKey().pid(), ex.toString());
                }
            }
        }
    }
}
