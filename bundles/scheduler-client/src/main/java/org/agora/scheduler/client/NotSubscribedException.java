package org.agora.scheduler.client;

/**
 * A call other than SUBSCRIBE was made before any subscription succeeded, so there is no framework id and no
 * {@code Mesos-Stream-Id} to send with it; or the client is closed.
 */
public class NotSubscribedException extends SchedulerClientException {

    private static final long serialVersionUID = 1L;

    /** @param message names the call and the reason */
    public NotSubscribedException(String message) {
        super(message);
    }
}
