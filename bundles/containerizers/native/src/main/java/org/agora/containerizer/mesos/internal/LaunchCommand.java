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
package org.agora.containerizer.mesos.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.agora.api.v1.Protos.CommandInfo;

/**
 * The argv that starts a container: a launcher moves itself into every cgroup the isolators named (so the task and
 * all it forks are accounted from the first instruction), then execs, in turn, {@code unshare} for new namespaces,
 * {@code setpriv} for another user, and the task's command. Nothing of the agent's JVM stays between the kernel and
 * the task.
 *
 * <p>With an exit-status file ({@code ContainerConfig.exitStatusFile}) the launcher, in a session of its own, stays
 * between the task and the agent to record how the task ended: whoever learns of the end without being the
 * process's parent (a restarted agent, or a new instance of this containerizer after its bundle was updated) reads
 * the status there. It sits outside any new namespace, so the task is still pid 1 of its own.
 *
 * <p>The launcher is the native one ({@link LauncherBinary}: one process does both steps) where it is installed, else
 * a tiny {@code /bin/sh} script that joins the cgroups and, for the exit status, {@code setsid} and a {@code /bin/sh}
 * wrapper: three more programs started per task, which on a two-core machine cost about a fifth of its CPU at a few
 * hundred tasks a second (perf, cluster-throughput.sh).
 *
 * <p>With a pid namespace the task runs as pid 1 of its namespace under {@code unshare --fork --kill-child}: when
 * the top process dies every process of the namespace dies with it, however it forked, and {@code /proc} is
 * remounted so the task sees only its own processes.
 */
final class LaunchCommand {
    /** Exit status of the launcher when it cannot join a cgroup (the task never ran). */
    static final int JOIN_FAILED = 125;

    /**
     * The exit-status wrapper: {@code $1} is the status file, the rest the command. A trap (not an ignored signal,
     * which the command would inherit) keeps the shell alive through a kill's SIGTERM until the command has ended.
     */
    static final String EXIT_STATUS_WRAPPER =
            "trap : TERM INT HUP QUIT; f=$1; shift; \"$@\"; s=$?; echo $s > \"$f\"; exit $s";

    private static final String SETSID = findSetsid();

    private LaunchCommand() {
    }

    /** With the {@code /bin/sh} launcher and no exit-status file. */
    static List<String> argv(CommandInfo command, List<String> cgroupPaths, Set<String> namespaces,
            Optional<UserIds> user) {
        return argv(command, cgroupPaths, namespaces, user, Optional.empty(), List.of(), Optional.empty());
    }

    /**
     * @param exitStatusFile where the launcher records the task's exit status; empty: nowhere
     * @param inNamespaces what runs, as root, once the new namespaces are entered and before the user switch (the
     *     volumes' mounts, {@link ContainerVolumes#mountArgv}); it execs the rest of the argv
     * @param launcher the native launcher; empty: the {@code /bin/sh} one
     */
    static List<String> argv(CommandInfo command, List<String> cgroupPaths, Set<String> namespaces,
            Optional<UserIds> user, Optional<Path> exitStatusFile, List<String> inNamespaces,
            Optional<Path> launcher) {
        List<String> argv = launcher.map(l -> nativePrologue(l, cgroupPaths, exitStatusFile)).orElseGet(() -> {
            List<String> script = joinCgroups(cgroupPaths);
            script.addAll(recordExitStatus(exitStatusFile));
            return script;
        });
        if (launcher.isPresent()) {
            if (namespaces.contains("pid")) {
                argv.add("--pid"); // the launcher makes the pid and mount namespaces, as unshare below would
            }
            argv.add("--");
        }
        if (namespaces.contains("pid")) {
            if (launcher.isEmpty()) {
                argv.addAll(List.of("unshare", "--pid", "--fork", "--kill-child", "--mount-proc"));
            }
        } else if (namespaces.contains("mnt")) {
            argv.addAll(List.of("unshare", "--mount")); // util-linux makes its mounts private by default
        }
        argv.addAll(inNamespaces);
        user.ifPresent(u -> argv.addAll(List.of("setpriv", "--reuid=" + u.uid(), "--regid=" + u.gid(),
                "--init-groups", "--")));
        argv.addAll(taskArgv(command));
        return argv;
    }

    /**
     * The native launcher's options for the first steps, {@code agora-launcher [--cgroup DIR]... [--exit-status F]}:
     * the caller appends {@code --} and the task, or the image options ({@link ImageLaunch#nativeArgv}).
     */
    static List<String> nativePrologue(Path launcher, List<String> cgroupPaths, Optional<Path> exitStatusFile) {
        List<String> argv = new ArrayList<>();
        argv.add(launcher.toString());
        for (String path : cgroupPaths) {
            argv.addAll(List.of("--cgroup", path));
        }
        exitStatusFile.ifPresent(f -> argv.addAll(List.of("--exit-status", f.toString())));
        return argv;
    }

    /**
     * The script launcher's first step: {@code /bin/sh} joins every cgroup in {@code cgroupPaths}, then execs the
     * rest of the argv (which the caller appends).
     */
    static List<String> joinCgroups(List<String> cgroupPaths) {
        List<String> argv = new ArrayList<>();
        argv.add("/bin/sh");
        argv.add("-c");
        StringBuilder script = new StringBuilder();
        for (String path : cgroupPaths) {
            String procs = quote(path + "/cgroup.procs");
            script.append("echo $$ > ").append(procs).append(" || { echo 'agora launcher: cannot join cgroup ")
                    .append(path.replace("'", "")).append("' >&2; exit ").append(JOIN_FAILED).append("; }\n");
        }
        script.append("exec \"$@\"");
        argv.add(script.toString());
        argv.add("agora-launcher"); // $0
        return argv;
    }

    /**
     * The wrapper that records the exit status of the rest of the argv in {@code exitStatusFile}, in a session of its
     * own (no signal to the agent's process group reaches it); nothing when there is no file.
     */
    static List<String> recordExitStatus(Optional<Path> exitStatusFile) {
        List<String> argv = new ArrayList<>();
        if (exitStatusFile.isPresent()) {
            if (SETSID != null) {
                argv.add(SETSID);
            }
            argv.addAll(List.of("/bin/sh", "-c", EXIT_STATUS_WRAPPER, "agora-task", exitStatusFile.get().toString()));
        }
        return argv;
    }

    private static String findSetsid() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            File f = new File(dir, "setsid");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    /** Mesos's two forms: {@code shell: true} (the default) runs {@code value} with /bin/sh -c; else argv. */
    static List<String> taskArgv(CommandInfo command) {
        if (!command.hasShell() || command.getShell()) {
            return List.of("/bin/sh", "-c", command.getValue());
        }
        List<String> argv = new ArrayList<>();
        argv.add(command.getValue());
        if (command.getArgumentsCount() > 1) {
            argv.addAll(command.getArgumentsList().subList(1, command.getArgumentsCount()));
        }
        return argv;
    }

    /** Single-quoted for /bin/sh. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The numeric ids a task runs as. */
    record UserIds(int uid, int gid) {
    }
}
