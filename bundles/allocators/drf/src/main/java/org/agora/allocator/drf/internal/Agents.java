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
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agents, in allocation order (by id, so that decisions depend on the state and not on the order agents were
 * added), and which of them the next cycle must look at. An agent is dirty when its free resources changed; all are
 * when something changed that could let a framework take what it would not take before (a framework added,
 * activated, revived or updated, quota changed). Agents whose refusal filters ran out become dirty as the filters
 * expire. Agents left with free resources only because of quota are looked at again when quota may allow more.
 * Everything else with free resources was looked at and could not go anywhere: skipping it keeps a cycle cheap when
 * little changed.
 */
final class Agents {
    private final Map<String, AgentState> byId = new HashMap<>();
    private AgentState[] order = new AgentState[0];
    private boolean orderStale;
    private final List<AgentState> dirty = new ArrayList<>();
    private boolean allDirty;
    private final List<AgentState> quotaBlocked = new ArrayList<>();

    AgentState get(String id) {
        return byId.get(id);
    }

    int size() {
        return byId.size();
    }

    /** Every agent, in allocation order. */
    List<AgentState> all() {
        return Arrays.asList(ordered());
    }

    Collection<AgentState> unordered() {
        return byId.values();
    }

    void add(AgentState a) {
        byId.put(a.key, a);
        orderStale = true;
        markDirty(a);
    }

    void remove(AgentState a) {
        byId.remove(a.key);
        a.removed = true;
        orderStale = true;
    }

    void markDirty(AgentState a) {
        if (!a.dirty) {
            a.dirty = true;
            dirty.add(a);
        }
    }

    void markAllDirty() {
        allDirty = true;
    }

    /** Quota held back some of {@code a}'s free resources in this cycle. */
    void blockedByQuota(AgentState a) {
        if (!a.quotaBlocked) {
            a.quotaBlocked = true;
            quotaBlocked.add(a);
        }
    }

    /** Something happened that may let quota allow more than before: look again at what it held back. */
    void quotaMayAllowMore() {
        for (AgentState a : quotaBlocked) {
            a.quotaBlocked = false;
            if (!a.removed) {
                markDirty(a);
            }
        }
        quotaBlocked.clear();
    }

    private AgentState[] ordered() {
        if (orderStale) {
            order = byId.values().toArray(new AgentState[0]);
            Arrays.sort(order, Comparator.comparing(a -> a.key));
            for (int i = 0; i < order.length; i++) {
                order[i].ordinal = i;
            }
            orderStale = false;
        }
        return order;
    }

    /** The active agents the next cycle must look at, in allocation order; they are clean afterwards. */
    List<AgentState> takeDirty() {
        AgentState[] all = ordered();
        List<AgentState> out;
        if (allDirty || dirty.size() > all.length / 8) {
            out = new ArrayList<>(allDirty ? all.length : dirty.size());
            for (AgentState a : all) {
                if ((allDirty || a.dirty) && a.active) {
                    out.add(a);
                }
                a.dirty = false;
            }
        } else {
            out = new ArrayList<>(dirty.size());
            for (AgentState a : dirty) {
                a.dirty = false;
                if (!a.removed && a.active) {
                    out.add(a);
                }
            }
            out.sort(Comparator.comparingInt(a -> a.ordinal));
        }
        dirty.clear();
        allDirty = false;
        for (AgentState a : out) {
            a.quotaBlocked = false;
        }
        quotaBlocked.removeIf(a -> !a.quotaBlocked);
        return out;
    }
}
