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

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.agora.isolator.cgroups.internal.CgroupTestSupport;
import org.agora.isolator.cgroups.internal.launch.CgroupLauncher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Killing containers whose processes keep forking while they are killed. */
class CgroupKillerTest {
    /** Eight loops forking and exec'ing without pause, and sleepers: pids come and go all the time. */
    private static final String STORM = "for i in $(seq 8); do (while :; do /bin/true; done) & done; "
            + "for i in $(seq 8); do sleep 600 & done; wait";

    private CgroupTestSupport machine;

    @BeforeEach
    void setUp() {
        machine = CgroupTestSupport.onThisMachine().assumeController("pids");
    }

    @AfterEach
    void tearDown() throws Exception {
        machine.close();
    }

    private Set<Long> startStorm(List<java.nio.file.Path> cgroups, Cgroup counted) {
        machine.start(CgroupLauncher.shell(cgroups, STORM));
        Set<Long> seen = new HashSet<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            seen.addAll(counted.pids());
            return counted.pids().size() >= 17;
        });
        seen.addAll(counted.pids());
        return seen;
    }

    @Test
    void destroyKillsAForkingContainerThroughItsFreezerOrCgroupKill() {
        Cgroup pids = machine.cgroups.create("pids", "storm");
        pids.write("pids.max", "64");
        Set<Long> seen = startStorm(machine.cgroups.launchPaths(List.of("pids"), "storm"), pids);

        long start = System.nanoTime();
        int killed = machine.cgroups.destroy("pids", "storm");
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertThat(pids.exists()).isFalse();
        assertThat(killed).isGreaterThanOrEqualTo(17);
        assertThat(seen.stream().filter(p -> !CgroupTestSupport.gone(p))).as("survivors").isEmpty();
        assertThat(ms).as("destroy took %d ms", ms).isLessThan(5_000);
    }

    @Test
    void repeatedSigkillEmptiesACgroupThatCanNeitherFreezeNorKill() {
        assumeTrue(machine.cgroups.version() == CgroupVersion.V1, "v1 controller cgroups have no cgroup.kill");
        Cgroup pids = machine.cgroups.create("pids", "storm");
        pids.write("pids.max", "64");
        assertThat(pids.has("freezer.state") || pids.has("cgroup.kill")).isFalse();
        // only the pids cgroup: the freezer cgroup stays empty, so the SIGKILL loop does all the work
        Set<Long> seen = startStorm(List.of(pids.dir()), pids);

        assertThat(CgroupKiller.kill(pids, Duration.ofSeconds(10))).isGreaterThanOrEqualTo(17);

        assertThat(pids.pids()).isEmpty();
        assertThat(seen.stream().filter(p -> !CgroupTestSupport.gone(p))).as("survivors").isEmpty();
        machine.cgroups.destroy("pids", "storm");
    }
}
