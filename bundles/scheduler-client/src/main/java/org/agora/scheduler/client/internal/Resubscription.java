package org.agora.scheduler.client.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.Backoff;
import org.agora.scheduler.client.CallRejectedException;
import org.agora.scheduler.client.MasterUnreachableException;
import org.agora.scheduler.client.NotSubscribedException;
import org.agora.scheduler.client.SubscriptionFailedException;

/**
 * Subscribes again and again, with a backoff between attempts, until one succeeds or a failure is final: a 4xx
 * answer, an ERROR event, the client closed, or somebody else subscribed in between (their subscription wins).
 */
final class Resubscription {

    private static final System.Logger LOG = System.getLogger(Resubscription.class.getName());

    private final Supplier<CompletableFuture<Event.Subscribed>> subscribeAgain;
    private final IntSupplier subscriptions;
    private final BooleanSupplier closed;
    private final String master;
    private final Backoff backoff;
    private final ScheduledExecutorService timer;
    private final CompletableFuture<Event.Subscribed> result = new CompletableFuture<>();

    /**
     * @param subscribeAgain one attempt, with the remembered FrameworkInfo and framework id
     * @param subscriptions  how many subscriptions were started so far, by anyone
     * @param closed         whether the client is closed
     * @param master         the master, for log lines
     */
    Resubscription(Supplier<CompletableFuture<Event.Subscribed>> subscribeAgain, IntSupplier subscriptions,
            BooleanSupplier closed, String master, Backoff backoff, ScheduledExecutorService timer) {
        this.subscribeAgain = subscribeAgain;
        this.subscriptions = subscriptions;
        this.closed = closed;
        this.master = master;
        this.backoff = backoff;
        this.timer = timer;
    }

    CompletableFuture<Event.Subscribed> result() {
        return result;
    }

    /** Makes the first attempt now. */
    void start() {
        attempt(1);
    }

    private void attempt(int attempt) {
        if (result.isDone()) {
            return;
        }
        if (closed.getAsBoolean()) {
            result.completeExceptionally(new NotSubscribedException("re-subscribe: the client is closed"));
            return;
        }
        CompletableFuture<Event.Subscribed> subscribed = subscribeAgain.get();
        int mine = subscriptions.getAsInt();
        subscribed.whenComplete((ok, failure) -> {
            if (failure == null) {
                result.complete(ok);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (!isTransient(cause) || subscriptions.getAsInt() != mine || !backoff.allows(attempt + 1)) {
                result.completeExceptionally(cause);
                return;
            }
            Duration delay = backoff.delay(attempt - 1);
            LOG.log(System.Logger.Level.INFO, "Re-subscribing to {0} failed ({1}); attempt {2} in {3} ms",
                    master, cause.getMessage(), attempt + 1, delay.toMillis());
            try {
                timer.schedule(() -> attempt(attempt + 1), delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new NotSubscribedException("re-subscribe: the client is closed"));
            }
        });
    }

    /** Failures that the same attempt may not meet again later. */
    static boolean isTransient(Throwable failure) {
        if (failure instanceof CallRejectedException rejected) {
            return rejected.isTransient();
        }
        if (failure instanceof SubscriptionFailedException refused) {
            return !refused.isErrorEvent();
        }
        return failure instanceof MasterUnreachableException;
    }
}
