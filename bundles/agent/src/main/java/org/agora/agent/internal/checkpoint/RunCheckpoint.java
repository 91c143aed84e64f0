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

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.agora.agent.internal.launcher.ProcessIdentity;
import org.agora.agent.internal.status.UpdateJournal;
import org.agora.agent.internal.status.UpdateRecord;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.v1.Protos.TaskInfo;

/**
 * The checkpoint of one task's run: the TaskInfo, the forked process's identity, the status update journal and a
 * kill under way. Written on the agent's actor, except {@link #writeForkedPid} which the launcher thread writes the
 * moment the process exists.
 *
 * <p>A command task has its executor's container (run) to itself. A task of an executor that runs several tasks (a
 * custom executor, the agent's default executor) shares its run with them ({@code shared}): its files stay under its
 * task directory, a default executor task's own process included, and the executor's files are the
 * {@link ExecutorCheckpoint}'s.
 *
 * @param shared the run holds other tasks too: only the task's directory belongs to this checkpoint
 */
public record RunCheckpoint(Path executorDir, Path runDir, Path taskDir, boolean shared)
        implements UpdateJournal, PidRecorder {
    static final String PIDS = "pids";
    static final String FORKED_PID = "forked.pid";
    static final String TASK_INFO = "task.info";
    static final String TASK_UPDATES = "task.updates";
    static final String TASK_KILL = "task.kill";
    static final String TASK_GROUP = "task.group";

    static RunCheckpoint in(Path executorDir, String containerId, String taskId, boolean shared) {
        Path run = executorDir.resolve(MetaLayout.RUNS).resolve(containerId);
        return new RunCheckpoint(executorDir, run, run.resolve(MetaLayout.TASKS).resolve(taskId), shared);
    }

    /** The task's own process: the run's for a command task, under the task's directory in a shared run. */
    public Path forkedPidFile() {
        return (shared ? taskDir : runDir).resolve(PIDS).resolve(FORKED_PID);
    }

    /** The task group the task belongs to (tasks of the agent's default executor). */
    public Path groupFile() {
        return taskDir.resolve(TASK_GROUP);
    }

    public void writeGroup(String groupId) throws IOException {
        CheckpointFiles.write(groupFile(), groupId.getBytes(StandardCharsets.UTF_8));
    }

    public Path taskInfoFile() {
        return taskDir.resolve(TASK_INFO);
    }

    public Path updatesFile() {
        return taskDir.resolve(TASK_UPDATES);
    }

    public Path killFile() {
        return taskDir.resolve(TASK_KILL);
    }

    public void writeTask(TaskInfo task) throws IOException {
        CheckpointFiles.write(taskInfoFile(), task.toByteArray());
    }

    @Override
    public void writeForkedPid(ProcessIdentity process) throws IOException {
        CheckpointFiles.write(forkedPidFile(), process.encode().getBytes(StandardCharsets.US_ASCII));
    }

    public void writeKill(KillMarker kill) throws IOException {
        CheckpointFiles.write(killFile(), kill.encode());
    }

    @Override
    public void update(StatusUpdate update) throws IOException {
        CheckpointFiles.append(updatesFile(), new UpdateRecord.Update(update).encode());
    }

    @Override
    public void acknowledged(ByteString uuid) throws IOException {
        CheckpointFiles.append(updatesFile(), new UpdateRecord.Ack(uuid).encode());
    }

    /**
     * Removes the run; the executor's directory too once it holds no run. In a shared run only the task's directory
     * goes: the rest is the executor's.
     */
    public void delete() throws IOException {
        if (shared) {
            CheckpointFiles.deleteTree(taskDir);
            return;
        }
        CheckpointFiles.deleteTree(runDir);
        try {
            Files.deleteIfExists(executorDir.resolve(MetaLayout.RUNS));
            Files.deleteIfExists(executorDir);
        } catch (DirectoryNotEmptyException e) {
            // another run of the same executor id is still checkpointed
        }
    }
}
