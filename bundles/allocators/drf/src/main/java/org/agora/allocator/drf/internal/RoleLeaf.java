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
