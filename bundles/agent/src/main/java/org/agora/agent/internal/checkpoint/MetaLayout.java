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
package org.agora.agent.internal.checkpoint;

import java.nio.file.Path;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.TaskID;

/**
 * Where the agent's checkpoint lives, in Mesos's layout ({@code src/slave/paths.cpp}) under {@code <work_dir>/meta}:
 *
 * <pre>
 * meta/slaves/latest                                   the agent id (AgentIdStore)
 * meta/slaves/&lt;agent_id&gt;/frameworks/&lt;framework_id&gt;/framework.info
 *                                      .../framework.shutdown        (Agora: the framework was shut down)
 *     .../executors/&lt;executor_id&gt;/executor.info                (custom and default executors)
 *     .../executors/&lt;executor_id&gt;/runs/&lt;container_id&gt;/pids/forked.pid   pid, start time, boot id
 *     .../runs/&lt;container_id&gt;/tasks/&lt;task_id&gt;/task.info
 *                                             .../task.updates  status updates and acknowledgements, appended
 *                                             .../task.kill     (Agora: a kill was under way)
 *                                             .../task.group    (Agora: default executor task: its group)
 *                                             .../pids/forked.pid (Agora: default executor task: its process)
 * </pre>
 *
 * Only tasks of frameworks with {@code FrameworkInfo.checkpoint} set are written here. A command task's executor
 * (named after the task) has no executor.info and one task per run; the run of a custom or default executor holds all
 * of its tasks.
 */
public record MetaLayout(Path root) {
    static final String SLAVES = "slaves";
    static final String FRAMEWORKS = "frameworks";
    static final String EXECUTORS = "executors";
    static final String RUNS = "runs";
    static final String TASKS = "tasks";

    public static MetaLayout of(Path workDir) {
        return new MetaLayout(workDir.resolve("meta"));
    }

    /** The directory holding one directory per agent id (and the {@code latest} file). */
    public Path agents() {
        return root.resolve(SLAVES);
    }

    public Path agent(AgentID agentId) {
        return agents().resolve(agentId.getValue());
    }

    public FrameworkCheckpoint framework(AgentID agentId, FrameworkID frameworkId) {
        return new FrameworkCheckpoint(agent(agentId).resolve(FRAMEWORKS).resolve(frameworkId.getValue()));
    }

    /** A command task's run (its executor's container to itself). */
    public RunCheckpoint run(AgentID agentId, FrameworkID frameworkId, ExecutorID executorId, ContainerID containerId,
            TaskID taskId) {
        return RunCheckpoint.in(executorDir(agentId, frameworkId, executorId), containerId.getValue(),
                taskId.getValue(), false);
    }

    /** A custom or default executor's run (container), whose tasks share it. */
    public ExecutorCheckpoint executor(AgentID agentId, FrameworkID frameworkId, ExecutorID executorId,
            ContainerID containerId) {
        Path dir = executorDir(agentId, frameworkId, executorId);
        return new ExecutorCheckpoint(dir, dir.resolve(RUNS).resolve(containerId.getValue()));
    }

    private Path executorDir(AgentID agentId, FrameworkID frameworkId, ExecutorID executorId) {
        return framework(agentId, frameworkId).dir().resolve(EXECUTORS).resolve(executorId.getValue());
    }
}
