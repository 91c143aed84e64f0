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
package org.agora.master.internal.task;

import java.util.Optional;
import java.util.Set;
import org.agora.api.health.HealthCheckValidation;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.master.internal.framework.FrameworkRecord;

/**
 * The checks Mesos's master makes of every task it launches, alone (LAUNCH) or in a group (LAUNCH_GROUP), before
 * looking at the executor or at what the offer holds. The messages are Mesos's.
 */
final class TaskChecks {
    private TaskChecks() {
    }

    /**
     * @param idsInThisAccept ids of tasks launched earlier in the same ACCEPT (and in the same group)
     */
    static Optional<String> validate(FrameworkRecord f, AgentID agentId, TaskInfo t, Set<String> idsInThisAccept) {
        String id = t.getTaskId().getValue();
        Optional<String> badId = ExecutorChecks.id("Task", id);
        if (badId.isPresent()) {
            return badId;
        }
        if (f.tasks().containsKey(id) || idsInThisAccept.contains(id)) {
            return Optional.of("Task has duplicate ID: " + id);
        }
        if (!t.getAgentId().equals(agentId)) {
            return Optional.of("Task uses agent " + t.getAgentId().getValue() + " but the offer is for agent "
                    + agentId.getValue());
        }
        if (t.getKillPolicy().getGracePeriod().getNanoseconds() < 0) {
            return Optional.of("Task's 'kill_policy.grace_period' must be non-negative");
        }
        if (t.getMaxCompletionTime().getNanoseconds() < 0) {
            return Optional.of("Task's 'max_completion_time' must be non-negative");
        }
        if (t.hasHealthCheck()) {
            Optional<String> badCheck = HealthCheckValidation.problem(t.getHealthCheck());
            if (badCheck.isPresent()) {
                return Optional.of("Task uses invalid health check: " + badCheck.get());
            }
        }
        return resources("Task", t.getResourcesList(), true);
    }

    /** Each resource well formed; with {@code required}, at least one. */
    static Optional<String> resources(String what, Iterable<Resource> resources, boolean required) {
        boolean any = false;
        for (Resource r : resources) {
            any = true;
            Optional<String> e = Resources.validate(r);
            if (e.isPresent()) {
                return Optional.of(what + " uses invalid resource " + r.getName() + ": " + e.get());
            }
        }
        return required && !any ? Optional.of(what + " uses no resources") : Optional.empty();
    }
}
