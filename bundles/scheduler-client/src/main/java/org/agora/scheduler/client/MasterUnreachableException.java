package org.agora.scheduler.client;

/**
 * No answer from the master: the connection was refused or timed out, the answer did not come within the request
 * timeout, redirects went round in circles, or no leading master was found in ZooKeeper. Retrying later may
 * succeed.
 */
public class MasterUnreachableException extends SchedulerClientException {

    private static final long serialVersionUID = 1L;

    /** @param message names the master and the reason */
    public MasterUnreachableException(String message) {
        super(message);
    }

    /**
     * @param message names the master and the reason
     * @param cause   the I/O failure
     */
    public MasterUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
