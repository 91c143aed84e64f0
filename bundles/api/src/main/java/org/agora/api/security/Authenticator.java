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
