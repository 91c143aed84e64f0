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

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.TaskState;
import org.agora.http.SystemMetrics;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.agent.AgentSnapshot;
import org.agora.master.internal.agent.AgentState;

/**
 * The master's figures under Mesos's names ({@code master/...}), the active allocator's own under
 * {@code allocator/<name>/...}, and the machine's ({@code system/...}): what {@code /metrics/snapshot},
 * {@code /metrics/prometheus} and the operator API's GET_METRICS all answer, so the three agree key for key.
 * docs/operator-guide.md lists the keys.
 */
final class MasterMetrics {
    private static final String[] SCALARS = {"cpus", "mem", "disk", "gpus"};
    /** Mesos's gauges of tasks by state (tasks not yet ended). */
    private static final TaskState[] LIVE = {TaskState.TASK_STAGING, TaskState.TASK_STARTING,
        TaskState.TASK_RUNNING, TaskState.TASK_KILLING, TaskState.TASK_UNREACHABLE};
    /** Mesos's counters of tasks by the terminal state they reached. */
    private static final TaskState[] ENDED = {TaskState.TASK_FINISHED, TaskState.TASK_FAILED,
        TaskState.TASK_KILLED, TaskState.TASK_LOST, TaskState.TASK_ERROR, TaskState.TASK_DROPPED,
        TaskState.TASK_GONE, TaskState.TASK_GONE_BY_OPERATOR};

    private final LongSupplier statusUpdateDuplicatesDropped;
    private final LongSupplier registrationsRetryLater;
    private final LongSupplier registrationsWaiting;
    private final SystemMetrics system;

    /**
     * @param statusUpdateDuplicatesDropped the agent channel's count of resent status updates it dropped while their
     *     first copy still waited ({@code master/messages_status_update_duplicates_dropped})
     * @param registrationsRetryLater the agent channel's count of registrations it answered RetryLater because its
     *     backlog was full ({@code master/messages_registrations_retry_later})
     * @param registrationsWaiting registrations handed to the actor and not yet handled
     *     ({@code master/agent_registrations_waiting})
     * @param system the machine's figures
     */
    MasterMetrics(LongSupplier statusUpdateDuplicatesDropped, LongSupplier registrationsRetryLater,
            LongSupplier registrationsWaiting, SystemMetrics system) {
        this.statusUpdateDuplicatesDropped = statusUpdateDuplicatesDropped;
        this.registrationsRetryLater = registrationsRetryLater;
        this.registrationsWaiting = registrationsWaiting;
        this.system = system;
    }

    /** Every figure, sorted by key. */
    Map<String, Double> figures(MasterSnapshot s, Instant now) {
        Map<String, Double> m = figuresOf(s, now);
        m.put("master/messages_status_update_duplicates_dropped", (double) statusUpdateDuplicatesDropped.getAsLong());
        m.put("master/messages_registrations_retry_later", (double) registrationsRetryLater.getAsLong());
        m.put("master/agent_registrations_waiting", (double) registrationsWaiting.getAsLong());
        m.putAll(system.figures());
        return m;
    }

    /** The figures that {@code s} alone tells. */
    static Map<String, Double> figuresOf(MasterSnapshot s, Instant now) {
        Map<String, Double> m = new TreeMap<>();
        m.put("master/elected", s.leading() ? 1.0 : 0.0);
        m.put("master/uptime_secs", (now.toEpochMilli() - s.startTime().toEpochMilli()) / 1000.0);
        int active = 0;
        int connected = 0;
        int unreachable = 0;
        Resources total = Resources.empty();
        for (AgentSnapshot a : s.agents()) {
            active += a.state() == AgentState.ACTIVE && !a.deactivated() ? 1 : 0;
            connected += a.connected() ? 1 : 0;
            unreachable += a.state() == AgentState.UNREACHABLE ? 1 : 0;
            if (a.state() == AgentState.ACTIVE) {
                total = total.plus(a.total());
            }
        }
        m.put("master/slaves_active", (double) active);
        // as Mesos: registered (not unreachable) but not offered, e.g. deactivated or disconnected
        m.put("master/slaves_inactive", (double) (s.agents().size() - unreachable - active));
        m.put("master/slaves_connected", (double) connected);
        m.put("master/slaves_disconnected", (double) (s.agents().size() - connected));
        m.put("master/slaves_unreachable", (double) unreachable);
        int frameworksConnected = 0;
        int frameworksActive = 0;
        int offers = 0;
        Map<TaskState, Integer> tasks = new TreeMap<>();
        Resources used = Resources.empty();
        Resources offered = Resources.empty();
        for (FrameworkSnapshot f : s.frameworks().frameworks()) {
            frameworksConnected += f.connected() ? 1 : 0;
            frameworksActive += f.active() ? 1 : 0;
            offers += f.offers().size();
            f.tasks().forEach(t -> tasks.merge(t.getState(), 1, Integer::sum));
            used = used.plus(f.used());
            offered = offered.plus(f.offered());
        }
        int frameworks = s.frameworks().frameworks().size();
        m.put("master/frameworks_connected", (double) frameworksConnected);
        m.put("master/frameworks_disconnected", (double) (frameworks - frameworksConnected));
        m.put("master/frameworks_active", (double) frameworksActive);
        m.put("master/frameworks_inactive", (double) (frameworks - frameworksActive));
        m.put("master/outstanding_offers", (double) offers);
        for (TaskState state : LIVE) {
            m.put("master/tasks_" + suffix(state), (double) tasks.getOrDefault(state, 0));
        }
        for (TaskState state : ENDED) {
            m.put("master/tasks_" + suffix(state), (double) s.endedTasks().getOrDefault(state, 0L));
        }
        for (String name : SCALARS) {
            double t = total.scalar(name);
            double u = used.scalar(name);
            m.put("master/" + name + "_total", t);
            m.put("master/" + name + "_used", u);
            m.put("master/" + name + "_offered", offered.scalar(name));
            m.put("master/" + name + "_percent", t > 0 ? u / t : 0.0);
        }
        String prefix = "allocator/" + s.allocator() + "/";
        s.allocatorMetrics().forEach((k, v) -> m.put(prefix + k, v));
        return m;
    }

    /** {@code TASK_GONE_BY_OPERATOR} → {@code gone_by_operator}. */
    private static String suffix(TaskState state) {
        return state.name().substring("TASK_".length()).toLowerCase(java.util.Locale.ROOT);
    }
}
