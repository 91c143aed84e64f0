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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agora.agent.internal.checkpoint.ExecutorCheckpoint;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkID;

/**
 * The agent playing Mesos's default executor for one executor id of a framework: no executor process, each task of
 * its groups runs its command as a {@link TaskRun} in a sandbox under the executor's
 * ({@code <executor sandbox>/tasks/<task_id>}). The executor ends when none of its tasks runs any more. Touched only on
 * the agent's actor thread.
 */
final class DefaultExecutor {
    final FrameworkID frameworkId;
    final ExecutorInfo info;
    final ContainerID containerId;
    final Path sandbox;
    /** Set when the framework checkpoints. */
    ExecutorCheckpoint checkpoint;
    final Map<String, TaskGroup> groups = new LinkedHashMap<>();
    /** No task of it runs any more: the master was told, and a new group for the same id gets a new executor. */
    boolean ended;
    /** A group is being started: the executor cannot end before its tasks are all there. */
    boolean starting;
    /**
     * A health check of one of its tasks had that task killed: every task of the executor that ends from then on
     * reports {@code healthy: false}, as Mesos's default executor does.
     */
    boolean unhealthy;

    DefaultExecutor(FrameworkID frameworkId, ExecutorInfo info, ContainerID containerId, Path sandbox) {
        this.frameworkId = frameworkId;
        this.info = info;
        this.containerId = containerId;
        this.sandbox = sandbox;
    }

    String id() {
        return info.getExecutorId().getValue();
    }

    List<TaskRun> runs() {
        List<TaskRun> all = new ArrayList<>();
        groups.values().forEach(g -> all.addAll(g.members));
        return all;
    }

    /** Every task produced its terminal status and no process of them is left. */
    boolean allDone() {
        return runs().stream().allMatch(r -> r.isTerminal() && r.isGone());
    }

    /** One task group (LAUNCH_GROUP) of the executor: its tasks live and die together. */
    static final class TaskGroup {
        final String id;
        final DefaultExecutor executor;
        final List<TaskRun> members = new ArrayList<>();
        /** One member failed or was killed: the others are being killed. */
        boolean killing;

        TaskGroup(String id, DefaultExecutor executor) {
            this.id = id;
            this.executor = executor;
        }
    }
}
