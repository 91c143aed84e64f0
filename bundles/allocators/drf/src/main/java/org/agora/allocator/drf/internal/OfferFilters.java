package org.agora.allocator.drf.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import org.agora.api.resources.Resources;

/**
 * Refusal filters: a framework declined resources of an agent for a role until some time; until then it is not
 * offered resources of that agent for that role that the refused ones contain (Mesos's RefusedOfferFilter). Filters
 * are found through the framework (one map lookup per candidate) and expire through one heap, so that an allocation
 * cycle looks again at exactly the agents whose filters ran out.
 */
final class OfferFilters {
    /** One filter. {@code parts} are by pool of the agent, as {@code pools} were when it was made. */
    static final class Entry {
        final FrameworkState framework;
        final AgentState agent;
        final RoleNode role;
        final Resources refused;
        final Pool[] pools;
        final Amounts[] parts;
        final long until;
        final long seq;
        boolean dead;

        Entry(FrameworkState framework, AgentState agent, RoleNode role, Resources refused, Pool[] pools,
                Amounts[] parts, long until, long seq) {
            this.framework = framework;
            this.agent = agent;
            this.role = role;
            this.refused = refused;
            this.pools = pools;
            this.parts = parts;
            this.until = until;
            this.seq = seq;
        }

        /** True when the offer of {@code candidate} would be refused. */
        boolean covers(Candidate candidate) {
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

    private final PriorityQueue<Entry> expiry = new PriorityQueue<>(
            Comparator.comparingLong((Entry e) -> e.until).thenComparingLong(e -> e.seq));
    private long seq;
    private int live;

    void add(FrameworkState f, AgentState agent, RoleNode role, Resources refused, Amounts[] parts, long until) {
        Entry e = new Entry(f, agent, role, refused, agent.pools, parts, until, seq++);
        f.filters.computeIfAbsent(agent, a -> new ArrayList<>(1)).add(e);
        expiry.add(e);
        live++;
    }

    /** True when a filter of {@code f} in force at {@code now} refuses {@code candidate} on the agent. */
    static boolean refuses(FrameworkState f, AgentState agent, RoleNode role, Candidate candidate, long now) {
        if (f.filters.isEmpty()) {
            return false;
        }
        List<Entry> entries = f.filters.get(agent);
        if (entries == null) {
            return false;
        }
        for (int i = 0, n = entries.size(); i < n; i++) {
            Entry e = entries.get(i);
            if (e.role == role && e.until > now && e.covers(candidate)) {
                return true;
            }
        }
        return false;
    }

    /** Drops the filters that ran out by {@code now}, telling {@code agents} whose they were. */
    void expire(long now, Consumer<AgentState> agents) {
        while (!expiry.isEmpty() && expiry.peek().until <= now) {
            Entry e = expiry.poll();
            if (!e.dead) {
                drop(e);
                agents.accept(e.agent);
            }
        }
    }

    /** Drops the framework's filters for {@code roles} (all when null). */
    void clear(FrameworkState f, Set<String> roles) {
        List<Entry> all = new ArrayList<>();
        f.filters.values().forEach(all::addAll);
        for (Entry e : all) {
            if (roles == null || roles.contains(e.role.role)) {
                drop(e);
            }
        }
        compact();
    }

    /** Drops every filter on {@code agent}. */
    void clear(AgentState agent, Iterable<FrameworkState> frameworks) {
        for (FrameworkState f : frameworks) {
            List<Entry> entries = f.filters.get(agent);
            if (entries != null) {
                new ArrayList<>(entries).forEach(this::drop);
            }
        }
        compact();
    }

    private void drop(Entry e) {
        if (e.dead) {
            return;
        }
        e.dead = true;
        live--;
        List<Entry> entries = e.framework.filters.get(e.agent);
        if (entries != null) {
            entries.remove(e);
            if (entries.isEmpty()) {
                e.framework.filters.remove(e.agent);
            }
        }
    }

    /** Dead entries wait in the heap for their time; rebuild it when they are most of it. */
    private void compact() {
        if (expiry.size() > 2 * live + 1024) {
            List<Entry> alive = new ArrayList<>(expiry.stream().filter(e -> !e.dead).toList());
            expiry.clear();
            expiry.addAll(alive);
        }
    }

    /** The filters in force, oldest first. */
    List<Entry> live() {
        return expiry.stream().filter(e -> !e.dead).sorted(Comparator.comparingLong(e -> e.seq)).toList();
    }

    int count() {
        return live;
    }
}
