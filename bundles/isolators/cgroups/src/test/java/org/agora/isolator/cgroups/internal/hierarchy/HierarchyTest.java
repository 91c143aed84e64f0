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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.agora.isolator.cgroups.internal.hierarchy.MountInfo.CgroupMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HierarchyTest {

    /** This project's build machine: systemd's hybrid layout, v1 controllers plus a cgroup2 mount without them. */
    static final List<String> HYBRID = List.of(
            "23 1 253:0 / / rw,relatime - ext4 /dev/vda rw",
            "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
            "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct",
            "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
            "37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer",
            "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids",
            "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd",
            "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw");

    /** A current distribution: only the unified hierarchy, with optional fields before the separator. */
    static final List<String> PURE_V2 = List.of(
            "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
            "26 22 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate");

    /** An older one: cpu and cpuacct share a hierarchy, and a path with a space in it. */
    static final List<String> COMOUNTED = List.of(
            "30 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:12 - cgroup cgroup rw,cpu,cpuacct",
            "31 25 0:27 / /mnt/my\\040cgroups/memory rw shared:13 - cgroup cgroup rw,memory");

    @Test
    void aHybridMachineUsesItsV1Controllers() {
        Hierarchy h = Hierarchy.fromMounts(MountInfo.parse(HYBRID), "/proc/self/mountinfo");
        assertThat(h.version()).isEqualTo(CgroupVersion.V1);
        assertThat(h.controllers()).containsExactly("cpu", "cpuacct", "freezer", "memory", "pids");
        assertThat(h.mount("memory")).isEqualTo(Path.of("/sys/fs/cgroup/memory"));
        assertThat(h.unifiedRoot()).isEmpty();
        assertThat(MountInfo.parse(HYBRID)).contains(new CgroupMount(Path.of("/sys/fs/cgroup/unified"), true,
                java.util.Set.of()));
    }

    @Test
    void aMissingV1ControllerIsNamedWithWhereItWasLookedFor() {
        Hierarchy h = Hierarchy.fromMounts(MountInfo.parse(HYBRID), "/proc/self/mountinfo");
        assertThat(h.has("blkio")).isFalse();
        assertThatThrownBy(() -> h.mount("blkio")).isInstanceOf(CgroupException.class)
                .hasMessage("cgroup controller 'blkio' is not mounted: no cgroup v1 hierarchy has it in "
                        + "/proc/self/mountinfo (mounted controllers: cpu, cpuacct, freezer, memory, pids)");
    }

    @Test
    void aPureV2MachineUsesTheUnifiedRoot(@TempDir Path dir) throws Exception {
        assertThat(MountInfo.parse(PURE_V2)).containsExactly(new CgroupMount(Path.of("/sys/fs/cgroup"), true,
                java.util.Set.of()));
        // the controllers come from the root's cgroup.controllers, so point a v2 mount at a directory laid out so
        Files.writeString(dir.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Hierarchy h = Hierarchy.fromMounts(List.of(new CgroupMount(dir, true, java.util.Set.of())), "mountinfo");
        assertThat(h.version()).isEqualTo(CgroupVersion.V2);
        assertThat(h.controllers()).containsExactly("cpu", "cpuset", "io", "memory", "pids");
        assertThat(h.mount("memory")).isEqualTo(dir);
        assertThat(h.unifiedRoot()).contains(dir);
        assertThatThrownBy(() -> h.mount("devices")).hasMessage("cgroup controller 'devices' is not available: it "
                + "is not listed in " + dir.resolve("cgroup.controllers")
                        + " (available: cpu, cpuset, io, memory, pids)");
    }

    @Test
    void coMountedControllersShareADirectoryAndEscapesAreDecoded() {
        Hierarchy h = Hierarchy.fromMounts(MountInfo.parse(COMOUNTED), "m");
        assertThat(h.mount("cpu")).isEqualTo(Path.of("/sys/fs/cgroup/cpu,cpuacct"));
        assertThat(h.mount("cpuacct")).isEqualTo(Path.of("/sys/fs/cgroup/cpu,cpuacct"));
        assertThat(h.mount("memory")).isEqualTo(Path.of("/mnt/my cgroups/memory"));
    }

    @Test
    void noCgroupMountsAtAllIsAV1HierarchyWithoutControllers() {
        Hierarchy h = Hierarchy.fromMounts(MountInfo.parse(List.of(PURE_V2.get(0))), "/proc/self/mountinfo");
        assertThat(h.controllers()).isEmpty();
        assertThat(h.missing("cpu")).contains("no cgroup file system mounted").contains("mounted controllers: none");
    }

    @Test
    void aConfiguredDirectoryIsV2WithCgroupControllersElseADirectoryOfV1Hierarchies(@TempDir Path dir)
            throws Exception {
        Files.createDirectories(dir.resolve("v1/cpu,cpuacct"));
        Files.createDirectories(dir.resolve("v1/memory"));
        Files.createDirectories(dir.resolve("v1/systemd"));
        Hierarchy v1 = Hierarchy.at(dir.resolve("v1"));
        assertThat(v1.version()).isEqualTo(CgroupVersion.V1);
        assertThat(v1.controllers()).containsExactly("cpu", "cpuacct", "memory");
        assertThat(v1.mount("cpuacct")).isEqualTo(dir.resolve("v1/cpu,cpuacct"));

        Files.createDirectories(dir.resolve("v2"));
        Files.writeString(dir.resolve("v2/cgroup.controllers"), "memory pids\n");
        Hierarchy v2 = Hierarchy.at(dir.resolve("v2"));
        assertThat(v2.version()).isEqualTo(CgroupVersion.V2);
        assertThat(v2.controllers()).containsExactly("memory", "pids");

        assertThat(Hierarchy.at(dir.resolve("absent")).missing("cpu"))
                .contains(dir.resolve("absent") + " (does not exist)");
    }

    @Test
    void thisMachineIsDetected() {
        Hierarchy h = Hierarchy.discover(Path.of("/proc/self/mountinfo"));
        // whatever the machine has, the version follows from where the controllers are
        if (h.version() == CgroupVersion.V2) {
            assertThat(h.unifiedRoot()).isPresent();
        } else {
            assertThat(h.controllers()).allSatisfy(c -> assertThat(h.mount(c)).isDirectory());
        }
    }
}
