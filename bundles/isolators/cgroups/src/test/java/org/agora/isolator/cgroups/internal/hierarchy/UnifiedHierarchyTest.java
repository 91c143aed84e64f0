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
package org.agora.isolator.cgroups.internal.hierarchy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.agora.isolator.cgroups.internal.CgroupTestSupport;
import org.agora.isolator.cgroups.internal.launch.CgroupLauncher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The v2 side of the cgroups layer on the machine's real cgroup2 mount, wherever it is: the whole tree on a v2
 * machine, {@code /sys/fs/cgroup/unified} on a hybrid one (where it may have few controllers or none, but cgroup
 * creation, cgroup.procs, cgroup.events and cgroup.kill work all the same).
 */
class UnifiedHierarchyTest {
    private Path mount;
    private CgroupTestSupport machine;
    private Set<String> enabledBefore;

    @BeforeEach
    void setUp() {
        Optional<Path> v2 = MountInfo.read(Path.of("/proc/self/mountinfo")).stream()
                .filter(MountInfo.CgroupMount::v2).map(MountInfo.CgroupMount::mountPoint).findFirst();
        assumeTrue(v2.isPresent(), "skipped: no cgroup2 mount in /proc/self/mountinfo");
        mount = v2.get();
        machine = CgroupTestSupport.on(Hierarchy.at(mount));
        enabledBefore = enabled(new Cgroup(mount));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (machine == null) {
            return;
        }
        machine.close();
        // hand back the mount's root as it was: drop controllers this test enabled there
        Cgroup top = new Cgroup(mount);
        for (String controller : enabled(top)) {
            if (!enabledBefore.contains(controller)) {
                try {
                    top.write("cgroup.subtree_control", "-" + controller);
                } catch (CgroupException e) {
                    // someone else's cgroup uses it by now: leave it enabled
                }
            }
        }
    }

    private static Set<String> enabled(Cgroup cgroup) {
        return Set.copyOf(Arrays.asList(cgroup.read("cgroup.subtree_control").split("\\s+")));
    }

    /** A controller to enable on the way down, pids where there is one; empty if the mount has none. */
    private Optional<String> someController() {
        Set<String> available = machine.hierarchy.controllers();
        return available.contains("pids") ? Optional.of("pids") : available.stream().findFirst();
    }

    @Test
    void aContainerCgroupIsCreatedJoinedAndKilledAtOnceWithCgroupKill() throws Exception {
        assertThat(machine.hierarchy.version()).isEqualTo(CgroupVersion.V2);
        Cgroup cgroup;
        Optional<String> controller = someController();
        if (controller.isPresent()) {
            cgroup = machine.cgroups.create(controller.get(), "c1");
            // enabled in every ancestor's subtree_control, so the container's cgroup has the controller
            assertThat(enabled(new Cgroup(mount))).contains(controller.get());
            assertThat(enabled(new Cgroup(mount.resolve(machine.root)))).contains(controller.get());
            assertThat(cgroup.read("cgroup.controllers").split(" ")).contains(controller.get());
            assertThat(machine.cgroups.launchPaths(List.of(controller.get()), "c1")).containsExactly(cgroup.dir());
        } else {
            cgroup = new Cgroup(mount.resolve(machine.root).resolve("c1"));
            cgroup.create();
        }

        Process top = machine.start(CgroupLauncher.shell(List.of(cgroup.dir()),
                "sleep 600 & (setsid sleep 601 &); exec sleep 602"));
        await().atMost(Duration.ofSeconds(10)).until(() -> cgroup.pids().size() == 3);
        List<Long> pids = new ArrayList<>(cgroup.pids());
        assertThat(cgroup.readKeyed("cgroup.events")).containsEntry("populated", 1L);
        for (long pid : pids) {
            assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")))
                    .anyMatch(line -> line.startsWith("0::") && line.endsWith("/" + machine.root + "/c1"));
        }

        boolean atomic = cgroup.has("cgroup.kill");
        long start = System.nanoTime();
        int killed = CgroupKiller.kill(cgroup, Duration.ofSeconds(10));
        long killMicros = (System.nanoTime() - start) / 1000;
        assertThat(cgroup.remove()).isTrue();

        assertThat(killed).isEqualTo(3);
        assertThat(pids).allMatch(CgroupTestSupport::gone);
        assertThat(top.waitFor()).isEqualTo(137);
        System.out.printf("v2: 3 processes killed and reaped from the cgroup in %d us (%s)%n", killMicros,
                atomic ? "cgroup.kill" : "no cgroup.kill before Linux 5.14: repeated SIGKILL");
    }

    @Test
    void theLauncherRefusesToRunTheTaskWhenItCannotJoin() throws Exception {
        Process p = machine.start(CgroupLauncher.shell(List.of(mount.resolve(machine.root).resolve("absent")),
                "echo should not run"));
        assertThat(p.waitFor()).isEqualTo(CgroupLauncher.JOIN_FAILED);
        assertThat(machine.output(0)).doesNotContain("should not run");
    }
}
