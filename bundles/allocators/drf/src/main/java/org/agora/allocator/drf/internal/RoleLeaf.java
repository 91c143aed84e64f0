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

import java.util.TreeSet;

/** A role's own frameworks, taken together; sorted among the role's sub-roles with the role's weight. */
final class RoleLeaf extends SortEntry {
    final RoleNode role;
    final TreeSet<SortEntry> clients = new TreeSet<>(ORDER);
    /** Held by frameworks in exactly this role (including frameworks not known yet). */
    final Quantities alloc = new Quantities();

    RoleLeaf(RoleNode role) {
        super(role.role + "/.");
        this.role = role;
    }

    @Override
    Quantities allocation() {
        return alloc;
    }

    @Override
    double weight() {
        return role.weight;
    }
}
