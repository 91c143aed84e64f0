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
package org.agora.allocator.firstfit.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Resource;

/** Role facts an allocator needs from the wire types. */
final class Roles {
    private Roles() {
    }

    /** The framework's roles: {@code roles} for MULTI_ROLE frameworks, else the deprecated {@code role}. */
    static Set<String> of(FrameworkInfo info) {
        Set<String> roles = new LinkedHashSet<>(info.getRolesList());
        if (roles.isEmpty()) {
            roles.add(info.getRole());
        }
        return roles;
    }

    static boolean hasCapability(FrameworkInfo info, FrameworkInfo.Capability.Type type) {
        return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
    }

    /** Unreserved resources go to any role; reserved ones only to the role at the top of their reservation stack. */
    static boolean usableBy(Resource r, String role) {
        if (r.getReservationsCount() == 0) {
            return true;
        }
        return r.getReservations(r.getReservationsCount() - 1).getRole().equals(role);
    }

    static Resources stripAllocation(Resources r) {
        return Resources.of(r.toList().stream().map(x -> x.toBuilder().clearAllocationInfo().build()).toList());
    }
}
