package org.agora.master.internal;

/**
 * A call named an agent or framework this master does not know: the operator API answers 404 with the message,
 * naming the id. An {@link IllegalArgumentException}, so callers that treat bad input alike still do.
 */
public final class UnknownObjectException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnknownObjectException(String message) {
        super(message);
    }
}
