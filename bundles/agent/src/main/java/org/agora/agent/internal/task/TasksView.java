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

import java.nio.file.Path;
import java.util.List;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Task;

/**
 * The agent's frameworks, executors and tasks at one instant, safe to read on any thread (for /state).
 *
 * @param frameworks frameworks with tasks on the agent
 * @param completedFrameworks frameworks whose tasks all ended, newest last (bounded)
 */
public record TasksView(List<FrameworkView> frameworks, List<FrameworkView> completedFrameworks) {

    /** @param completedExecutors executors whose task ended and was acknowledged, newest last (bounded) */
    public record FrameworkView(FrameworkInfo info, List<ExecutorView> executors,
            List<ExecutorView> completedExecutors) {
    }

    /**
     * One executor; a command task's executor has the task's id.
     *
     * @param tasks tasks not yet terminal
     * @param completedTasks terminal tasks
     * @param user the user the executor runs as (its command's, else its framework's; empty when neither names one),
     *        the object of the authorizer's VIEW_EXECUTOR and ACCESS_SANDBOX
     */
    public record ExecutorView(ExecutorID id, String name, String source, ContainerID containerId, Path directory,
            List<Resource> resources, List<Task> tasks, List<Task> completedTasks, String user) {
    }
}
