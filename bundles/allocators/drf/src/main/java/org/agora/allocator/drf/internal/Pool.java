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

import java.util.List;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Resource;

/**
 * The resources of one agent that share a reservation stack: the unreserved ones, those reserved (statically or
 * dynamically, possibly refined) for one role, or the revocable ones. A role can be offered a pool when the pool is
 * unreserved or reserved for the role or one of its ancestors (Mesos's {@code isAllocatableTo}).
 *
 * <p>A pool remembers the last few offers built from it alone: after a decline the same resources come back and the
 * same immutable {@link Resources} is offered again without rebuilding protobufs.
 */
final class Pool {
    private static final int CACHED = 4;

    final List<Resource.ReservationInfo> stack;
    final boolean revocable;
    /** The role the pool is reserved for, null when unreserved or revocable. */
    final RoleNode role;
    final Amounts total;
    final Amounts free;

    private final RoleNode[] cacheRole = new RoleNode[CACHED];
    private final Amounts[] cachePart = new Amounts[CACHED];
    private final Resources[] cacheOffer = new Resources[CACHED];
    private int cacheNext;

    Pool(List<Resource.ReservationInfo> stack, boolean revocable, RoleNode role, Amounts total) {
        this.stack = stack;
        this.revocable = revocable;
        this.role = role;
        this.total = total;
        this.free = total.copy();
    }

    boolean unreserved() {
        return role == null && !revocable;
    }

    /** True when the pool's resources count in shares, quota and headroom (revocable ones do not). */
    boolean counts() {
        return !revocable;
    }

    /** True when {@code r} may be offered this pool's resources (the revocable pool is decided per framework). */
    boolean allocatableTo(RoleNode r) {
        return role == null ? !revocable : r.isSelfOrDescendantOf(role);
    }

    /** True when this pool holds resources with this reservation stack and revocability. */
    boolean matches(List<Resource.ReservationInfo> reservations, boolean isRevocable) {
        return revocable == isRevocable && stack.equals(reservations);
    }

    Resources cachedOffer(RoleNode r, Amounts part) {
        for (int i = 0; i < CACHED; i++) {
            if (cacheRole[i] == r && cachePart[i].sameContent(part)) {
                return cacheOffer[i];
            }
        }
        return null;
    }

    void cache(RoleNode r, Amounts part, Resources offer) {
        cacheRole[cacheNext] = r;
        cachePart[cacheNext] = part;
        cacheOffer[cacheNext] = offer;
        cacheNext = (cacheNext + 1) % CACHED;
    }
}
