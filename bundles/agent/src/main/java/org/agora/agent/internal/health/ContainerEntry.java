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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.agora.agent.internal.launcher.Account;
import org.agora.agent.internal.launcher.CommandLauncher;
import org.agora.agent.internal.launcher.LaunchException;
import org.agora.agent.internal.launcher.UserAccounts;
import org.agora.api.v1.Protos.CommandInfo;

/**
 * Puts a COMMAND check into its task's container, as far as the task's processes show it: the check joins every
 * cgroup the task is in and the agent is not (the containerizer's isolators made them; as root only), and, when one
 * of the task's processes lives in a mount namespace of its own (a task in an image, or with {@code namespaces/pid}),
 * it runs in that namespace with that process's root and working directory ({@code nsenter --mount --root --wd}), as
 * Mesos runs a check from the task's mount namespace, and in its pid namespace when it has one of its own (its
 * {@code /proc} is that namespace's, as for a check Mesos's executor forks inside the container). Without either,
 * the check is a plain process of the agent. Read afresh for each check (a few {@code /proc} files): the task's
 * processes change.
 */
public final class ContainerEntry {
    /** Exit status of the check's launcher when it cannot join a cgroup (the check command never ran). */
    public static final int JOIN_FAILED = 125;

    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    private static final Path PROC_SELF_PID = Path.of("/proc/self/ns/pid");

    private ContainerEntry() {
    }

    /**
     * The argv of a check command for the task whose top process is {@code taskPid}.
     *
     * @param account the user the check runs as; empty for the agent's
     * @throws LaunchException when the command has no value
     */
    public static List<String> argv(long taskPid, CommandInfo command, Optional<Account> account)
            throws LaunchException {
        Optional<Long> nsPid = mountNamespaceOf(taskPid);
        List<String> inner;
        if (nsPid.isPresent()) {
            inner = new ArrayList<>(List.of("nsenter", "--target", Long.toString(nsPid.get()), "--mount", "--root",
                    "--wd"));
            if (!link(Path.of("/proc", Long.toString(nsPid.get()), "ns", "pid")).equals(link(PROC_SELF_PID))) {
                // the task's /proc is its pid namespace's: a check outside it would find no /proc/self there
                inner.add("--pid");
            }
            account.ifPresent(a -> inner.addAll(List.of("--setgid", Integer.toString(a.gid()), "--setuid",
                    Integer.toString(a.uid()))));
            inner.add("--");
            inner.addAll(CommandLauncher.argv(command, Optional.empty()));
        } else {
            inner = CommandLauncher.argv(command, account);
        }
        List<Path> cgroups = UserAccounts.currentUid() == 0 ? cgroupsOf(taskPid) : List.of();
        if (cgroups.isEmpty()) {
            return inner;
        }
        StringBuilder script = new StringBuilder();
        for (Path dir : cgroups) {
            script.append("echo $$ > '").append(dir.resolve("cgroup.procs").toString().replace("'", "'\\''"))
                    .append("' || exit ").append(JOIN_FAILED).append('\n');
        }
        script.append("exec \"$@\"");
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", script.toString(), "agora-health-check"));
        argv.addAll(inner);
        return argv;
    }

