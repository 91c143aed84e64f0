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

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Where the containerizer's work runs: one strand per container on a small shared pool. Work for one container runs
 * in the order it was submitted, one piece at a time (the isolator SPI's rule that calls for one container never
 * overlap), while different containers are prepared, started and cleaned up at once: their cgroup and fork work is
 * mostly waiting on the kernel, so one thread for all of them left the cores idle.
 *
 * <p>Recovery ({@link #exclusive}) sees every container at rest: it runs while no strand runs, and strands wait for
 * it, so an isolator that recovers never takes a container being prepared for an orphan.
 */
final class ContainerStrands {
    private final ExecutorService pool;
    /** The last piece of work submitted for each container that has work pending or running. */
    private final Map<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();
    /** Strands hold it shared, recovery exclusive. */
    private final ReadWriteLock recovery = new ReentrantReadWriteLock();

    /** @param threads how many containers' work may run at the same moment */
    ContainerStrands(int threads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "agora-containerizer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code work} on {@code container}'s strand, after everything submitted for it before (whether that failed
     * or not).
     */
    <T> CompletableFuture<T> submit(String container, Supplier<T> work) {
        @SuppressWarnings("unchecked")
        CompletableFuture<T>[] next = new CompletableFuture[1];
        tails.compute(container, (id, tail) -> {
            next[0] = tail == null ? CompletableFuture.supplyAsync(() -> shared(work), pool)
                    : tail.handleAsync((v, e) -> shared(work), pool);
            return next[0];
        });
        // the strand ends when its last piece does, so the map holds only containers with work to do
        next[0].whenComplete((v, e) -> tails.remove(container, next[0]));
        return next[0];
    }

    /** Runs {@code work} on {@code container}'s strand; see {@link #submit}. */
    CompletableFuture<Void> run(String container, Runnable work) {
        return submit(container, () -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work} on a pool thread while no container's work runs. */
    <T> CompletableFuture<T> exclusive(Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            recovery.writeLock().lock();
            try {
                return work.get();
            } finally {
                recovery.writeLock().unlock();
            }
        }, pool);
    }

    private <T> T shared(Supplier<T> work) {
        recovery.readLock().lock();
        try {
            return work.get();
        } finally {
            recovery.readLock().unlock();
        }
    }

    /** Lets running work finish (up to {@code seconds}); what is queued still runs until then. */
    void stop(long seconds) {
        pool.shutdown();
        try {
            pool.awaitTermination(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
