package org.agora.scheduler.client;

/**
 * Why a {@link SchedulerClient} operation failed; the futures the client returns fail with a subclass of it.
 * Subclasses say what a caller can act on: {@link CallRejectedException} (the master answered, and said no),
 * {@link MasterUnreachableException} (no answer: worth retrying), {@link SubscriptionFailedException} (the event
 * stream ended or carried an ERROR before {@code SUBSCRIBED}) and {@link NotSubscribedException} (a call before
 * any subscription).
 */
public class SchedulerClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message names the master or call and the reason */
    public SchedulerClientException(String message) {
        super(message);
    }

    /**
     * @param message names the master or call and the reason
     * @param cause   the underlying failure
     */
    public SchedulerClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
