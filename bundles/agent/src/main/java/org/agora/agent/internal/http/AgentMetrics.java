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
package org.agora.agent.internal.http;

import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.agora.agent.internal.Agent;
import org.agora.agent.internal.master.MasterLink;
import org.agora.agent.internal.task.TasksView;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskState;
import org.agora.http.SystemMetrics;

/**
 * The agent's figures under Mesos's names ({@code slave/...}) and the machine's ({@code system/...}): what
 * {@code /metrics/snapshot}, {@code /metrics/prometheus} and the operator API's GET_METRICS answer.
 * docs/operator-guide.md lists the keys.
 */
final class AgentMetrics {
    private static final String[] SCALARS = {"cpus", "mem", "disk", "gpus"};
    /** Mesos's gauges of the agent's tasks by state (tasks not yet ended). */
    private static final TaskState[] LIVE = {TaskState.TASK_STAGING, TaskState.TASK_STARTING,
        TaskState.TASK_RUNNING, TaskState.TASK_KILLING};
    /** Mesos's counters of the agent's tasks by the terminal state they reached. */
    private static final TaskState[] ENDED = {TaskState.TASK_FINISHED, TaskState.TASK_FAILED,
        TaskState.TASK_KILLED, TaskState.TASK_LOST, TaskState.TASK_GONE};

    private AgentMetrics() {
    }

    /** Every figure: those of {@code s} and the machine's, sorted by key. */
    static Map<String, Double> all(Agent.AgentSnapshot s, Instant now, SystemMetrics system) {
        Map<String, Double> m = figures(s, now);
        m.putAll(system.figures());
        return m;
    }

    /** Every figure of {@code s}, sorted by key. */
    static Map<String, Double> figures(Agent.AgentSnapshot s, Instant now) {
        Map<String, Double> m = new TreeMap<>();
        m.put("slave/uptime_secs", (now.toEpochMilli() - s.startTime().toEpochMilli()) / 1000.0);
        m.put("slave/registered", s.linkState() == MasterLink.State.REGISTERED ? 1.0 : 0.0);
        m.put("slave/frameworks_active", (double) s.tasks().frameworks().size());
        Map<TaskState, Integer> tasks = new TreeMap<>();
        int executors = 0;
        Resources used = Resources.empty();
        for (TasksView.FrameworkView f : s.tasks().frameworks()) {
            for (TasksView.ExecutorView e : f.executors()) {
                executors++;
                for (Task t : e.tasks()) {
                    tasks.merge(t.getState(), 1, Integer::sum);
                    used = used.plus(Resources.of(t.getResourcesList()));
                }
                if (!commandTask(e)) {
                    used = used.plus(Resources.of(e.resources()));
                }
            }
        }
        for (TaskState state : LIVE) {
            m.put("slave/tasks_" + suffix(state), (double) tasks.getOrDefault(state, 0));
        }
        for (TaskState state : ENDED) {
            m.put("slave/tasks_" + suffix(state), (double) s.endedTasks().getOrDefault(state, 0L));
        }
        m.put("slave/executors_running", (double) executors);
        for (String name : SCALARS) {
            double t = s.resources().scalar(name);
            double u = used.scalar(name);
            m.put("slave/" + name + "_total", t);
            m.put("slave/" + name + "_used", u);
            m.put("slave/" + name + "_percent", t > 0 ? u / t : 0.0);
        }
        return m;
    }

    /**
     * Whether {@code e} stands for a command task (it has the task's id and the task's resources, which its task
     * already counts); a custom or default executor's own resources count besides its tasks'.
     */
    private static boolean commandTask(TasksView.ExecutorView e) {
        Set<String> ids = new HashSet<>();
        e.tasks().forEach(t -> ids.add(t.getTaskId().getValue()));
        e.completedTasks().forEach(t -> ids.add(t.getTaskId().getValue()));
        return ids.size() == 1 && ids.contains(e.id().getValue());
    }

    /** {@code TASK_FINISHED} → {@code finished}. */
    private static String suffix(TaskState state) {
        return state.name().substring("TASK_".length()).toLowerCase(Locale.ROOT);
    }
}
