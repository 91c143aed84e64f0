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

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.agora.agent.internal.checkpoint.FrameworkCheckpoint;
import org.agora.api.v1.Protos.FrameworkInfo;

/** A framework with tasks or executors on the agent. Touched only on the agent's actor thread. */
final class FrameworkRecord {
    /** Mesos keeps this many completed executors per framework. */
    static final int MAX_COMPLETED_EXECUTORS = 150;

    FrameworkInfo info;
    /** Set while the framework checkpoints tasks on this agent. */
    FrameworkCheckpoint checkpoint;
    /** The FrameworkInfo in the checkpoint, so that it is rewritten only when it changes. */
    FrameworkInfo checkpointedInfo;
    /** Shut down: its tasks are being killed and it gets no more status updates. */
    boolean terminating;
    /** Command tasks and the default executors' tasks, by task id. */
    final Map<String, TaskRun> runs = new LinkedHashMap<>();
    /** Custom executors (the framework's own executor processes) whose process has not ended, by executor id. */
    final Map<String, ExecutorRun> executors = new LinkedHashMap<>();
    /** Every task of a custom executor not yet forgotten (its executor may have ended), by task id. */
    final Map<String, ExecutorRun> executorTasks = new LinkedHashMap<>();
    /** The agent's default executors of this framework that still have live tasks, by executor id. */
    final Map<String, DefaultExecutor> defaultExecutors = new LinkedHashMap<>();
    final ArrayDeque<TasksView.ExecutorView> completedExecutors = new ArrayDeque<>();

    FrameworkRecord(FrameworkInfo info) {
        this.info = info;
    }

    String id() {
        return info.getId().getValue();
    }

    /** Nothing of the framework is left on the agent. */
    boolean isIdle() {
        return runs.isEmpty() && executors.isEmpty() && executorTasks.isEmpty() && defaultExecutors.isEmpty();
    }

    /** Whether a task of that id is known here, whoever runs it. */
    boolean knowsTask(String taskId) {
        return runs.containsKey(taskId) || executorTasks.containsKey(taskId);
    }

    boolean hasCapability(FrameworkInfo.Capability.Type type) {
        return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
    }

    void addCompleted(TasksView.ExecutorView executor) {
        completedExecutors.addLast(executor);
        while (completedExecutors.size() > MAX_COMPLETED_EXECUTORS) {
            completedExecutors.removeFirst();
        }
    }
}
