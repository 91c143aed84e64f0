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

import java.util.List;
import java.util.Optional;
import org.agora.agent.internal.launcher.ProcessIdentity;
import org.agora.agent.internal.status.UpdateRecord;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;

/**
 * What an agent's checkpoint held when it was read: its checkpointing frameworks and their tasks' runs. A part that
 * could not be read is absent (and counted in {@code errors}); the rest is there.
 *
 * @param errors how many checkpoint files were malformed or unreadable (each was logged with its path)
 */
public record RecoveredState(AgentID agentId, List<Framework> frameworks, int errors) {

    /** How many task runs the checkpoint holds. */
    public int runs() {
        return frameworks.stream().mapToInt(f -> f.runs().size()).sum();
    }

    /**
     * @param info empty when framework.info is missing or malformed
     * @param shutDown the framework was being shut down when the agent stopped
     */
    public record Framework(FrameworkID id, FrameworkCheckpoint checkpoint, Optional<FrameworkInfo> info,
            boolean shutDown, List<Run> runs) {
    }

    /**
     * One task's run.
     *
     * @param info empty when task.info is missing or malformed
     * @param forked the process the agent started for the task; empty when it was never started (or the record is
     *     malformed)
     * @param updates the status update journal's whole records, oldest first
     * @param kill a kill that was under way
     * @param executor the ExecutorInfo of a custom or default executor, whose run this task shares (the default
     *     instance when its executor.info is unreadable); empty for a command task
     * @param group the task group of a default executor's task
     */
    public record Run(ExecutorID executorId, ContainerID containerId, TaskID taskId, RunCheckpoint checkpoint,
            Optional<TaskInfo> info, Optional<ProcessIdentity> forked, List<UpdateRecord> updates,
            Optional<KillMarker> kill, Optional<ExecutorInfo> executor, Optional<String> group) {
    }
}
