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

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
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
    private List<FrameworkUsage> usedByAgentOf = List.of();
    private Map<String, Resources> usedByAgent = Map.of();

    /** One document's use of the cache: {@link #prepare} for each framework written, then {@link #close}. */
    final class Pass implements AutoCloseable {
        private final Map<String, Written> previous = written;
        private final Map<String, Written> next = new HashMap<>();
        private final Map<String, FrameworkUsage> previousUsages = usages;
        private final Map<String, FrameworkUsage> nextUsages = new HashMap<>();
        private final Map<FrameworkSnapshot, Prepared> prepared = new IdentityHashMap<>();
        private final Function<Task, byte[]> render;

        private Pass(Function<Task, byte[]> render) {
            this.render = render;
        }

        /** The framework's tasks' JSON (index for index with its lists) and its usage, reusing what was written. */
        Prepared prepare(FrameworkSnapshot f, boolean completed) {
            Prepared p = prepared.get(f);
            if (p == null) {
                String key = (completed ? "completed:" : "active:") + f.id();
                FrameworkUsage usage = f.usage();
                FrameworkUsage before = previousUsages.get(key);
                if (before != null && usage.sameAs(before)) {
                    usage = before;
                }
                nextUsages.put(key, usage);
                p = new Prepared(json(key + ":tasks", f.tasks()), json(key + ":completed", f.completedTasks()),
                        usage);
                prepared.put(f, p);
            }
            return p;
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
         * The agents' used resources summed over these frameworks' usages: last document's sums when it summed the
         * very same usages (every framework unchanged), else {@code sum}'s.
         */
        Map<String, Resources> usedByAgent(List<FrameworkUsage> of, Supplier<Map<String, Resources>> sum) {
            boolean same = of.size() == usedByAgentOf.size();
            for (int i = 0; same && i < of.size(); i++) {
                same = of.get(i) == usedByAgentOf.get(i);
            }
            if (!same) {
                usedByAgent = sum.get();
                usedByAgentOf = of;
            }
            return usedByAgent;
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