    /**
     * The deepest of the task's processes (its top process and its descendants) whose mount namespace is not the
     * agent's; empty when all share the agent's. The deepest, because the launch chain may set up the namespace a
     * step before it enters the image's root ({@code unshare --pid --fork}, then {@code unshare --root}): the task's
     * own command sits at the end of that chain.
     */
    static Optional<Long> mountNamespaceOf(long taskPid) {
        Optional<String> own = link(Path.of("/proc/self/ns/mnt"));
        if (own.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> root = ProcessHandle.of(taskPid);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        List<ProcessHandle> tree = processTree(root.get());
        ProcessHandle best = null;
        int bestDepth = -1;
        for (ProcessHandle p : tree) {
            Optional<String> ns = link(Path.of("/proc", Long.toString(p.pid()), "ns", "mnt"));
            if (ns.isPresent() && !ns.get().equals(own.get())) {
                int depth = depth(p, root.get());
                if (depth > bestDepth) {
                    best = p;
                    bestDepth = depth;
                }
            }
        }
        return Optional.ofNullable(best).map(ProcessHandle::pid);
    }

    /**
     * {@code root} and its descendants, read from {@code /proc/<pid>/task/<tid>/children} of the tree's own
     * processes. {@link ProcessHandle#descendants()} reads the parent of every process on the machine instead: with
     * 1,000 tasks on an agent (3,000 processes) and a check of each every few seconds, those reads were nearly all the
     * agent's CPU (benchmarks/services-scale.sh). Falls back to it where the kernel has no {@code children} files.
     */
    static List<ProcessHandle> processTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        if (!Files.isDirectory(Path.of("/proc", Long.toString(root.pid()), "task", Long.toString(root.pid())))
                || !Files.exists(Path.of("/proc", Long.toString(root.pid()), "task", Long.toString(root.pid()),
                        "children"))) {
            root.descendants().forEach(tree::add);
            return tree;
        }
        for (int i = 0; i < tree.size() && tree.size() < 4096; i++) {
            Path tasks = Path.of("/proc", Long.toString(tree.get(i).pid()), "task");
            try (Stream<Path> threads = Files.list(tasks)) {
                for (Path thread : (Iterable<Path>) threads::iterator) {
                    for (String child : Files.readString(thread.resolve("children")).trim().split("\\s+")) {
                        if (!child.isEmpty()) {
                            ProcessHandle.of(Long.parseLong(child)).ifPresent(tree::add);
                        }
                    }
                }
            } catch (IOException | UncheckedIOException | NumberFormatException e) {
                // the process (or a thread of it) ended meanwhile: its children, if any, are gone or reparented
            }
        }
        return tree;
    }

    private static int depth(ProcessHandle p, ProcessHandle root) {
        int depth = 0;
        Optional<ProcessHandle> at = Optional.of(p);
        while (at.isPresent() && at.get().pid() != root.pid() && depth < 64) {
            at = at.get().parent();
            depth++;
        }
        return depth;
    }

    /** The cgroup directories of the task's top process that are not the agent's own, for each hierarchy. */
    static List<Path> cgroupsOf(long taskPid) {
        Map<String, String> own = cgroups(Path.of("/proc/self/cgroup"));
        Map<String, String> task = cgroups(Path.of("/proc", Long.toString(taskPid), "cgroup"));
        List<Path> dirs = new ArrayList<>();
        for (Map.Entry<String, String> e : task.entrySet()) {
            if (e.getValue().equals(own.get(e.getKey()))) {
                continue;
            }
            Path dir = hierarchy(e.getKey()).resolve(e.getValue().substring(1));
            if (Files.isRegularFile(dir.resolve("cgroup.procs"))) {
                dirs.add(dir);
            }
        }
        return dirs;
    }

    /** Where a hierarchy of {@code /proc/<pid>/cgroup} is mounted: its controllers' directory, or the v2 tree. */
    private static Path hierarchy(String controllers) {
        if (controllers.isEmpty()) {
            return Files.exists(CGROUP_ROOT.resolve("cgroup.controllers")) ? CGROUP_ROOT
                    : CGROUP_ROOT.resolve("unified");
        }
        return CGROUP_ROOT.resolve(controllers.startsWith("name=") ? controllers.substring(5) : controllers);
    }

    /** {@code /proc/<pid>/cgroup} as controllers (empty for v2) to path. */
    private static Map<String, String> cgroups(Path file) {
        Map<String, String> out = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.split(":", 3);
                if (parts.length == 3 && parts[2].startsWith("/")) {
                    out.put(parts[1], parts[2]);
                }
            }
        } catch (IOException e) {
            return Map.of(); // the task is gone: nothing to join
        }
        return out;
    }

    private static Optional<String> link(Path p) {
        try {
            return Optional.of(Files.readSymbolicLink(p).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
