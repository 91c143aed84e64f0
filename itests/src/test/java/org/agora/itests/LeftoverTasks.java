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
package org.agora.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Ends the task processes that a test's agents left running. Tasks of frameworks that checkpoint outlive a stopped
 * agent by design (the next agent adopts them), so a test that stops its agents leaves them behind; they are found
 * by their agent's work directory, which is the test's own: their working directory lies under it, or their command
 * line names it (the exit-status wrapper names its status file).
 */
final class LeftoverTasks {
    private LeftoverTasks() {
    }

    /**
     * Kills (SIGKILL) every process that runs in, or names, a directory under one of {@code workDirs}, and all their
     * descendants.
     *
     * @return how many such processes there were (descendants not counted)
     */
    static int kill(Collection<Path> workDirs) {
        if (workDirs.isEmpty()) {
            return 0;
        }
        List<String> dirs = workDirs.stream().map(d -> d.toAbsolutePath().normalize() + "/").toList();
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && under(p.pid(), dirs)).toList();
        for (ProcessHandle p : found) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        return found.size();
    }

    private static boolean under(long pid, List<String> dirs) {
        Path proc = Path.of("/proc", Long.toString(pid));
        String cwd;
        String cmdline;
        try {
            cwd = Files.readSymbolicLink(proc.resolve("cwd")) + "/";
            cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException | SecurityException e) {
            return false; // gone meanwhile, or not ours to look at
        }
        return dirs.stream().anyMatch(d -> cwd.startsWith(d) || cmdline.contains(d));
    }
}
