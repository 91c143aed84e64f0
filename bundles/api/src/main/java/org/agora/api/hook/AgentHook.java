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
package org.agora.api.hook;

import java.util.Map;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskStatus;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A hook of the agent, as Mesos's agent hooks ({@code slaveExecutorEnvironmentDecorator},
 * {@code slaveTaskStatusDecorator}): a DS service that the agent binds dynamically (any number, installed and removed
 * at runtime; a launch or update uses those bound at that moment).
 *
 * <p><b>Order.</b> Hooks are called in {@code service.ranking} order, highest first (ties: the older service first),
 * as OSGi orders services.
 *
 * <p><b>Environment.</b> Hooks add variables; they never replace one. A variable that the task (or executor) sets
 * itself, that the agent sets ({@code MESOS_*}), or that a hook of higher ranking added already keeps its value, and
 * a lower-ranked hook's value for it is ignored: of two hooks that set the same variable, the higher ranking wins.
 *
 * <p><b>Threading and failures.</b> Called by the agent on its actor thread: hooks must be quick and must not block.
 * An exception thrown by a hook is logged with the hook's name and the hook is skipped for that call; the launch or
 * update goes on.
 *
 * <p><b>Secrets.</b> The environment a hook is shown holds no secret values: variables of type {@code SECRET} are
 * left out.
 */
@ConsumerType
public interface AgentHook {

    /**
     * Environment variables to add to a task's command before it is launched (command tasks, tasks of a default
     * executor's task group); {@code environment} is what it has so far (read-only). Hooks that need the agent
     * override {@link #decorateEnvironment(AgentInfo, FrameworkInfo, TaskInfo, Map)} instead.
     */
    default Map<String, String> decorateEnvironment(FrameworkInfo framework, TaskInfo task,
            Map<String, String> environment) {
        return Map.of();
    }

    /**
     * As {@link #decorateEnvironment(FrameworkInfo, TaskInfo, Map)}, told the agent as well ({@code agent}: its
     * hostname, attributes, resources and, once registered, its id). This is the method the agent calls; by default
     * it calls the three-argument one.
     *
     * @since 1.1
     */
    default Map<String, String> decorateEnvironment(AgentInfo agent, FrameworkInfo framework, TaskInfo task,
            Map<String, String> environment) {
        return decorateEnvironment(framework, task, environment);
    }

    /**
     * Environment variables to add to a custom executor's command before it is launched (Mesos's
     * {@code slaveExecutorEnvironmentDecorator}); {@code environment} is what it has so far (read-only).
     *
     * @since 1.1
     */
    default Map<String, String> decorateExecutorEnvironment(AgentInfo agent, FrameworkInfo framework,
            ExecutorInfo executor, Map<String, String> environment) {
        return Map.of();
    }

    /** A status update for a task is about to be sent to the master. */
    default void taskStatusChanged(FrameworkInfo framework, TaskStatus status) {
    }

    /**
     * The status as it should be sent, as Mesos's {@code slaveTaskStatusDecorator}: the agent takes the
     * {@code labels} and the {@code container_status} of the returned status, where it has them (they replace the
     * update's own), and ignores any other change. Called before the update is checkpointed and sent, so the
     * decorated update is what the master, the framework and a restarted agent see. By default it calls
     * {@link #taskStatusChanged} and returns {@code status} unchanged.
     *
     * @since 1.1
     */
    default TaskStatus decorateStatus(AgentInfo agent, FrameworkInfo framework, TaskStatus status) {
        taskStatusChanged(framework, status);
        return status;
    }
}
