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
package org.agora.agent.internal.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.TaskID;

/**
 * A task's sandbox, where Mesos puts it:
 * {@code <work_dir>/slaves/<agent_id>/frameworks/<framework_id>/executors/<executor_id>/runs/<container_id>}, with the
 * command's {@code stdout} and {@code stderr} files and a {@code runs/latest} link to the newest run.
 */
public final class Sandbox {
    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";
    /** The agent's hidden directory in a sandbox. */
    public static final String META = ".agora";
    /** Where a checkpointed task's wrapper writes the command's exit status, under {@link #META}. */
    public static final String EXIT_STATUS = "exit_status";

    private Sandbox() {
    }

    public static Path directory(Path workDir, AgentID agent, FrameworkID framework, ExecutorID executor,
            ContainerID container) {
        return workDir.resolve("slaves").resolve(agent.getValue()).resolve("frameworks").resolve(framework.getValue())
                .resolve("executors").resolve(executor.getValue()).resolve("runs").resolve(container.getValue());
    }

    /** The sandbox of a default executor's task, in its executor's: {@code <executor sandbox>/tasks/<task_id>}. */
    public static Path taskDirectory(Path executorSandbox, TaskID task) {
        return executorSandbox.resolve("tasks").resolve(task.getValue());
    }

    /** The file a checkpointed task's wrapper writes its command's exit status to. */
    public static Path exitStatusFile(Path dir) {
        return dir.resolve(META).resolve(EXIT_STATUS);
    }

    /**
     * The exit status the task's wrapper recorded: empty when it recorded none (it was killed, or the task never ran)
     * or what it wrote is not a whole status line.
     */
    public static Optional<Integer> readExitStatus(Path dir) {
        try {
            String s = Files.readString(exitStatusFile(dir), StandardCharsets.US_ASCII);
            if (!s.matches("\\d{1,3}\n")) {
                return Optional.empty();
            }
            int status = Integer.parseInt(s.trim());
            return status <= 255 ? Optional.of(status) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Creates the sandbox and its empty output files, owned by {@code owner} when given. */
    public static void create(Path dir, Optional<Account> owner) throws LaunchException {
        create(dir, owner, false, true);
    }

    /**
     * Creates the sandbox and its empty output files, owned by {@code owner} when given.
     *
     * @param withMeta also create the hidden {@link #META} directory (the agent's, not the owner's)
     * @param linkLatest point the {@code latest} link next to it at it (an executor's run, not a task in one)
     * @throws LaunchException naming the directory and the reason
     */
    public static void create(Path dir, Optional<Account> owner, boolean withMeta, boolean linkLatest)
            throws LaunchException {
        try {
            Files.createDirectories(dir);
            if (withMeta) {
                Files.createDirectories(dir.resolve(META));
            }
            Files.createFile(dir.resolve(STDOUT));
            Files.createFile(dir.resolve(STDERR));
            if (linkLatest) {
                linkLatest(dir);
            }
            if (owner.isPresent()) {
                chown(dir, owner.get());
                chown(dir.resolve(STDOUT), owner.get());
                chown(dir.resolve(STDERR), owner.get());
            }
        } catch (IOException | RuntimeException e) {
            throw new LaunchException("cannot create the sandbox " + dir + ": " + e, e);
        }
    }

    /** Hands everything under the sandbox but the agent's {@link #META} directory to {@code owner} (fetched files). */
    public static void chownTree(Path dir, Account owner) throws LaunchException {
        Path meta = dir.resolve(META);
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (!p.startsWith(meta)) {
                    chown(p, owner);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new LaunchException("cannot give the sandbox " + dir + " to user " + owner.name() + ": " + e, e);
        }
    }

    private static void chown(Path p, Account owner) throws IOException {
        Files.setAttribute(p, "unix:uid", owner.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", owner.gid(), LinkOption.NOFOLLOW_LINKS);
    }

    private static void linkLatest(Path dir) throws IOException {
        Path latest = dir.resolveSibling("latest");
        Files.deleteIfExists(latest);
        try {
            Files.createSymbolicLink(latest, dir.getFileName());
        } catch (FileAlreadyExistsException e) {
            // a run of the same executor id raced us to it; either link is a recent run
        }
    }
}
