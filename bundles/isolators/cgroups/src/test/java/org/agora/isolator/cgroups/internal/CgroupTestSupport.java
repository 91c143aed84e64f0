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
package org.agora.isolator.cgroups.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.isolator.LaunchContribution;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.isolator.cgroups.internal.hierarchy.Cgroup;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupKiller;
import org.agora.isolator.cgroups.internal.hierarchy.Hierarchy;
import org.agora.isolator.cgroups.internal.launch.CgroupLauncher;

/**
 * Real cgroups for a test: the machine's hierarchy (v1 or v2, as detected), containers under a root of their own
 * ({@code agora-test-<random>}) and the processes the test launched. {@link #close} kills and removes all of it,
 * whatever the test left behind; call it from {@code @AfterEach}.
 */
public final class CgroupTestSupport implements AutoCloseable {
    public final Hierarchy hierarchy;
    public final String root = "agora-test-" + UUID.randomUUID().toString().substring(0, 8);
    public final Cgroups cgroups;
    private final List<Process> processes = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Path logs;

    private CgroupTestSupport(Hierarchy hierarchy) {
        this.hierarchy = hierarchy;
        this.cgroups = new Cgroups(hierarchy, root, Duration.ofSeconds(10));
        try {
            this.logs = Files.createTempDirectory(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The machine's cgroups; the test is skipped unless it runs as root. */
    public static CgroupTestSupport onThisMachine() {
        assumeTrue(isRoot(), "cgroup tests need root: they create cgroups and move processes");
        return new CgroupTestSupport(Hierarchy.discover(Path.of("/proc/self/mountinfo")));
    }

    /** Cgroups on {@code hierarchy} (for example the v2 mount of a hybrid machine). */
    public static CgroupTestSupport on(Hierarchy hierarchy) {
        assumeTrue(isRoot(), "cgroup tests need root: they create cgroups and move processes");
        return new CgroupTestSupport(hierarchy);
    }

    /** Skips the test, saying why, when the machine lacks {@code controller}. */
    public CgroupTestSupport assumeController(String controller) {
        assumeTrue(hierarchy.has(controller), () -> "skipped: " + hierarchy.missing(controller));
        return this;
    }

    static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
        } catch (IOException e) {
            return false;
        }
    }

    public static ContainerID id(String value) {
        return ContainerID.newBuilder().setValue(value).build();
    }

    public ContainerConfig config(String container, String resources) {
        return new ContainerConfig(id(container), CommandInfo.getDefaultInstance(), Resources.parse(resources), logs,
                Optional.empty(), Optional.empty(), Map.of());
    }

    /** Starts {@code shell} through the cgroup launcher, inside the contributed cgroups; output goes to a file. */
    public Process launch(String shell, LaunchContribution... contributions) {
        Set<Path> paths = new LinkedHashSet<>();
        for (LaunchContribution c : contributions) {
            c.cgroupPaths().forEach(p -> paths.add(Path.of(p)));
        }
        return start(CgroupLauncher.shell(List.copyOf(paths), shell));
    }

    /** Safe to call from several threads at once (concurrency tests launch in parallel). */
    public Process start(List<String> command) {
        synchronized (processes) {
            return startLocked(command);
        }
    }

    private Process startLocked(List<String> command) {
        try {
            File log = logs.resolve("process-" + processes.size() + ".log").toFile();
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command, e);
        }
    }

    /** What the {@code index}-th launched process wrote. */
    public String output(int index) throws IOException {
        return Files.readString(logs.resolve("process-" + index + ".log"));
    }

    /** Whether {@code pid} has ended (a zombie waiting for its reaper has). */
    public static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    /** The cgroup directories of this test under every mount, deepest first, for cleanup and for assertions. */
    public List<Cgroup> testRoots() {
        Set<Path> mounts = new LinkedHashSet<>();
        for (String controller : hierarchy.controllers()) {
            mounts.add(hierarchy.mount(controller));
        }
        hierarchy.unifiedRoot().ifPresent(mounts::add);
        return mounts.stream().map(m -> new Cgroup(m.resolve(root))).toList();
    }

    @Override
    public void close() throws IOException {
        synchronized (processes) {
            processes.forEach(Process::destroyForcibly);
        }
        for (Cgroup testRoot : testRoots()) {
            removeTree(testRoot);
        }
        for (Cgroup testRoot : testRoots()) {
            assertThat(testRoot.exists()).as("test cgroup %s removed", testRoot).isFalse();
        }
        try (var files = Files.walk(logs)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    private static void removeTree(Cgroup cgroup) {
        if (!cgroup.exists()) {
            return;
        }
        for (String child : cgroup.children()) {
            removeTree(cgroup.child(child));
        }
        CgroupKiller.kill(cgroup, Duration.ofSeconds(10));
        for (int round = 0; cgroup.exists(); round++) {
            try {
                cgroup.remove();
            } catch (RuntimeException e) {
                if (round > 1000) {
                    throw e;
                }
                CgroupKiller.pause(round);
            }
        }
    }
}
