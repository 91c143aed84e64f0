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
package org.agora.master.internal.security;

import java.util.Optional;
import org.agora.api.security.Action;
import org.agora.api.security.Authorizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's authorization: asks the authorizer in use whether a caller may perform an action on an object. With
 * no authorizer installed and none named, everything is allowed, as in Mesos without ACLs; with one named but not
 * installed, nothing is. An authorizer that throws is taken to deny (and is logged). Thread-safe.
 */
public final class Permissions {
    private static final Logger LOG = LoggerFactory.getLogger(Permissions.class);

    private final RankedServices<Authorizer> authorizers;
    private final boolean named;

    /**
     * @param authorizers the installed authorizers and the operator's choice
     * @param named       whether the operator named one (then its absence denies)
     */
    public Permissions(RankedServices<Authorizer> authorizers, boolean named) {
        this.authorizers = authorizers;
        this.named = named;
    }

    /** Allows everything: for tests and embedders without security. */
    public static Permissions allowAll() {
        return new Permissions(new RankedServices<>(Authorizer::name, ""), false);
    }

    /** Whether {@code caller} may do {@code action} to {@code object} (empty: the action has no object). */
    public boolean allows(Caller caller, Action action, Optional<String> object) {
        Optional<Authorizer> authorizer = authorizers.current();
        if (authorizer.isEmpty()) {
            if (named) {
                LOG.warn("{} of {} by {} denied: the authorizer {} is not installed", action, object.orElse("-"),
                        caller.describe(), authorizers.describeChoice());
            }
            return !named;
        }
        try {
            return authorizer.get().authorized(caller.principal(), action, object);
        } catch (RuntimeException e) {
            LOG.error("Authorizer {} failed on {} of {} by {}; denied", authorizer.get().name(), action,
                    object.orElse("-"), caller.describe(), e);
            return false;
        }
    }

    public boolean allows(Caller caller, Action action, String object) {
        return allows(caller, action, Optional.of(object));
    }

    /**
     * Requires the permission.
     *
     * @param what what the caller asked, for the message ("register frameworks in role 'web'")
     * @throws NotAuthorizedException when it is denied
     */
    public void require(Caller caller, Action action, Optional<String> object, String what) {
        if (!allows(caller, action, object)) {
            LOG.info("Denied: {} may not {}", caller.describe(), what);
            throw new NotAuthorizedException("Principal '" + caller.describe() + "' is not authorized to " + what);
        }
    }
}
