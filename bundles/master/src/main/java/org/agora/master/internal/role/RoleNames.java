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
package org.agora.master.internal.role;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.agora.api.v1.Protos.FrameworkInfo;

/** Mesos's rules for role names (roles.md): hierarchical {@code a/b/c}, no empty, dot or dash-led parts. */
public final class RoleNames {
    private RoleNames() {
    }

    public static Optional<String> validate(FrameworkInfo info) {
        List<String> roles = new ArrayList<>(info.getRolesList());
        if (info.hasRole() && !info.getRolesList().isEmpty()) {
            return Optional.of("'framework_info.role' and 'framework_info.roles' cannot both be set");
        }
        if (roles.isEmpty()) {
            roles.add(info.getRole());
        }
        for (String role : roles) {
            Optional<String> e = validate(role);
            if (e.isPresent()) {
                return Optional.of("Role '" + role + "' is invalid: " + e.get());
            }
        }
        return Optional.empty();
    }

    public static Optional<String> validate(String role) {
        if (role.equals("*")) {
            return Optional.empty();
        }
        if (role.isEmpty()) {
            return Optional.of("empty");
        }
        if (role.startsWith("/") || role.endsWith("/")) {
            return Optional.of("must not start or end with '/'");
        }
        for (String part : role.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return Optional.of("'" + part + "' is not a valid path component");
            }
            if (part.startsWith("-")) {
                return Optional.of("a component must not start with '-'");
            }
            if (part.equals("*")) {
                return Optional.of("'*' is only valid as the whole role");
            }
            for (char c : part.toCharArray()) {
                if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '\\') {
                    return Optional.of("must not contain whitespace, control characters or '\\\\'");
                }
            }
        }
        return Optional.empty();
    }
}
