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
