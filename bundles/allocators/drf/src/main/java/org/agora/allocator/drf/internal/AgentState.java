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
import java.util.List;
import java.util.Map;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;

/** One agent as the allocator sees it: its pools (total and free) and who holds what on it. */
final class AgentState {
    final AgentID id;
    final String key;
    AgentInfo info;
    Resources total;
    Pool[] pools;
    boolean active = true;
    boolean hasGpus;
    final List<Holding> holdings = new ArrayList<>(2);
    /** Refusal filters on this agent by framework (one entry, or a list of them); null when there are none. */
    Map<FrameworkState, Object> filters;

    /** Position in the allocation order (agents sorted by id); valid while the order is not stale. */
    int ordinal;
    /** Must be looked at in the next cycle: its free resources or the frameworks that could take them changed. */
    boolean dirty;
    /** Was left with free resources only because of quota limits or headroom in the last look. */
    boolean quotaBlocked;
    boolean removed;

    AgentState(AgentID id, AgentInfo info) {
        this.id = id;
        this.key = id.getValue();
        this.info = info;
    }

    Holding holding(String frameworkId, RoleNode role) {
        for (int i = 0, n = holdings.size(); i < n; i++) {
            Holding h = holdings.get(i);
            if (h.role == role && h.frameworkId.equals(frameworkId)) {
                return h;
            }
        }
        return null;
    }

    int indexOf(Pool p) {
        for (int i = 0; i < pools.length; i++) {
            if (pools[i] == p) {
                return i;
            }
        }
        return -1;
    }

    /** The scalar quantity of name number {@code i} free in all pools. */
    long free(int i) {
        long sum = 0;
        for (Pool p : pools) {
            sum += p.free.scalar(i);
        }
        return sum;
    }
}
