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
package org.agora.agent.internal.task;

import java.util.List;
import org.agora.api.health.HealthCheckValidation;
import org.agora.api.ids.Ids;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.TaskInfo;

/**
 * Checks a task before the agent takes it on, as Mesos's master validates tasks: its ids name directories of the
 * sandbox and the checkpoint, so they follow {@link Ids}' rule before anything touches the disk.
 */
final class TaskValidation {
    private TaskValidation() {
    }

    /** Why the task cannot run, or null when it can. */
    static String validate(FrameworkID frameworkId, TaskInfo task, ExecutorID executorId) {
        String problem = Ids.problem("Framework ID", frameworkId.getValue())
                .or(() -> Ids.problem("Task ID", task.getTaskId().getValue()))
                .or(() -> Ids.problem("Executor ID", executorId.getValue())).orElse(null);
        if (problem == null && task.hasCommand() == task.hasExecutor()) {
            problem = "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present";
        }
        if (problem == null && task.hasHealthCheck()) {
            problem = HealthCheckValidation.problem(task.getHealthCheck())
                    .map(p -> "Task uses invalid health check: " + p).orElse(null);
        }
        return problem;
    }

    /** The CNI networks an executor's {@code ContainerInfo} names ({@code network_infos[].name}); empty for none. */
    static List<String> cniNetworks(ExecutorInfo executor) {
        return executor.getContainer().getNetworkInfosList().stream().map(n -> n.getName()).filter(n -> !n.isEmpty())
                .toList();
    }
}
