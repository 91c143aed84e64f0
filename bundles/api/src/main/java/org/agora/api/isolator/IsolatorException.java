package org.agora.api.isolator;

/** An isolator cannot do its job; the message names the isolator, the container if any, and the reason. */
public class IsolatorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IsolatorException(String message) {
        super(message);
    }

    public IsolatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
