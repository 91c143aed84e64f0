package org.agora.api.security;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks a principal and its secret, as HTTP Basic presents them. Implementations are thread-safe and may block
 * briefly (a JAAS realm may ask LDAP): callers run them off network event loops and cache nothing themselves.
 * A malformed configuration (an unreadable credentials file, an unknown JAAS realm) stops the implementation's
 * component at start with a message naming the file or realm; it never falls back to accepting everyone.
 */
@ConsumerType
public interface Authenticator {

    /** The name the master's and agent's {@code authenticator} option selects, for example {@code "jaas"}. */
    String name();

    /**
     * Checks {@code principal} and {@code secret}.
     *
     * @return the authenticated principal (normally {@code principal} itself), or empty when the pair is not valid;
     *         never throws for wrong credentials
     */
    Optional<Principal> authenticate(String principal, String secret);
}
