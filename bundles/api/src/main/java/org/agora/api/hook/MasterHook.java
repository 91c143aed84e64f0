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

import java.util.Optional;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskInfo;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A hook of the master, as Mesos's {@code masterLaunchTaskLabelDecorator}: a DS service that the master binds
 * dynamically (any number, installed and removed at runtime). Called by the master on its actor thread for every
 * task it is about to launch (tasks of a task group included), after its own validation, in {@code service.ranking}
 * order, highest first (ties: the older service first); each hook sees the task as the hooks before it left it.
 * Hooks must be quick and must not block; an exception thrown by a hook is logged with the hook's name and the hook
 * is skipped for that task (the launch goes on).
 */
@ConsumerType
public interface MasterHook {

    /** A rejection reason (the task then ends TASK_ERROR with it), or empty to let the task through. */
    default Optional<String> validateTask(FrameworkInfo framework, TaskInfo task) {
        return Optional.empty();
    }

    /**
     * The task with the labels it should be launched with. As in Mesos, the master takes only the returned task's
     * {@code labels} (they replace the task's own; the agent, the master's state and the framework's statuses see
     * them) and ignores any other change. Return {@code task} to leave it as is.
     */
    default TaskInfo decorateTask(FrameworkInfo framework, TaskInfo task) {
        return task;
    }
}
