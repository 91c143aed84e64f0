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
 *     .../executors/&lt;executor_id&gt;/runs/&lt;container_id&gt;/pids/forked.pid   pid, start time, boot id
 *     .../runs/&lt;container_id&gt;/tasks/&lt;task_id&gt;/task.info
 *                                             .../task.updates  status updates and acknowledgements, appended
 *                                             .../task.kill     (Agora: a kill was under way)
 * </pre>
 *
 * Only tasks of frameworks with {@code FrameworkInfo.checkpoint} set are written here.
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

    public RunCheckpoint run(AgentID agentId, FrameworkID frameworkId, ExecutorID executorId, ContainerID containerId,
            TaskID taskId) {
        return RunCheckpoint.in(framework(agentId, frameworkId).dir().resolve(EXECUTORS)
                .resolve(executorId.getValue()), containerId.getValue(), taskId.getValue());
    }
}
