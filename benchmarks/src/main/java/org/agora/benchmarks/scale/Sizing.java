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
package org.agora.benchmarks.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a run of the given size fits: the master's heap, this JVM's heap (the simulated agents and frameworks) and
 * the machine's available memory, from per-agent and per-task costs measured with this harness (with a margin). A
 * run that does not fit is refused before anything starts, with the figures, instead of ending in an
 * OutOfMemoryError or a swap storm.
 */
public final class Sizing {
    // measured: the master holds ~29 KB per agent with its 10 tasks (289 MB at 10,000 agents); doubled for the
    // re-registration storm after a restart
    private static final long MASTER_BASE = 160L << 20;
    private static final long MASTER_PER_AGENT = 16L << 10;
    private static final long MASTER_PER_TASK = 4L << 10;
    // this JVM: a MasterLink, a WebSocket and its buffers per agent; a Task proto and its stream per task
    private static final long HARNESS_BASE = 96L << 20;
    private static final long HARNESS_PER_AGENT = 40L << 10;
    private static final long HARNESS_PER_TASK = 3L << 10;
    private static final long ZOOKEEPER = 160L << 20;

    private Sizing() {
    }

    /** Why a run with {@code agents} and {@code tasks} does not fit; empty when it does. */
    public static Optional<String> refusal(int agents, long tasks, long masterHeap, long harnessHeap) {
        long master = MASTER_BASE + agents * MASTER_PER_AGENT + tasks * MASTER_PER_TASK;
        long harness = HARNESS_BASE + agents * HARNESS_PER_AGENT + tasks * HARNESS_PER_TASK;
        if (master > masterHeap) {
            return Optional.of(String.format("%,d agents and %,d tasks need about %s of master heap; the master "
                    + "gets %s (raise the master-heap argument)", agents, tasks, mb(master), mb(masterHeap)));
        }
        if (harness > harnessHeap) {
            return Optional.of(String.format("%,d simulated agents and %,d tasks need about %s of this JVM's heap; "
                    + "it has %s (set BENCH_HEAP, e.g. BENCH_HEAP=%dg)", agents, tasks, mb(harness),
                    mb(harnessHeap), (harness >> 30) + 1));
        }
        long available = availableMemory();
        // two masters: the leader and, for the failover, a standby that takes over everything
        long needed = 2 * masterHeap + harnessHeap + ZOOKEEPER;
        if (available > 0 && needed > available) {
            return Optional.of(String.format("two master heaps (%s each, the leader and the standby), this JVM's heap "
                    + "(%s) and ZooKeeper need %s; the machine has %s available", mb(masterHeap), mb(harnessHeap),
                    mb(needed), mb(available)));
        }
        int fds = agents + 1024;
        long limit = openFileLimit();
        if (limit > 0 && fds > limit) {
            return Optional.of(String.format("%,d agents need %,d open files in the master and in this JVM; the limit "
                    + "is %,d (ulimit -n)", agents, fds, limit));
        }
        return Optional.empty();
    }

    /** {@code 4g}, {@code 512m}: bytes. */
    public static long parseSize(String text) {
        String t = text.trim().toLowerCase();
        long unit = t.endsWith("g") ? 1L << 30 : t.endsWith("m") ? 1L << 20 : 1;
        return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
    }

    private static long availableMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no check
        }
        return -1;
    }

    private static long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no check
        }
        return -1;
    }

    static String mb(long bytes) {
        return (bytes >> 20) + " MB";
    }
}
