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
package org.agora.allocator.drf.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.FrameworkInfo.Capability.Type;

/** One framework: its roles and capabilities, whether it may be offered anything, its clients and filters. */
final class FrameworkState {
    final FrameworkID id;
    final String key;
    FrameworkInfo info;
    Set<String> roles = Set.of();
    boolean gpu;
    boolean revocable;
    boolean active;
    final Set<String> suppressed = new HashSet<>();
    final Map<String, Client> clients = new LinkedHashMap<>();
    /** The current generation of its refusal filters, by role (see {@link OfferFilters}). */
    final Map<String, OfferFilters.Generation> filterGenerations = new HashMap<>();

    FrameworkState(FrameworkID id) {
        this.id = id;
        this.key = id.getValue();
    }

    void info(FrameworkInfo info) {
        this.info = info;
        this.roles = rolesOf(info);
        this.gpu = has(info, Type.GPU_RESOURCES);
        this.revocable = has(info, Type.REVOCABLE_RESOURCES);
    }

    /**
     * The roles offers may go to: {@code roles} for a MULTI_ROLE framework, otherwise its one role (the deprecated
     * {@code role}, or the first of {@code roles} when only that is set).
     */
    @SuppressWarnings("deprecation") // the deprecated role is how frameworks without MULTI_ROLE name theirs
    static Set<String> rolesOf(FrameworkInfo info) {
        Set<String> roles = new LinkedHashSet<>();
        if (has(info, Type.MULTI_ROLE)) {
            roles.addAll(info.getRolesList());
        } else if (info.getRolesCount() > 0 && !info.hasRole()) {
            roles.add(info.getRoles(0));
        }
        if (roles.isEmpty()) {
            roles.add(info.getRole());
        }
        return roles;
    }

    private static boolean has(FrameworkInfo info, Type type) {
        for (FrameworkInfo.Capability c : info.getCapabilitiesList()) {
            if (c.getType() == type) {
                return true;
            }
        }
        return false;
    }

    /** The role resources without allocation info count for: the framework's first role. */
    String defaultRole() {
        return roles.iterator().next();
    }

    /** True when the framework's client in {@code role} should be offered resources. */
    boolean wants(String role) {
        return active && roles.contains(role) && !suppressed.contains(role);
    }
}
