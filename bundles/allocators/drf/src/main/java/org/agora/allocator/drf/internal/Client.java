package org.agora.allocator.drf.internal;

/**
 * One framework in one role: the unit DRF orders among a role's frameworks. It exists while the framework is
 * subscribed to the role or still holds resources allocated to it; it is sorted (offered to) only while the framework
 * is active, subscribed to the role and not suppressed for it.
 */
final class Client extends SortEntry {
    final FrameworkState framework;
    final RoleNode role;
    final Quantities alloc = new Quantities();
    int holdings;

    Client(FrameworkState framework, RoleNode role) {
        super(framework.key);
        this.framework = framework;
        this.role = role;
    }

    @Override
    Quantities allocation() {
        return alloc;
    }

    @Override
    double weight() {
        return 1.0;
    }
}
