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
import java.nio.file.Files;
import java.nio.file.Path;
import org.agora.api.v1.Protos.FrameworkInfo;

/** One checkpointing framework's directory: its FrameworkInfo and, once it was shut down, a marker saying so. */
public record FrameworkCheckpoint(Path dir) {
    static final String INFO = "framework.info";
    static final String SHUTDOWN = "framework.shutdown";

    public Path infoFile() {
        return dir.resolve(INFO);
    }

    public Path shutdownFile() {
        return dir.resolve(SHUTDOWN);
    }

    public void writeInfo(FrameworkInfo info) throws IOException {
        CheckpointFiles.write(infoFile(), info.toByteArray());
    }

    /** The framework is being shut down: a restarted agent kills what is left of its tasks and reports nothing. */
    public void markShutdown() throws IOException {
        CheckpointFiles.write(shutdownFile(), new byte[0]);
    }

    public boolean isShutDown() {
        return Files.exists(shutdownFile());
    }

    /** Removes the framework's checkpoint: none of its tasks is left to recover. */
    public void delete() throws IOException {
        CheckpointFiles.deleteTree(dir);
    }
}
