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
package org.agora.agent.internal.security;

import java.util.Optional;
import org.agora.api.security.Action;
import org.agora.api.security.Authorizer;
import org.agora.api.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who made an HTTP request, once authenticated, and what the authorizer lets them do.
 *
 * @param principal the authenticated principal; empty when the endpoint's realm does not authenticate
 * @param authorizer the authorizer to ask; empty when none is installed (and none configured): everything is allowed
 */
public record Caller(Optional<Principal> principal, Optional<Authorizer> authorizer) {
    private static final Logger LOG = LoggerFactory.getLogger(Caller.class);

    /** An anonymous caller that may do everything: no authentication, no authorization. */
    public static final Caller UNCHECKED = new Caller(Optional.empty(), Optional.empty());

    /**
     * Whether the caller may perform {@code action} on {@code object} (empty: on every object). An authorizer that
     * fails denies.
     */
    public boolean may(Action action, Optional<String> object) {
        if (authorizer.isEmpty()) {
            return true;
        }
        try {
            return authorizer.get().authorized(principal, action, object);
        } catch (RuntimeException e) {
            LOG.warn("Authorizer {} failed on {} {} of {}: {}; denying", authorizer.get().name(), action,
                    object.orElse("(any)"), describe(), e.toString());
            return false;
        }
    }

    /** Whether any decision is to be made at all (an authorizer is in use). */
    public boolean authorizing() {
        return authorizer.isPresent();
    }

    /** The caller as logs and messages name it. */
    public String describe() {
        return principal.map(p -> "principal '" + p.value() + "'").orElse("an anonymous caller");
    }
}
