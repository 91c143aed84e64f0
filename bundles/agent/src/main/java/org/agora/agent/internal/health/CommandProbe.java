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
package org.agora.agent.internal.health;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.launcher.ProcessTree;

/**
 * A COMMAND check: runs the check's command with the task's environment (the check's own variables win), as the
 * task's user, in the task's sandbox; healthy when it exits 0. Its output is discarded. A command that outlives the
 * timeout, or whose check is abandoned, is killed with its whole process tree.
 */
public final class CommandProbe implements HealthProbe {
    private static final File DEV_NULL = new File("/dev/null");

    /** Builds the command's argv on the check's thread (looking up the task's user may run {@code getent}). */
    @FunctionalInterface
    public interface Argv {
        /** @throws Exception why the command cannot run; the check fails with its message */
        List<String> get() throws Exception;
    }

    private final Argv argv;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final String shown;

    /**
     * @param argv the command, wrapped to run as the task's user
     * @param environment the whole environment of the command
     * @param shown the command as logs show it
     */
    public CommandProbe(Argv argv, Map<String, String> environment, Path workingDirectory, String shown) {
        this.argv = argv;
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
        this.shown = shown;
    }

    @Override
    public Optional<String> check(Duration timeout) throws InterruptedException {
        List<String> command;
        try {
            command = argv.get();
        } catch (Exception e) {
            return Optional.of("Cannot run the health check command '" + shown + "': " + e.getMessage());
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(environment);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return Optional.of("Failed to run the health check command '" + shown + "': " + e.getMessage());
        }
        try {
            boolean done = timeout.isZero() ? waitForever(p) : p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!done) {
                ProcessTree.kill(p.toHandle(), List.of());
                return Optional.of("Command '" + shown + "' timed out after " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            ProcessTree.kill(p.toHandle(), List.of());
            throw e;
        }
        int status = p.exitValue();
        return status == 0 ? Optional.empty()
                : Optional.of("Command '" + shown + "' returned: exited with status " + status);
    }

    private static boolean waitForever(Process p) throws InterruptedException {
        p.waitFor();
        return true;
    }

    @Override
    public String describe() {
        return "command '" + shown + "'";
    }
}
