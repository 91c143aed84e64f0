package org.agora.security.credentials.internal;

/**
 * A credentials file that cannot be used: missing, unreadable, too large, not UTF-8, or not in either credentials
 * format. The message names the file and the problem (and the line or JSON path where there is one); it never
 * contains a secret.
 */
final class CredentialsFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CredentialsFileException(String message) {
        super(message);
    }

    CredentialsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
