package org.agora.api.tls;

/**
 * A keystore, truststore or password file cannot be used. The message names the file and the problem
 * ({@code "/etc/agora/master.p12: wrong password or not a PKCS12 keystore"}); callers prefix the option it came
 * from. A component that gets one must not start, rather than fall back to plaintext.
 */
public class TlsMaterialException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public TlsMaterialException(String message) {
        super(message);
    }

    public TlsMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
