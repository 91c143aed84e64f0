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
import java.util.Map;
import java.util.TreeSet;
import org.agora.api.v1.Protos.Resource;

/**
 * A role in the role tree ({@code a/b/c} is a child of {@code a/b}); the root has the empty name and holds the
 * top-level roles, {@code *} among them. Quantities are for the whole subtree, which is what hierarchical DRF, quota
 * consumption and limits look at.
 */
final class RoleNode extends SortEntry {
    final String role;
    final RoleNode parent;
    final int depth;
    final Map<String, RoleNode> children = new HashMap<>();
    /** Sub-roles and the own-frameworks leaf that have some framework to offer to, in DRF order. */
    final TreeSet<SortEntry> active = new TreeSet<>(ORDER);
    final RoleLeaf leaf;
    /** Held in the subtree (offered or used), non-revocable. */
    final Quantities alloc = new Quantities();
    /** Reserved for roles of the subtree, on all agents. */
    final Quantities reserved = new Quantities();
    /** The part of {@link #reserved} that is held by someone. */
    final Quantities reservedHeld = new Quantities();
    final Resource.AllocationInfo allocationInfo;
    double weight = 1.0;
    Quota quota;
    /** Clients, holdings, pools and quota that keep this node alive. */
    int refs;

    RoleNode(String role, RoleNode parent) {
        super(role);
        this.role = role;
        this.parent = parent;
        this.depth = parent == null ? 0 : parent.depth + 1;
        this.leaf = new RoleLeaf(this);
        this.allocationInfo = Resource.AllocationInfo.newBuilder().setRole(role).build();
    }

    /** True when this is {@code ancestor} or lies below it. */
    boolean isSelfOrDescendantOf(RoleNode ancestor) {
        RoleNode n = this;
        while (n.depth > ancestor.depth) {
            n = n.parent;
        }
        return n == ancestor;
    }

    /** Quota consumption of name number {@code i}: what the subtree holds plus its reservations nobody holds. */
    long consumed(int i) {
        return alloc.get(i) + reserved.get(i) - reservedHeld.get(i);
    }

    @Override
    Quantities allocation() {
        return alloc;
    }

    @Override
    double weight() {
        return weight;
    }
}
