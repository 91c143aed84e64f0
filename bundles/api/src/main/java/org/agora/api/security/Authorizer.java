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
 * Decides whether a caller may perform an action on an object. Called for every authorized request and every task
 * launched, so it is fast and thread-safe and does not block. A malformed configuration (ACLs that do not parse)
 * stops the implementation's component at start with a message naming the file and the problem; it never falls
 * back to allowing everything.
 */
@ConsumerType
public interface Authorizer {

    /** The name the master's and agent's {@code authorizer} option selects, for example {@code "local"}. */
    String name();

    /**
     * @param subject the authenticated caller, or empty for an anonymous one (authentication is off)
     * @param action  what it asks to do
     * @param object  what it asks to do it to, as {@link Action} defines for each action; empty when the action
     *                has no object, or to ask whether the subject may do it to every object (ANY)
     * @return true when allowed
     */
    boolean authorized(Optional<Principal> subject, Action action, Optional<String> object);
}
