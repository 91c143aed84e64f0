package org.agora.master.internal.security;

/** The caller may not do what it asked (403); nothing was changed. The message names the caller and the action. */
public final class NotAuthorizedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotAuthorizedException(String message) {
        super(message);
    }
}
