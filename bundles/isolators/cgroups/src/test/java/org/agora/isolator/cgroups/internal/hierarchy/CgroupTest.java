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
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.agora.isolator.cgroups.internal.CgroupTestSupport;
import org.agora.isolator.cgroups.internal.launch.CgroupLauncher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupTest {

    @Test
    void flatKeyedFilesAreReadAsCounters(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 2\noom_kill 1\noom_group_kill 0\n");
        Files.writeString(dir.resolve("pids.events"), "max unknown\n");
        Cgroup cgroup = new Cgroup(dir);
        assertThat(cgroup.readKeyed("memory.events")).containsEntry("oom_kill", 1L).containsEntry("max", 12L)
                .hasSize(6);
        assertThat(cgroup.readKeyed("pids.events")).as("non-numeric values are no counters").isEmpty();
    }

    @Test
    void failuresNameTheFile(@TempDir Path dir) throws Exception {
        Cgroup cgroup = new Cgroup(dir.resolve("gone"));
        assertThatThrownBy(() -> cgroup.write("memory.max", "1")).isInstanceOf(CgroupException.class)
                .hasMessage("cannot write '1' to " + dir.resolve("gone/memory.max") + ": the cgroup does not exist");
        assertThatThrownBy(() -> cgroup.read("memory.max"))
                .hasMessage("cannot read " + dir.resolve("gone/memory.max") + ": no such control file");
        Files.writeString(dir.resolve("pids.max"), "lots");
        assertThatThrownBy(() -> new Cgroup(dir).readLong("pids.max"))
                .hasMessage(dir.resolve("pids.max") + ": expected a whole number, found 'lots'");
        assertThat(cgroup.pids()).isEmpty();
        assertThat(cgroup.children()).isEmpty();
        assertThat(cgroup.remove()).isFalse();
    }

    @Test
    void theKernelsReasonIsInTheMessage() throws Exception {
        try (CgroupTestSupport machine = CgroupTestSupport.onThisMachine().assumeController("pids")) {
            Cgroup cgroup = machine.cgroups.create("pids", "c");
            assertThatThrownBy(() -> cgroup.write("pids.max", "lots"))
                    .hasMessage("cannot write 'lots' to " + cgroup.dir().resolve("pids.max") + ": Invalid argument");
            assertThatThrownBy(() -> cgroup.write("cgroup.procs", "999999999"))
                    .hasMessageStartingWith("cannot write '999999999' to " + cgroup.dir().resolve("cgroup.procs"));
            machine.cgroups.destroy("pids", "c");
        }
    }

    @Test
    void aCgroupWithProcessesIsNotRemovedUntilTheyAreKilled() throws Exception {
        try (CgroupTestSupport machine = CgroupTestSupport.onThisMachine().assumeController("pids")) {
            Cgroup cgroup = machine.cgroups.create("pids", "busy");
            Process p = machine.start(CgroupLauncher.shell(List.of(cgroup.dir()), "exec sleep 600"));
            await().until(() -> cgroup.pids().size() == 1);
            assertThatThrownBy(cgroup::remove)
                    .hasMessage("cannot remove cgroup " + cgroup + ": Device or resource busy");
            assertThat(CgroupKiller.kill(cgroup, Duration.ofSeconds(5))).isEqualTo(1);
            assertThat(p.waitFor()).isEqualTo(137);
            assertThat(cgroup.remove()).isTrue();
        }
    }
}
