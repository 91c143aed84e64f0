package org.agora.agent.internal.task;

import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.TaskInfo;

/** Checks a task before the agent takes it on, as Mesos's master validates tasks (ids end up in sandbox paths). */
final class TaskValidation {
    private TaskValidation() {
    }

    /** Why the task cannot run, or null when it can. */
    static String validate(FrameworkID frameworkId, TaskInfo task, ExecutorID executorId) {
        String problem = id("Framework ID", frameworkId.getValue());
        if (problem == null) {
            problem = id("Task ID", task.getTaskId().getValue());
        }
        if (problem == null) {
            problem = id("Executor ID", executorId.getValue());
        }
        if (problem == null && task.hasCommand() == task.hasExecutor()) {
            problem = "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present";
        }
        return problem;
    }

    private static String id(String kind, String id) {
        if (id.isEmpty()) {
            return kind + " must not be empty";
        }
        if (id.equals(".") || id.equals("..")) {
            return kind + " '" + id + "' is disallowed";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                return kind + " '" + id + "' contains a '/', '\\' or a control character";
            }
        }
        return null;
    }
}
