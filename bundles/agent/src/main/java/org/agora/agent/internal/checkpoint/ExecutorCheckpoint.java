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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.agora.agent.internal.launcher.ProcessIdentity;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.TaskID;

/**
 * The checkpoint of one run (container) of a custom or default executor: the executor's ExecutorInfo (shared by its
 * runs), the identity of the custom executor's process, and its tasks, each a shared {@link RunCheckpoint}.
 */
public record ExecutorCheckpoint(Path executorDir, Path runDir) implements PidRecorder {
    static final String INFO = "executor.info";

    public Path infoFile() {
        return executorDir.resolve(INFO);
    }

    public Path forkedPidFile() {
        return runDir.resolve(RunCheckpoint.PIDS).resolve(RunCheckpoint.FORKED_PID);
    }

    public void writeInfo(ExecutorInfo info) throws IOException {
        CheckpointFiles.write(infoFile(), info.toByteArray());
    }

    @Override
    public void writeForkedPid(ProcessIdentity process) throws IOException {
        CheckpointFiles.write(forkedPidFile(), process.encode().getBytes(StandardCharsets.US_ASCII));
    }

    /** The checkpoint of one of the run's tasks. */
    public RunCheckpoint task(TaskID taskId) {
        return new RunCheckpoint(executorDir, runDir, runDir.resolve(MetaLayout.TASKS).resolve(taskId.getValue()),
                true);
    }

    /** Removes the run; the whole executor (its executor.info too) once no other run of it is left. */
    public void delete() throws IOException {
        CheckpointFiles.deleteTree(runDir);
        Path runs = executorDir.resolve(MetaLayout.RUNS);
        boolean otherRuns;
        try (Stream<Path> left = Files.isDirectory(runs) ? Files.list(runs) : Stream.empty()) {
            otherRuns = left.anyMatch(Files::isDirectory);
        }
        if (!otherRuns) {
            CheckpointFiles.deleteTree(executorDir);
        }
    }
}
