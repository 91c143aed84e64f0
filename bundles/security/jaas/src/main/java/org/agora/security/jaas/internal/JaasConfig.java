/*
 * Copyright 2026 the Agora authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except in compliance with
 * the License. You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software distributed under the License is distributed on
 * an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the
 * specific language governing permissions and limitations under the License.
 */
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
