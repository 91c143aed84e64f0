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
package org.agora.isolator.cgroups.internal.pids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.agora.api.isolator.LaunchContribution;
import org.agora.isolator.cgroups.internal.CgroupTestSupport;
import org.agora.isolator.cgroups.internal.hierarchy.Cgroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PidsIsolatorTest {
    private CgroupTestSupport machine;

    @BeforeEach
    void setUp() {
        machine = CgroupTestSupport.onThisMachine().assumeController("pids");
    }

    @AfterEach
    void tearDown() throws Exception {
        machine.close();
    }

    @Test
    void aForkBombStaysWithinThePidsLimitAndDestroyKillsItAll() {
        PidsIsolator isolator = new PidsIsolator(machine.cgroups, Map.of("max.processes", 20));
        isolator.validate();
        LaunchContribution launch = isolator.prepare(machine.config("bomb", "cpus:1;mem:64"));
        Cgroup cgroup = machine.cgroups.cgroup("pids", "bomb");
        assertThat(cgroup.read("pids.max")).isEqualTo("20");

        Process bomb = machine.launch("for i in $(seq 100); do sleep 600 & done; wait", launch);
        // the shell gives up at the first fork the kernel refuses (dash exits on "Cannot fork")
        await().atMost(Duration.ofSeconds(30)).until(() -> cgroup.readKeyed("pids.events").getOrDefault("max", 0L) > 0);
        assertThat(cgroup.readLong("pids.current")).isLessThanOrEqualTo(20);
        List<Long> contained = cgroup.pids();
        assertThat(contained).hasSizeBetween(2, 20);
        assertThat(isolator.usage(CgroupTestSupport.id("bomb")).processes()).isBetween(1L, 20L);

        isolator.cleanup(CgroupTestSupport.id("bomb"));

        assertThat(cgroup.exists()).isFalse();
        assertThat(contained).allMatch(CgroupTestSupport::gone);
        assertThat(bomb.isAlive()).isFalse();
    }

    @Test
    void zeroMaxProcessesCountsWithoutLimiting() {
        PidsIsolator isolator = new PidsIsolator(machine.cgroups, Map.of("max.processes", "0"));
        isolator.prepare(machine.config("c", "cpus:1;mem:64"));
        assertThat(machine.cgroups.cgroup("pids", "c").read("pids.max")).isEqualTo("max");
        isolator.cleanup(CgroupTestSupport.id("c"));
    }

    @Test
    void aNegativeMaxProcessesIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> new PidsIsolator(machine.cgroups, Map.of("max.processes", "-1")))
                .hasMessageContaining("org.agora.isolator.cgroups.pids: max.processes=-1");
        assertThatThrownBy(() -> new PidsIsolator(machine.cgroups, Map.of("max.processes", "many")))
                .hasMessageContaining("max.processes=many is not a whole number");
    }
}
