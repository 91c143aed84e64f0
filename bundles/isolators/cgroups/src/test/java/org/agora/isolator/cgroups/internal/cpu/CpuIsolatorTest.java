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
package org.agora.isolator.cgroups.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.isolator.LaunchContribution;
import org.agora.api.resources.Resources;
import org.agora.isolator.cgroups.internal.CgroupTestSupport;
import org.agora.isolator.cgroups.internal.hierarchy.Cgroup;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CpuIsolatorTest {
    private CgroupTestSupport machine;

    @BeforeEach
    void setUp() {
        machine = CgroupTestSupport.onThisMachine().assumeController("cpu");
        if (machine.cgroups.version() == CgroupVersion.V1) {
            machine.assumeController("cpuacct");
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        machine.close();
    }

    private double cpuSeconds(CpuIsolator isolator, String container) {
        ContainerUsage usage = isolator.usage(CgroupTestSupport.id(container));
        return usage.cpusUserTimeSecs() + usage.cpusSystemTimeSecs();
    }

    @Test
    void busyLoopsWithOneAndHalfACpuUnderCfsGetCpuTimeInThatRatio() {
        CpuIsolator isolator = new CpuIsolator(machine.cgroups, Map.of("cfs.enabled", "true"));
        isolator.validate();
        LaunchContribution one = isolator.prepare(machine.config("one", "cpus:1;mem:32"));
        LaunchContribution half = isolator.prepare(machine.config("half", "cpus:0.5;mem:32"));
        // Other builds share this machine. Without a weight above theirs, CFS splits each core between them and
        // our loops, and the quotas (the thing under test) would not bind: give the test's root the most weight.
        boolean v1 = machine.cgroups.version() == CgroupVersion.V1;
        machine.cgroups.rootCgroup("cpu").write(v1 ? "cpu.shares" : "cpu.weight", v1 ? "262144" : "10000");
        machine.launch("while :; do :; done", one);
        machine.launch("while :; do :; done", half);
        await().atMost(Duration.ofSeconds(10)).until(() -> cpuSeconds(isolator, "one") > 0.1
                && cpuSeconds(isolator, "half") > 0.05);

        double one0 = cpuSeconds(isolator, "one");
        double half0 = cpuSeconds(isolator, "half");
        // measure until the one-cpu container has had 3 s of CPU: a few seconds of wall time on 2 cores
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> cpuSeconds(isolator, "one") - one0 >= 3.0);
        double oneUsed = cpuSeconds(isolator, "one") - one0;
        double halfUsed = cpuSeconds(isolator, "half") - half0;

        System.out.printf("cpus 1 got %.2f s, cpus 0.5 got %.2f s of CPU: ratio %.3f%n", oneUsed, halfUsed,
                halfUsed / oneUsed);
        assertThat(halfUsed / oneUsed).as("cpu time of cpus 0.5 / cpus 1 (%.2f s / %.2f s)", halfUsed, oneUsed)
                .isCloseTo(0.5, within(0.5 * 0.15));
        assertThat(isolator.usage(CgroupTestSupport.id("half")).cpusLimit()).isEqualTo(0.5);

        isolator.cleanup(CgroupTestSupport.id("one"));
        isolator.cleanup(CgroupTestSupport.id("half"));
        assertThat(machine.cgroups.cgroup("cpu", "one").exists()).isFalse();
    }

    @Test
    void cpusBecomeSharesAndWithCfsAQuota() {
        CpuIsolator isolator = new CpuIsolator(machine.cgroups, Map.of("cfs.enabled", "true"));
        isolator.prepare(machine.config("c", "cpus:0.25;mem:32"));
        Cgroup cgroup = machine.cgroups.cgroup("cpu", "c");
        if (machine.cgroups.version() == CgroupVersion.V1) {
            assertThat(cgroup.readLong("cpu.shares")).isEqualTo(256);
            assertThat(cgroup.readLong("cpu.cfs_period_us")).isEqualTo(100_000);
            assertThat(cgroup.readLong("cpu.cfs_quota_us")).isEqualTo(25_000);
        } else {
            assertThat(cgroup.readLong("cpu.weight")).isEqualTo(CpuShares.weight(256));
            assertThat(cgroup.read("cpu.max")).isEqualTo("25000 100000");
        }

        isolator.update(CgroupTestSupport.id("c"), Resources.parse("cpus:2;mem:32"));
        if (machine.cgroups.version() == CgroupVersion.V1) {
            assertThat(cgroup.readLong("cpu.shares")).isEqualTo(2048);
            assertThat(cgroup.readLong("cpu.cfs_quota_us")).isEqualTo(200_000);
        } else {
            assertThat(cgroup.read("cpu.max")).isEqualTo("200000 100000");
        }
        isolator.cleanup(CgroupTestSupport.id("c"));
    }

    @Test
    void withoutCfsThereIsNoQuota() {
        CpuIsolator isolator = new CpuIsolator(machine.cgroups, Map.of());
        isolator.prepare(machine.config("c", "cpus:1.5;mem:32"));
        Cgroup cgroup = machine.cgroups.cgroup("cpu", "c");
        if (machine.cgroups.version() == CgroupVersion.V1) {
            assertThat(cgroup.readLong("cpu.shares")).isEqualTo(1536);
            assertThat(cgroup.readLong("cpu.cfs_quota_us")).isEqualTo(-1);
        } else {
            assertThat(cgroup.read("cpu.max")).startsWith("max ");
        }
        isolator.cleanup(CgroupTestSupport.id("c"));
    }
}
