package org.agora.scheduler.client.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Bounds the calls in flight to the master. Without a bound the JDK client opens a new connection for nearly every
 * concurrent call (hundreds of connections and thousands in TIME-WAIT under load, all served by its one selector
 * thread); with a few calls in flight it keeps reusing a few keep-alive connections. Calls start in order.
 */
final class CallWindow {
    private final int size;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    CallWindow(int size) {
        this.size = size;
    }

    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> call.get().whenComplete((v, e) -> {
            finished();
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(v);
            }
        });
        boolean now;
        synchronized (this) {
            now = inFlight < size;
            if (now) {
                inFlight++;
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return result;
    }

    private void finished() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            next.run();
        }
    }
}
