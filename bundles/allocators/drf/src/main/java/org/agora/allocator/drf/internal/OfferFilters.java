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
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import org.agora.api.resources.Resources;

/**
 * Refusal filters: a framework declined resources of an agent for a role until some time; until then it is not
 * offered resources of that agent for that role that the refused ones contain (Mesos's RefusedOfferFilter).
 *
 * <p>Filters are found through the agent (a small identity map that stays in cache while the agent is offered
 * around) and expire through one heap, so that an allocation cycle looks again at exactly the agents whose filters
 * ran out. Reviving a role does not search for the framework's filters: each filter belongs to the generation of its
 * framework and role that was current when it was made, and a revive ends that generation. Filters of ended
 * generations are dropped when met or when their time comes.
 */
final class OfferFilters {
    /** The filters a framework made for one role since its last revive of that role. */
    static final class Generation {
        boolean ended;
        int count;
    }

    /** One filter. {@code parts} are by pool of the agent, as {@code pools} were when it was made. */
    static final class Entry {
        final FrameworkState framework;
        final AgentState agent;
        final RoleNode role;
        final Generation generation;
        final Resources refused;
        final Pool[] pools;
        final Amounts[] parts;
        final long until;
        boolean dead;

        Entry(FrameworkState framework, AgentState agent, RoleNode role, Generation generation, Resources refused,
                Amounts[] parts, long until) {
            this.framework = framework;
            this.agent = agent;
            this.role = role;
            this.generation = generation;
            this.refused = refused;
            this.pools = agent.pools;
            this.parts = parts;
            this.until = until;
        }

        boolean inForce(long now) {
            return !dead && !generation.ended && until > now;
        }

        /** True when the offer of {@code candidate} would be refused. */
        boolean covers(Candidate candidate) {
            if (candidate.size == 1 && pools.length == 1 && candidate.parts[0].knownEqualTo(parts[0])) {
                return true;
            }
            for (int k = 0; k < candidate.size; k++) {
                Amounts wanted = candidate.parts[k];
                int p = indexOf(candidate.pools[k]);
                if (p < 0 || parts[p] == null || !parts[p].containsAll(wanted)) {
                    return false;
                }
            }
            return true;
        }

        private int indexOf(Pool pool) {
            for (int i = 0; i < pools.length; i++) {
                if (pools[i] == pool) {
                    return i;
                }
            }
            return -1;
        }
    }

    private final PriorityQueue<Entry> expiry = new PriorityQueue<>(Comparator.comparingLong((Entry e) -> e.until));
    private int live;

    void add(FrameworkState f, AgentState agent, RoleNode role, Resources refused, Amounts[] parts, long until) {
        Generation g = f.filterGenerations.computeIfAbsent(role.role, r -> new Generation());
        Entry e = new Entry(f, agent, role, g, refused, parts, until);
        g.count++;
        live++;
        if (agent.filters == null) {
            agent.filters = new IdentityHashMap<>();
        }
        Object present = agent.filters.get(f);
        if (present == null) {
            agent.filters.put(f, e);
        } else if (present instanceof Entry single) {
            List<Entry> entries = new ArrayList<>(2);
            entries.add(single);
            entries.add(e);
            agent.filters.put(f, entries);
        } else {
            entries(present).add(e);
        }
        expiry.add(e);
    }

    @SuppressWarnings("unchecked")
    private static List<Entry> entries(Object present) {
        return (List<Entry>) present;
    }

    /** True when a filter of {@code f} in force at {@code now} refuses {@code candidate} on the agent. */
    boolean refuses(FrameworkState f, AgentState agent, RoleNode role, Candidate candidate, long now) {
        if (agent.filters == null) {
            return false;
        }
        Object present = agent.filters.get(f);
        if (present == null) {
            return false;
        }
        if (present instanceof Entry e) {
            if (e.generation.ended) {
                drop(e);
                return false;
            }
            return e.role == role && e.until > now && e.covers(candidate);
        }
        boolean refused = false;
        List<Entry> ended = null;
        for (Entry e : entries(present)) {
            if (e.generation.ended) {
                if (ended == null) {
                    ended = new ArrayList<>(2);
                }
                ended.add(e);
            } else if (!refused && e.role == role && e.until > now && e.covers(candidate)) {
                refused = true;
            }
        }
        if (ended != null) {
            ended.forEach(this::drop);
        }
        return refused;
    }

    /** Drops the filters that ran out by {@code now}, telling {@code agents} whose they were. */
    void expire(long now, Consumer<AgentState> agents) {
        while (!expiry.isEmpty() && expiry.peek().until <= now) {
            Entry e = expiry.poll();
            if (!e.dead) {
                boolean ended = e.generation.ended;
                drop(e);
                if (!ended) {
                    agents.accept(e.agent);
                }
            }
        }
    }

    /** Ends the framework's filters for {@code roles} (all when null): a revive. */
    void clear(FrameworkState f, Set<String> roles) {
        for (Map.Entry<String, Generation> g : f.filterGenerations.entrySet()) {
            if ((roles == null || roles.contains(g.getKey())) && !g.getValue().ended) {
                g.getValue().ended = true;
                live -= g.getValue().count;
            }
        }
        if (roles == null) {
            f.filterGenerations.clear();
        } else {
            f.filterGenerations.keySet().removeAll(roles);
        }
        compact();
    }

    /** Drops the filters of a removed framework on every agent. */
    void clear(FrameworkState f, Iterable<AgentState> agents) {
        clear(f, (Set<String>) null);
        for (AgentState a : agents) {
            Object present = a.filters == null ? null : a.filters.get(f);
            if (present instanceof Entry e) {
                drop(e);
            } else if (present != null) {
                new ArrayList<>(entries(present)).forEach(this::drop);
            }
        }
    }

    /** Drops every filter on {@code agent}. */
    void clear(AgentState agent) {
        if (agent.filters != null) {
            List<Entry> all = new ArrayList<>();
            agent.filters.values().forEach(v -> {
                if (v instanceof Entry e) {
                    all.add(e);
                } else {
                    all.addAll(entries(v));
                }
            });
            all.forEach(this::drop);
        }
        compact();
    }

    private void drop(Entry e) {
        if (e.dead) {
            return;
        }
        e.dead = true;
        e.generation.count--;
        if (!e.generation.ended) {
            live--;
        }
        Map<FrameworkState, Object> byFramework = e.agent.filters;
        Object present = byFramework == null ? null : byFramework.get(e.framework);
        if (present == e) {
            byFramework.remove(e.framework);
        } else if (present != null && !(present instanceof Entry)) {
            List<Entry> entries = entries(present);
            entries.remove(e);
            if (entries.size() == 1) {
                byFramework.put(e.framework, entries.get(0));
            }
        }
        if (byFramework != null && byFramework.isEmpty()) {
            e.agent.filters = null;
        }
    }

    /** Entries that ended wait in the heap for their time; rebuild it when they are most of it. */
    private void compact() {
        if (expiry.size() > 2 * live + 1024) {
            List<Entry> keep = new ArrayList<>();
            for (Entry e : expiry) {
                if (!e.dead && !e.generation.ended) {
                    keep.add(e);
                } else if (!e.dead) {
                    drop(e);
                }
            }
            expiry.clear();
            expiry.addAll(keep);
        }
    }

    /** The filters in force at {@code now}. */
    List<Entry> live(long now) {
        return expiry.stream().filter(e -> e.inForce(now)).toList();
    }

    int count() {
        return live;
    }
}
