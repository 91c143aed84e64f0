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
package org.agora.isolator.cgroups.internal.memory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.agora.api.containerizer.ContainerLimitation;
import org.agora.api.v1.Protos.ContainerID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls each watched container for an OOM kill on one daemon thread and completes its future once. A check that
 * fails (the cgroup was removed by a cleanup racing the poll) drops the watch without completing it.
 */
final class OomWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OomWatch.class);

    private record Watch(CompletableFuture<ContainerLimitation> future, Supplier<Optional<ContainerLimitation>> check) {
    }

    private final Map<ContainerID, Watch> watches = new ConcurrentHashMap<>();
    private final LongSupplier intervalMs;
    private ScheduledExecutorService timer;

    OomWatch(LongSupplier intervalMs) {
        this.intervalMs = intervalMs;
    }

    /** The future for {@code id}, the same one for repeated calls, polled with {@code check} until it completes. */
    synchronized CompletableFuture<ContainerLimitation> watch(ContainerID id,
            Supplier<Optional<ContainerLimitation>> check) {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "agora-cgroups-oom-watch");
                t.setDaemon(true);
                return t;
            });
            schedule();
        }
        return watches.computeIfAbsent(id, k -> new Watch(new CompletableFuture<>(), check)).future();
    }

    void forget(ContainerID id) {
        watches.remove(id);
    }

    private void schedule() {
        timer.schedule(this::poll, intervalMs.getAsLong(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            watches.forEach((id, watch) -> {
                try {
                    watch.check().get().ifPresent(limitation -> {
                        watches.remove(id);
                        watch.future().complete(limitation);
                    });
                } catch (RuntimeException e) {
                    watches.remove(id);
                    LOG.debug("container {}: OOM watch ended: {}", id.getValue(), e.getMessage());
                }
            });
        } finally {
            synchronized (this) {
                if (!timer.isShutdown()) {
                    schedule();
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        watches.clear();
    }
}
