package org.agora.master.internal.security;

import java.util.Optional;
import org.agora.api.security.Principal;

/**
 * Who makes a call: an authenticated principal, or nobody in particular when the call needed no authentication and
 * carried no credentials.
 */
public record Caller(Optional<Principal> principal) {
    public static final Caller ANONYMOUS = new Caller(Optional.empty());

    public static Caller of(Principal principal) {
        return new Caller(Optional.of(principal));
    }

    /** The principal's name, or "anonymous": for messages and logs. */
    public String describe() {
        return principal.map(Principal::value).orElse("anonymous");
    }
}
