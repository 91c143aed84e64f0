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
package org.agora.containerizer.mesos.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The ends of processes that are not this JVM's children (a container adopted after the agent restarted or after
 * this bundle was updated, or one whose spawner died), seen by polling {@code /proc}. {@link ProcessHandle} cannot
 * tell: a zombie counts as alive there, and where nothing reaps orphans (a container's pid 1 that is not an init) an
 * ended process stays a zombie for good. Here a process has ended when it is gone, a zombie, or its pid belongs to a
 * later process (another start time). One daemon thread polls every {@link #POLL_MILLIS} ms while anything is watched.
 */
final class ProcessEnds implements AutoCloseable {
    static final long POLL_MILLIS = 200;

    private record Watched(long startTime, CompletableFuture<Void> ended) {
    }

    private final String name;
    private final Map<Long, Watched> watched = new ConcurrentHashMap<>();
    private ScheduledExecutorService poll;
    private ScheduledFuture<?> polling;
    private boolean closed;

    /** @param name names the polling thread */
    ProcessEnds(String name) {
        this.name = name;
    }

    /** Completes once process {@code pid} has ended (at once when it has already); never fails. */
    synchronized CompletableFuture<Void> ended(long pid) {
        OptionalLong start = startTime(pid);
        if (closed || start.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Watched w = watched.computeIfAbsent(pid, p -> new Watched(start.getAsLong(), new CompletableFuture<>()));
        if (polling == null) {
            if (poll == null) {
                poll = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
            }
            polling = poll.scheduleWithFixedDelay(this::check, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
        return w.ended();
    }

    private synchronized void check() {
        watched.entrySet().removeIf(e -> {
            OptionalLong now = startTime(e.getKey());
            if (now.isPresent() && now.getAsLong() == e.getValue().startTime()) {
                return false;
            }
            e.getValue().ended().complete(null);
            return true;
        });
        if (watched.isEmpty() && polling != null) {
            polling.cancel(false);
            polling = null;
        }
    }

    /** Stops polling; what is still watched is never completed (the next instance adopts those processes). */
    @Override
    public synchronized void close() {
        closed = true;
        if (poll != null) {
            poll.shutdownNow();
        }
        watched.clear();
    }

    /** Whether the process runs: it exists and is not a zombie. */
    static boolean running(long pid) {
        return startTime(pid).isPresent();
    }

    /**
     * The start time of a process that runs (field 22 of {@code /proc/<pid>/stat}, in clock ticks since boot), or
     * empty when it is gone or a zombie.
     */
    static OptionalLong startTime(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        // the command name, field 2, is in parentheses and may hold spaces and parentheses: count after the last ')'
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 >= stat.length()) {
            return OptionalLong.empty();
        }
        String[] fields = stat.substring(close + 2).split(" ");
        // fields[0] is the state (field 3), so field 22 is fields[19]
        if (fields.length < 20 || fields[0].equals("Z") || fields[0].equals("X")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(fields[19]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
