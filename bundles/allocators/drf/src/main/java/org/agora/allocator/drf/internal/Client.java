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
