package org.agora.agent.internal.security;

/** A token that does not prove anything: malformed, signed with another key or algorithm, or expired. */
public final class InvalidTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidTokenException(String message) {
        super(message);
    }
}
