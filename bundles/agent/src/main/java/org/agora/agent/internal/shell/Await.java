package org.agora.agent.internal.shell;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for the agent's answer; a failure becomes one line with the cause's message (Karaf prints no trace). */
final class Await {
    private static final long SECONDS = 10;

    private Await() {
    }

    static <T> T answer(CompletableFuture<T> future) {
        try {
            return future.get(SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c
                    && c.getCause() != null ? c.getCause() : e.getCause();
            throw new IllegalStateException(cause.getMessage() != null ? cause.getMessage() : cause.toString());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The agent did not answer within " + SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the agent");
        }
    }
}
