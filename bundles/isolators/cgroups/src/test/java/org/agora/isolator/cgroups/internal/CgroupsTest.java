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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agora.api.isolator.LaunchContribution;
import org.agora.isolator.cgroups.internal.hierarchy.Cgroup;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupException;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.agora.isolator.cgroups.internal.hierarchy.Hierarchy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupsTest {

    @Test
    void containersLiveUnderTheConfiguredRootOfEachHierarchy(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("memory"));
        Files.createDirectories(dir.resolve("cpu,cpuacct"));
        Files.createDirectories(dir.resolve("freezer"));
        Cgroups cgroups = new Cgroups(Map.of("cgroups.hierarchy", dir.toString(), "cgroups.root", "agents/a1"));

        assertThat(cgroups.cgroup("memory", "c1").dir()).isEqualTo(dir.resolve("memory/agents/a1/c1"));
        assertThat(cgroups.launchPaths(List.of("cpu", "cpuacct", "memory"), "c1")).containsExactly(
                dir.resolve("cpu,cpuacct/agents/a1/c1"), dir.resolve("memory/agents/a1/c1"),
                dir.resolve("freezer/agents/a1/c1"));

        cgroups.create("memory", "c1");
        assertThat(dir.resolve("freezer/agents/a1/c1")).as("v1 freezer cgroup made with the first").isDirectory();
        assertThat(cgroups.containers(List.of("memory"))).containsExactly("c1");
    }

    @Test
    void isolatorsShareTheFreezerCgroupAndTheLastToCleanUpFindsItGone() throws Exception {
        try (CgroupTestSupport machine = CgroupTestSupport.onThisMachine().assumeController("memory")
                .assumeController("pids")) {
            Cgroups cgroups = machine.cgroups;
            cgroups.create(List.of("pids"), "c");
            cgroups.create(List.of("memory"), "c");
            Process p = machine.launch("exec sleep 600", new LaunchContribution(Map.of(), Set.of(),
                    cgroups.launchPaths(List.of("pids", "memory"), "c").stream()
                    .map(Path::toString).toList()));
            await().until(() -> cgroups.cgroup("memory", "c").pids().size() == 1);

            assertThat(cgroups.destroy(List.of("pids"), "c")).as("killed through the shared cgroups").isEqualTo(1);
            assertThat(p.waitFor()).isEqualTo(137);
            assertThat(cgroups.cgroup("pids", "c").exists()).isFalse();
            boolean freezer = machine.hierarchy.has("freezer") && cgroups.version() == CgroupVersion.V1;
            if (freezer) {
                assertThat(cgroups.cgroup("freezer", "c").exists()).as("removed by the first cleanup").isFalse();
            }
            assertThat(cgroups.cgroup("memory", "c").exists()).isTrue();

            assertThat(cgroups.destroy(List.of("memory"), "c")).isZero();
            assertThat(cgroups.cgroup("memory", "c").exists()).isFalse();
            assertThat(cgroups.destroy(List.of("memory", "pids"), "c")).as("all gone: nothing to do").isZero();
        }
    }

    @Test
    void aCgroupCannotTakeTheNameOfAControlFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cgroup.procs"), "");
        assertThatThrownBy(() -> new Cgroup(dir.resolve("cgroup.procs")).create())
                .isInstanceOf(CgroupException.class)
                .hasMessage("cannot create cgroup " + dir.resolve("cgroup.procs") + ": a control file has that name");
        Cgroup deep = new Cgroup(dir.resolve("a/b/c"));
        deep.create();
        deep.create();
        assertThat(deep.exists()).as("parents made, and an existing cgroup kept").isTrue();
    }

    @Test
    void aRootOutsideTheHierarchiesIsRefused(@TempDir Path dir) {
        Hierarchy h = Hierarchy.at(dir);
        for (String bad : new String[] {"", "/agora", "../agora", "a/../../b"}) {
            assertThatThrownBy(() -> new Cgroups(h, bad, Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cgroups.root=" + bad + " must be a relative path");
        }
    }

    @Test
    void containerNamesCannotClimbOrNest(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("pids"));
        Cgroups cgroups = new Cgroups(Hierarchy.at(dir), "agora", Duration.ofSeconds(1));
        for (String bad : new String[] {"", ".", "..", "a/b"}) {
            assertThatThrownBy(() -> cgroups.cgroup("pids", bad)).isInstanceOf(CgroupException.class)
                    .hasMessageContaining("cannot name a cgroup");
        }
    }

    @Test
    void procCgroupLinesGiveEachControllersPath() {
        assertThat(Cgroups.parseMembership("""
                12:pids:/agora/c1
                4:cpu,cpuacct:/agora/c1
                1:name=systemd:/init.scope
                0::/
                """)).containsEntry("pids", "/agora/c1").containsEntry("cpu", "/agora/c1")
                .containsEntry("cpuacct", "/agora/c1").containsEntry("name=systemd", "/init.scope")
                .containsEntry("", "/").hasSize(5);
        assertThat(Cgroups.parseMembership("")).isEmpty();
    }

    @Test
    void aMalformedOptionIsReportedWithItsKey() {
        assertThatThrownBy(() -> new Cgroups(Map.of("destroy.timeout.ms", "soon")))
                .hasMessage("org.agora.isolator.cgroups: destroy.timeout.ms=soon is not a whole number");
    }
}
