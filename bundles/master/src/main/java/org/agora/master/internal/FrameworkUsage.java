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
package org.agora.master.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.master.Protos.Response.GetExecutors;
import org.agora.master.internal.framework.TaskRecord;

/**
 * What one framework's live tasks and executors hold, by agent and in all, summed when first asked rather than on
 * the actor thread: at 100,000 tasks the sums cost tens of milliseconds, and a snapshot is taken for every state read.
 * The actor hands over each task's resources as its {@link TaskRecord} keeps them, so nothing is parsed again. A view
 * that hides some tasks keeps the framework's own usage (Mesos shows agents' and frameworks' whole usage).
 *
 * <p>While tasks start and end, every framework's usage differs from one read to the next by a few tasks out of
 * thousands; {@link #deriveFrom} then works the sums out from the last read's by those tasks alone. An agent on which
 * the framework holds nothing has no entry in {@link #byAgent}.
 */
public final class FrameworkUsage {
    private final List<Task> tasks;
    private final List<Resources> taskResources;
    private final List<GetExecutors.Executor> executors;
    private volatile Map<String, Resources> byAgent;
    private volatile Resources sum;

    private FrameworkUsage(List<Task> tasks, List<Resources> taskResources, List<GetExecutors.Executor> executors) {
        this.tasks = tasks;
        this.taskResources = taskResources;
        this.executors = executors;
    }

    /** The usage of these tasks (the terminal ones hold nothing) and executors. */
    public static FrameworkUsage of(List<Task> tasks, List<GetExecutors.Executor> executors) {
        return new FrameworkUsage(tasks, null, executors);
    }

    /** The same, with each task's resources already converted ({@code taskResources} in the order of tasks). */
    static FrameworkUsage of(List<Task> tasks, List<Resources> taskResources,
            List<GetExecutors.Executor> executors) {
        return new FrameworkUsage(tasks, taskResources, executors);
    }

    /**
     * True when {@code other} was made from the very same task messages, in the same order, and equal executors:
     * then it holds the same, and its sums (once computed) can be used instead of summing again. The master replaces
     * a task's message on every change, so comparing instances is exact, and costs a pointer per task.
     */
    public boolean sameAs(FrameworkUsage other) {
        if (other == this) {
            return true;
        }
        if (other.tasks.size() != tasks.size() || !other.executors.equals(executors)) {
            return false;
        }
        for (int i = 0; i < tasks.size(); i++) {
            if (other.tasks.get(i) != tasks.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** What the framework holds on each agent, by agent id. */
    public Map<String, Resources> byAgent() {
        Map<String, Resources> m = byAgent;
        if (m == null) {
            Map<String, List<Resources>> parts = new HashMap<>();
            for (int i = 0; i < tasks.size(); i++) {
                Task t = tasks.get(i);
                if (!TaskRecord.isTerminal(t.getState())) {
                    parts.computeIfAbsent(t.getAgentId().getValue(), k -> new ArrayList<>(2)).add(resources(i));
                }
            }
            for (GetExecutors.Executor e : executors) {
                parts.computeIfAbsent(e.getAgentId().getValue(), k -> new ArrayList<>(2))
                        .add(Resources.of(e.getExecutorInfo().getResourcesList()));
            }
            m = new HashMap<>(parts.size() * 2);
            for (Map.Entry<String, List<Resources>> e : parts.entrySet()) {
                Resources r = e.getValue().size() == 1 ? e.getValue().get(0) : Resources.sum(e.getValue());
                if (!r.isEmpty()) {
                    m.put(e.getKey(), r);
                }
            }
            m = java.util.Collections.unmodifiableMap(m);
            byAgent = m;
        }
        return m;
    }

    /**
     * Works this usage's sums out from {@code before}'s, another usage of the same framework, by the tasks that are
     * in one list and not in the other. The master replaces a task's message on every change, so a task that is not
     * the very same instance in both lists has changed: its old message's resources are taken out (unless it had
     * ended) and its new message's added (unless it has ended). Resources are fixed-point, so the result is the
     * sum that {@link #byAgent} would compute. When the executors differ, or this usage was already summed, it
     * sums as {@link #byAgent} does.
     *
     * @return the agents whose share changed, or empty when this usage was summed whole
     */
    public Optional<Set<String>> deriveFrom(FrameworkUsage before) {
        if (byAgent != null || !executors.equals(before.executors)) {
            byAgent();
            return Optional.empty();
        }
        Map<Task, Integer> gone = new IdentityHashMap<>(before.tasks.size() * 2);
        for (int i = 0; i < before.tasks.size(); i++) {
            gone.put(before.tasks.get(i), i);
        }
        Map<String, List<Resources>> added = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            if (gone.remove(t) == null && !TaskRecord.isTerminal(t.getState())) {
                added.computeIfAbsent(t.getAgentId().getValue(), k -> new ArrayList<>(2)).add(resources(i));
            }
        }
        Map<String, List<Resources>> taken = new HashMap<>();
        gone.forEach((t, i) -> {
            if (!TaskRecord.isTerminal(t.getState())) {
                taken.computeIfAbsent(t.getAgentId().getValue(), k -> new ArrayList<>(2)).add(before.resources(i));
            }
        });
        Set<String> changed = new HashSet<>(added.keySet());
        changed.addAll(taken.keySet());
        Map<String, Resources> m = new HashMap<>(before.byAgent());
        Resources total = before.total();
        boolean scalars = true;
        for (String agent : changed) {
            Resources plus = Resources.sum(added.getOrDefault(agent, List.of()));
            Resources minus = Resources.sum(taken.getOrDefault(agent, List.of()));
            // On one agent no two live tasks hold the same port or set item, so taking out is exact when it comes
            // first: a task that ended may have freed a port that a new one holds.
            Resources r = m.getOrDefault(agent, Resources.empty()).minus(minus).plus(plus);
            if (r.isEmpty()) {
                m.remove(agent);
            } else {
                m.put(agent, r);
            }
            scalars &= plus.scalarsOnly() && minus.scalarsOnly();
            total = total.minus(minus).plus(plus);
        }
        byAgent = java.util.Collections.unmodifiableMap(m);
        // across agents the same ports may be held twice, and the total keeps their union: undo only scalars
        sum = scalars ? total : null;
        return Optional.of(changed);
    }

    private Resources resources(int i) {
        return taskResources != null ? taskResources.get(i) : Resources.of(tasks.get(i).getResourcesList());
    }

    /** What the framework holds in all. */
    public Resources total() {
        Resources s = sum;
        if (s == null) {
            s = Resources.sum(byAgent().values());
            sum = s;
        }
        return s;
    }
}
