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

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The frameworks and their clients (one per role), and which clients the sorter offers to. */
final class Frameworks {
    private final Map<String, FrameworkState> byId = new LinkedHashMap<>();
    private final RoleTree tree;

    Frameworks(RoleTree tree) {
        this.tree = tree;
    }

    FrameworkState get(String id) {
        return byId.get(id);
    }

    Collection<FrameworkState> all() {
        return byId.values();
    }

    int size() {
        return byId.size();
    }

    void add(FrameworkState f) {
        byId.put(f.key, f);
        refresh(f);
    }

    void remove(FrameworkState f) {
        byId.remove(f.key);
        for (Client c : new ArrayList<>(f.clients.values())) {
            tree.deactivate(c);
            f.clients.remove(c.role.role);
            tree.release(c.role);
        }
    }

    /** The framework's client in {@code role}, created when missing. */
    Client client(FrameworkState f, RoleNode role) {
        Client c = f.clients.get(role.role);
        if (c == null) {
            c = new Client(f, tree.retain(role.role));
            f.clients.put(role.role, c);
        }
        return c;
    }

    /**
     * After the framework's roles, activity or suppression changed: clients for all its roles, sorted exactly
     * when they should be offered to, and none left for roles it neither subscribes to nor holds anything in.
     */
    void refresh(FrameworkState f) {
        for (String role : f.roles) {
            if (!f.clients.containsKey(role)) {
                Client c = new Client(f, tree.retain(role));
                f.clients.put(role, c);
            }
        }
        for (Client c : new ArrayList<>(f.clients.values())) {
            if (f.wants(c.role.role)) {
                tree.activate(c);
            } else {
                tree.deactivate(c);
                unused(c);
            }
        }
    }

    /** Drops the client when its framework neither subscribes to its role nor holds anything there. */
    void unused(Client c) {
        FrameworkState f = c.framework;
        if (c.holdings == 0 && !f.roles.contains(c.role.role) && f.clients.get(c.role.role) == c) {
            tree.deactivate(c);
            f.clients.remove(c.role.role);
            tree.release(c.role);
        }
    }
}
