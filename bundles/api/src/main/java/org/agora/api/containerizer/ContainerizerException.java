package org.agora.api.containerizer;

/** A container could not be launched, recovered or destroyed; the message names the container and the reason. */
public class ContainerizerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ContainerizerException(String message) {
        super(message);
    }

    public ContainerizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
