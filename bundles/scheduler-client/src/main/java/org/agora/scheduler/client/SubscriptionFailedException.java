package org.agora.scheduler.client;

/**
 * A SUBSCRIBE was answered with an event stream, but the stream brought an {@code ERROR} event instead of
 * {@code SUBSCRIBED} (the master refused the framework, e.g. one that was torn down), or it ended before
 * {@code SUBSCRIBED}. {@link #isErrorEvent()} tells the two apart: an ERROR is final, a broken stream is not.
 */
public class SubscriptionFailedException extends SchedulerClientException {

    private static final long serialVersionUID = 1L;

    private final boolean errorEvent;

    /**
     * @param message    names the master and the reason (the ERROR event's message)
     * @param errorEvent true when the master sent an ERROR event
     */
    public SubscriptionFailedException(String message, boolean errorEvent) {
        super(message);
        this.errorEvent = errorEvent;
    }

    /** True when the master refused the subscription with an ERROR event; false when the stream just ended. */
    public boolean isErrorEvent() {
        return errorEvent;
    }
}
