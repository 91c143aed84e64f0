package org.agora.master.internal.term;

/**
 * A scheduler or operator call the term refuses before doing anything; {@link #reason()} tells the HTTP layer which
 * status answers it (the HTTP layer maps reasons to codes in one place).
 */
public final class CallRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a call was refused. */
    public enum Reason {
        /** Malformed or inconsistent input (400). */
        INVALID,
        /** The framework is not known to this leader (400, as Mesos answers). */
        NOT_SUBSCRIBED,
        /** The framework is known but has no open stream (403). */
        NOT_CONNECTED,
        /** The stream id is not the framework's current one, e.g. from before a failover (400). */
        WRONG_STREAM,
        /** The caller is authenticated but is not the framework's principal (403). */
        FORBIDDEN
    }

    private final Reason reason;

    public CallRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
