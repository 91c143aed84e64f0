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
package org.agora.master.internal.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Task;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.FrameworkUsage;

/**
 * What {@code /master/state} wrote for each framework last time, reused while it has not changed: each task's JSON,
 * and the framework's usage sums. The master replaces a task's immutable {@link Task} message on every change, so a
 * task's JSON is valid exactly while the document sees the same message instance: tasks are matched by identity, first
 * at the same position as last time (a pointer comparison; the master keeps a framework's tasks in order), else
 * through an identity map of last time's tasks. At 100,000 mostly unchanged tasks this turns writing the state into
 * copying bytes.
 *
 * <p>The usage sums follow the same tasks: a framework whose tasks changed has its usage worked out from last time's
 * by the changed tasks ({@link FrameworkUsage#deriveFrom}), and the agents' used resources, summed over the
 * frameworks, change only on the agents where a framework's share changed. While tasks start and end every framework
 * changes between two reads, and summing 100,000 tasks' resources again was half of a read's cost.
 *
 * <p>Not thread-safe: one document at a time ({@link StateWriter#write} is synchronized). A document keeps only what
 * it wrote, so the cache never holds more than the latest document's frameworks (a view that shows fewer tasks drops
 * the others' entries, which the next full document writes again).
 */
final class TaskJsonCache {
    /** A list of tasks as written, with each one's JSON at the same index. */
    private record Written(Task[] tasks, byte[][] json) {
        private static final Written NONE = new Written(new Task[0], new byte[0][]);
    }

    /** One framework as one document writes it. */
    record Prepared(byte[][] tasks, byte[][] completedTasks, FrameworkUsage usage) {
    }

    private Map<String, Written> written = new HashMap<>();
    private Map<String, FrameworkUsage> usages = new HashMap<>();
    /** The active frameworks' usages (by framework key) that {@link #usedByAgent} sums. */
    private Map<String, FrameworkUsage> usedByAgentOf = Map.of();
    private Map<String, Resources> usedByAgent = Map.of();

    /** One document's use of the cache: {@link #prepare} for each framework written, then {@link #close}. */
    final class Pass implements AutoCloseable {
        private final Map<String, Written> previous = written;
        private final Map<String, Written> next = new HashMap<>();
        private final Map<String, FrameworkUsage> previousUsages = usages;
        private final Map<String, FrameworkUsage> nextUsages = new HashMap<>();
        private final Map<FrameworkSnapshot, Prepared> prepared = new IdentityHashMap<>();
        /** By framework key: the agents whose share changed since the previous document's usage, if derived. */
        private final Map<String, Set<String>> changedAgents = new HashMap<>();
        private final Function<Task, byte[]> render;

        private Pass(Function<Task, byte[]> render) {
            this.render = render;
        }

        /** The framework's tasks' JSON (index for index with its lists) and its usage, reusing what was written. */
        Prepared prepare(FrameworkSnapshot f, boolean completed) {
            Prepared p = prepared.get(f);
            if (p == null) {
                String key = key(f, completed);
                FrameworkUsage usage = f.usage();
                FrameworkUsage before = previousUsages.get(key);
                if (before != null && usage.sameAs(before)) {
                    usage = before;
                } else if (before != null) {
                    usage.deriveFrom(before).ifPresent(agents -> changedAgents.put(key, agents));
                }
                nextUsages.put(key, usage);
                p = new Prepared(json(key + ":tasks", f.tasks()), json(key + ":completed", f.completedTasks()),
                        usage);
                prepared.put(f, p);
            }
            return p;
        }

        private static String key(FrameworkSnapshot f, boolean completed) {
            return (completed ? "completed:" : "active:") + f.id();
        }

        private byte[][] json(String key, List<Task> tasks) {
            Written before = previous.getOrDefault(key, Written.NONE);
            Task[] now = tasks.toArray(new Task[0]);
            byte[][] json = new byte[now.length][];
            Map<Task, byte[]> byIdentity = null;
            for (int i = 0; i < now.length; i++) {
                Task t = now[i];
                if (i < before.tasks().length && before.tasks()[i] == t) {
                    json[i] = before.json()[i];
                    continue;
                }
                if (byIdentity == null) {
                    byIdentity = new IdentityHashMap<>(before.tasks().length);
                    for (int j = 0; j < before.tasks().length; j++) {
                        byIdentity.put(before.tasks()[j], before.json()[j]);
                    }
                }
                byte[] known = byIdentity.get(t);
                json[i] = known != null ? known : render.apply(t);
            }
            next.put(key, new Written(now, json));
            return json;
        }

        /**
         * The agents' used resources summed over these (active) frameworks' usages, by agent id: last document's sums
         * where the same usages were summed, changed on the agents where a framework's share changed, an agent with
         * nothing used left out. On one agent no two live tasks hold the same port, so taking every changed
         * framework's old share out before adding any new share is exact: a port that one framework's ended task
         * freed may already be held by another framework's new task.
         */
        Map<String, Resources> usedByAgent(List<FrameworkSnapshot> frameworks) {
            Map<String, FrameworkUsage> of = new HashMap<>(frameworks.size() * 2);
            for (FrameworkSnapshot f : frameworks) {
                of.put(key(f, false), prepare(f, false).usage());
            }
            if (sameUsages(of, usedByAgentOf)) {
                return usedByAgent;
            }
            List<Change> changes = new ArrayList<>();
            usedByAgentOf.forEach((key, old) -> {
                if (!of.containsKey(key)) {
                    changes.add(new Change(old.byAgent().keySet(), old, null));
                }
            });
            of.forEach((key, now) -> {
                FrameworkUsage old = usedByAgentOf.get(key);
                if (now == old) {
                    return;
                }
                Set<String> agents = old != null && old == previousUsages.get(key) ? changedAgents.get(key) : null;
                if (agents == null) {
                    agents = new HashSet<>(now.byAgent().keySet());
                    if (old != null) {
                        agents.addAll(old.byAgent().keySet());
                    }
                }
                changes.add(new Change(agents, old, now));
            });
            Map<String, Resources> used = new HashMap<>(usedByAgent);
            changes.forEach(c -> c.apply(used, c.old(), Resources::minus));
            changes.forEach(c -> c.apply(used, c.now(), Resources::plus));
            usedByAgent = used;
            usedByAgentOf = of;
            return used;
        }

        /** One framework's share on some agents: the old usage's to take out, the new one's to put in. */
        private record Change(Set<String> agents, FrameworkUsage old, FrameworkUsage now) {
            void apply(Map<String, Resources> used, FrameworkUsage usage,
                    java.util.function.BinaryOperator<Resources> op) {
                if (usage == null) {
                    return;
                }
                for (String agent : agents) {
                    Resources r = op.apply(used.getOrDefault(agent, Resources.empty()),
                            usage.byAgent().getOrDefault(agent, Resources.empty()));
                    if (r.isEmpty()) {
                        used.remove(agent);
                    } else {
                        used.put(agent, r);
                    }
                }
            }
        }

        private static boolean sameUsages(Map<String, FrameworkUsage> a, Map<String, FrameworkUsage> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, FrameworkUsage> e : a.entrySet()) {
                if (b.get(e.getKey()) != e.getValue()) {
                    return false;
                }
            }
            return true;
        }

        /** Keeps only what this document wrote. */
        @Override
        public void close() {
            written = next;
            usages = nextUsages;
        }
    }

    Pass pass(Function<Task, byte[]> render) {
        return new Pass(render);
    }
}
