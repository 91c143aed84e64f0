package org.agora.agent.internal.task;

/**
 * An executor API call the agent refuses, with why. The HTTP layer answers it with a 4xx status and this message.
 */
public final class ExecutorCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of refusal: a call that is wrong in itself, or one the executor may not make now. */
    public enum Kind {
        BAD_REQUEST,
        FORBIDDEN
    }

    private final Kind kind;

    public ExecutorCallException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static ExecutorCallException badRequest(String message) {
        return new ExecutorCallException(Kind.BAD_REQUEST, message);
    }

    static ExecutorCallException forbidden(String message) {
        return new ExecutorCallException(Kind.FORBIDDEN, message);
    }
}
