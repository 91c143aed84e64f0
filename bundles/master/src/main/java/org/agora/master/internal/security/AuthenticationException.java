package org.agora.master.internal.security;

/**
 * A call that needs authentication does not have it: no or wrong credentials ({@link #unavailable()} false: 401), or
 * no authenticator to check them with (true: 503, the operator must install or name one).
 */
public final class AuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean unavailable;

    public AuthenticationException(String message, boolean unavailable) {
        super(message);
        this.unavailable = unavailable;
    }

    public boolean unavailable() {
        return unavailable;
    }
}
