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

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Environment;

/**
 * Starts a task's command as Mesos's command executor does: {@code /bin/sh -c <value>} for a shell command, else the
 * executable {@code value} with {@code arguments}; in the sandbox, stdin from {@code /dev/null}, stdout and stderr
 * into the sandbox's files, with exactly the environment given. A task that runs as another user is started through
 * {@code setpriv}, which takes on the user's uid, gid and groups before it execs the command.
 *
 * <p>A task that must outlive the agent (its framework checkpoints) runs in a session of its own ({@code setsid}:
 * no signal to the agent's process group or terminal reaches it) under a small {@code /bin/sh} wrapper that waits for
 * the command and writes its exit status into the sandbox: an agent that was down when the task ended still learns
 * how it ended. The wrapper runs with the agent's privileges (before {@code setpriv}) and ignores the SIGTERM of a
 * kill only to outlive the command it waits for; the command itself keeps the default signal dispositions.
 */
public final class CommandLauncher {
    /** PATH when the task's environment sets none (Mesos's default for tasks). */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final File DEV_NULL = new File("/dev/null");

    /**
     * The exit-status wrapper: {@code $1} is the status file, the rest the command. A trap (not an ignored signal,
     * which the command would inherit) keeps the shell alive through the kill's SIGTERM until the command has ended;
     * the shell runs the trap only after its foreground command is done, as POSIX requires.
     */
    static final String EXIT_STATUS_WRAPPER =
            "trap : TERM INT HUP QUIT; f=$1; shift; \"$@\"; s=$?; echo $s > \"$f\"; exit $s";

    private static final String SETSID = findSetsid();

    private CommandLauncher() {
    }

    /** The argv of a task that need not outlive the agent; see {@link #argv(CommandInfo, Optional, Optional)}. */
    public static List<String> argv(CommandInfo command, Optional<Account> runAs) throws LaunchException {
        return argv(command, runAs, Optional.empty());
    }

    /**
     * The process's argv. Mesos execs {@code value} with {@code arguments} as the whole argv (its argv[0] included);
     * Java cannot set argv[0] apart from the program, so argv[0] is {@code value} and {@code arguments[1..]} follow.
     *
     * @param exitStatusFile where the wrapper records the command's exit status; empty runs the command without the
     *     wrapper (the agent learns the status as the process's parent)
     * @throws LaunchException when the command has no value
     */
    public static List<String> argv(CommandInfo command, Optional<Account> runAs, Optional<Path> exitStatusFile)
            throws LaunchException {
        if (!command.hasValue() || command.getValue().isEmpty()) {
            throw new LaunchException(command.getShell() ? "the shell command is not specified"
                    : "the executable is not specified");
        }
        List<String> argv = new ArrayList<>(command.getArgumentsCount() + 14);
        if (exitStatusFile.isPresent()) {
            if (SETSID != null) {
                argv.add(SETSID);
            }
            argv.addAll(List.of("/bin/sh", "-c", EXIT_STATUS_WRAPPER, "agora-task", exitStatusFile.get().toString()));
        }
        runAs.ifPresent(a -> argv.addAll(List.of("setpriv", "--reuid=" + a.uid(), "--regid=" + a.gid(),
                "--init-groups", "--")));
        if (command.getShell()) {
            argv.add("/bin/sh");
            argv.add("-c");
            argv.add(command.getValue());
        } else {
            argv.add(command.getValue());
            for (int i = 1; i < command.getArgumentsCount(); i++) {
                argv.add(command.getArguments(i));
            }
        }
        return argv;
    }

    /**
     * The task's environment: the agent's {@code MESOS_*} variables, then the command's own (which win), and PATH
     * when neither sets it. A variable of type SECRET takes its value from {@code secrets} (resolved by the
     * {@link SecretSlot}); the values are the process's only and are never logged.
     *
     * @param secrets the values of the command's SECRET variables, by variable name
     * @throws LaunchException for a secret variable whose value is not in {@code secrets}
     */
    public static Map<String, String> environment(Map<String, String> agentVariables, CommandInfo command,
            Map<String, String> secrets) throws LaunchException {
        Map<String, String> env = new LinkedHashMap<>(agentVariables);
        for (Environment.Variable v : command.getEnvironment().getVariablesList()) {
            if (v.getType() == Environment.Variable.Type.SECRET) {
                String value = secrets.get(v.getName());
                if (value == null) {
                    throw new LaunchException("environment variable '" + v.getName()
                            + "' is a secret that was not resolved");
                }
                env.put(v.getName(), value);
            } else {
                env.put(v.getName(), v.getValue());
            }
        }
        env.putIfAbsent("PATH", DEFAULT_PATH);
        return env;
    }

    /**
     * The environment of a task that runs in an image: as {@link #environment}, but with no default PATH, so that
     * the image's own PATH (from its {@code Env}) applies unless the task or the agent sets one.
     *
     * @throws LaunchException for a secret variable whose value is not in {@code secrets}, as {@link #environment}
     */
    public static Map<String, String> imageEnvironment(Map<String, String> agentVariables, CommandInfo command,
            Map<String, String> secrets) throws LaunchException {
        Map<String, String> env = environment(agentVariables, command, secrets);
        boolean pathGiven = agentVariables.containsKey("PATH") || command.getEnvironment().getVariablesList()
                .stream().anyMatch(v -> v.getName().equals("PATH"));
        if (!pathGiven) {
            env.remove("PATH");
        }
        return env;
    }

    /** {@code setsid} from util-linux, where installed; without it checkpointed tasks share the agent's session. */
    private static String findSetsid() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            File f = new File(dir, "setsid");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    /**
     * Starts the process; the caller observes its end with {@link Process#onExit()}.
     *
     * @throws LaunchException when the process cannot be started (no such program, not executable, ...)
     */
    public static Process start(List<String> argv, Map<String, String> environment, Path sandbox)
            throws LaunchException {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(sandbox.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(sandbox.resolve(Sandbox.STDOUT).toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(sandbox.resolve(Sandbox.STDERR).toFile()));
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(environment);
        try {
            return pb.start();
        } catch (IOException | RuntimeException e) {
            throw new LaunchException("cannot start '" + argv.get(0) + "': " + e.getMessage(), e);
        }
    }
}
