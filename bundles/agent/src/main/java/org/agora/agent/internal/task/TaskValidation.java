package org.agora.agent.internal.task;

import org.agora.api.ids.Ids;
import org.agora.api.v1.Protos.ExecutorID;
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
        return problem;
    }
}
