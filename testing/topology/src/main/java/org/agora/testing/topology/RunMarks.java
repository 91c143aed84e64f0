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
package org.agora.testing.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The ground truth of how often a task really started: its command appends its pid to a file named for the task
 * before it does its work, so a task that ran twice (launched again after a failover, say) leaves two lines,
 * whatever the status updates said. The directory is writable for every user, since tasks may run as another one.
 */
public final class RunMarks {
    private final Path dir;

    /** Marks under {@code dir} (created). */
    public RunMarks(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /**
     * A shell command that marks {@code taskId} as started and then becomes {@code sleep seconds} (same pid).
     */
    public String sleeping(String taskId, int seconds) {
        return "echo $$ >> " + dir.resolve(taskId) + " && exec sleep " + seconds;
    }

    /** How often {@code taskId} started. */
    public int starts(String taskId) {
        return pids(taskId).size();
    }

    /** The pid of each start of {@code taskId}. */
    public List<Long> pids(String taskId) {
        Path f = dir.resolve(taskId);
        try {
            return Files.exists(f) ? Files.readAllLines(f).stream().filter(l -> !l.isBlank())
                    .map(l -> Long.parseLong(l.trim())).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }
}
