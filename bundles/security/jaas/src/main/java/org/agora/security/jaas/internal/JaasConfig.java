package org.agora.security.jaas.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The JAAS authenticator's options (PID {@code org.agora.security.jaas}). */
@ObjectClassDefinition(name = "Agora JAAS authenticator", description = "The authenticator named 'jaas': "
        + "principals and secrets checked by the login modules of a Karaf JAAS realm.")
public @interface JaasConfig {

    @AttributeDefinition(description = "The JAAS realm to log in to, as Karaf's jaas:realm-list names it. 'karaf' "
            + "is the distribution's own (etc/users.properties unless reconfigured); a realm declared with "
            + "<jaas:config name=...> (LDAP, JDBC, ...) works alike. While no realm of this name is registered the "
            + "authenticator is not available.")
    String realm() default "karaf";

    @AttributeDefinition(description = "How long a successful login is remembered, in milliseconds, so that a "
            + "client's every request does not ask the realm again (which may mean reading a file or asking an LDAP "
            + "server). Only the principal and a salted digest of its secret are kept; a different secret always asks "
            + "the realm. A password changed or a user removed in the realm still gets in for up to this long. "
            + "0 asks the realm every time.")
    long cache_ttl_ms() default 30_000;
}
