package org.agora.agent.internal.launcher;

/** A task's container could not be set up or its command not started; the message says why, for the framework. */
public final class LaunchException extends Exception {
    private static final long serialVersionUID = 1L;

    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
