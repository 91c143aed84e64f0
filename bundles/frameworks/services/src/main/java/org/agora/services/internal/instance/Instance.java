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
package org.agora.services.internal.instance;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.agora.api.v1.Protos.TaskState;

/**
 * One instance of an app: one Mesos task. Immutable; the scheduler replaces it on every status update.
 *
 * @param taskId        the task id ({@code group_app.<uuid>})
 * @param appId         the app's id
 * @param version       the app version it was launched from
 * @param configVersion that version's {@code lastConfigChangeAt}: instances of versions that differ only in
 *                      their instance count share it
 * @param agentId       the agent it runs on
 * @param host          the agent's host name
 * @param ports         the host ports it was given, in {@code portDefinitions} order
 * @param state         the last state Mesos reported (TASK_STAGING until the first update)
 * @param stagedAt      when it was launched
 * @param startedAt     when it was first reported running
 * @param killing       whether the scheduler asked for it to be killed
 * @param health        what its health checks said last (in memory only: the agent tells again)
 */
public record Instance(String taskId, String appId, String version, String configVersion, String agentId,
        String host, List<Integer> ports, TaskState state, Instant stagedAt, Optional<Instant> startedAt,
        boolean killing, Health health) {

    public Instance {
        Objects.requireNonNull(taskId, "taskId");
        ports = List.copyOf(ports);
    }

    /** True once Mesos reported it running and it has not ended. */
    public boolean running() {
        return state == TaskState.TASK_RUNNING;
    }

    /** Running, and healthy when {@code healthChecked}. */
    public boolean ready(boolean healthChecked) {
        return running() && (!healthChecked || health.alive().orElse(false));
    }

    public Instance withState(TaskState newState, Optional<Instant> started) {
        return new Instance(taskId, appId, version, configVersion, agentId, host, ports, newState, stagedAt,
                started, killing, health);
    }

    public Instance withKilling() {
        return new Instance(taskId, appId, version, configVersion, agentId, host, ports, state, stagedAt,
                startedAt, true, health);
    }

    public Instance withHealth(Health newHealth) {
        return new Instance(taskId, appId, version, configVersion, agentId, host, ports, state, stagedAt,
                startedAt, killing, newHealth);
    }

    /** Terminal for the scheduler: ended, or gone with its agent (its replacement is launched). */
    public static boolean terminal(TaskState s) {
        return switch (s) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
                    TASK_GONE_BY_OPERATOR, TASK_UNKNOWN, TASK_UNREACHABLE -> true;
            default -> false;
        };
    }
}
