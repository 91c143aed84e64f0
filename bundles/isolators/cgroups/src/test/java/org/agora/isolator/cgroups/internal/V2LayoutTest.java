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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerLimitation;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.isolator.IsolatorException;
import org.agora.api.isolator.LaunchContribution;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.isolator.cgroups.internal.cpu.CpuIsolator;
import org.agora.isolator.cgroups.internal.devices.DevicesIsolator;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.agora.isolator.cgroups.internal.hierarchy.Hierarchy;
import org.agora.isolator.cgroups.internal.io.BlkioIsolator;
import org.agora.isolator.cgroups.internal.io.IoIsolator;
import org.agora.isolator.cgroups.internal.memory.MemoryIsolator;
import org.agora.isolator.cgroups.internal.pids.PidsIsolator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v2 file formats, on a directory laid out like a v2 hierarchy (a machine with cgroup v1 cannot give the v2
 * controllers): what each isolator writes, and how it reads what the kernel would write. A plain directory keeps
 * only the last write to a file, where cgroupfs would apply each.
 */
class V2LayoutTest {
    @TempDir
    Path top;
    private Cgroups cgroups;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(top.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        Files.writeString(top.resolve("cgroup.subtree_control"), "");
        cgroups = new Cgroups(Hierarchy.at(top), "agora", Duration.ofSeconds(1));
        assertThat(cgroups.version()).isEqualTo(CgroupVersion.V2);
    }

    private Path container(String name) {
        return top.resolve("agora").resolve(name);
    }

    private static ContainerConfig config(String name, String resources) {
        return new ContainerConfig(CgroupTestSupport.id(name), CommandInfo.getDefaultInstance(),
                Resources.parse(resources), Path.of("/tmp"), Optional.empty(), Optional.empty(), Map.of());
    }

    @Test
    void cpuWritesWeightAndMaxAndEnablesTheControllerOnTheWayDown() throws Exception {
        CpuIsolator cpu = new CpuIsolator(cgroups, Map.of("cfs.enabled", "true"));
        cpu.validate();
        LaunchContribution launch = cpu.prepare(config("c", "cpus:0.5;mem:64"));

        assertThat(launch.cgroupPaths()).containsExactly(container("c").toString());
        assertThat(Files.readString(container("c").resolve("cpu.weight"))).isEqualTo("20");
        assertThat(Files.readString(container("c").resolve("cpu.max"))).isEqualTo("50000 100000");
        assertThat(Files.readString(top.resolve("cgroup.subtree_control"))).isEqualTo("+cpu");
        assertThat(Files.readString(top.resolve("agora/cgroup.subtree_control"))).isEqualTo("+cpu");

        cpu.update(CgroupTestSupport.id("c"), Resources.parse("cpus:4;mem:64"));
        assertThat(Files.readString(container("c").resolve("cpu.weight"))).isEqualTo("157");
        assertThat(Files.readString(container("c").resolve("cpu.max"))).isEqualTo("400000 100000");

        Files.writeString(container("c").resolve("cpu.stat"),
                "usage_usec 3500000\nuser_usec 2500000\nsystem_usec 1000000\nnr_periods 10\nnr_throttled 2\n");
        ContainerUsage usage = cpu.usage(CgroupTestSupport.id("c"));
        assertThat(usage.cpusUserTimeSecs()).isEqualTo(2.5);
        assertThat(usage.cpusSystemTimeSecs()).isEqualTo(1.0);
        assertThat(usage.cpusLimit()).isEqualTo(4.0);
    }

    @Test
    void withoutCfsCpuMaxHasNoQuota() throws Exception {
        new CpuIsolator(cgroups, Map.of()).prepare(config("c", "cpus:1"));
        assertThat(Files.readString(container("c").resolve("cpu.max"))).isEqualTo("max 100000");
        assertThat(Files.readString(container("c").resolve("cpu.weight"))).isEqualTo("39");
    }

    @Test
    void memoryWritesMaxAndAnOomKillInMemoryEventsCompletesTheWatch() throws Exception {
        MemoryIsolator memory = new MemoryIsolator(cgroups, Map.of("oom.poll.ms", "10", "limit.swap", "true"));
        try {
            memory.prepare(config("m", "cpus:1;mem:128"));
            assertThat(Files.readString(container("m").resolve("memory.max"))).isEqualTo(Long.toString(128L << 20));
            assertThat(Files.readString(container("m").resolve("memory.swap.max"))).isEqualTo("0");

            Files.writeString(container("m").resolve("memory.events"), "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
            CompletableFuture<ContainerLimitation> watch = memory.watch(CgroupTestSupport.id("m"))
                    .toCompletableFuture();
            assertThat(memory.watch(CgroupTestSupport.id("m"))).isSameAs(watch);
            Files.writeString(container("m").resolve("memory.peak"), Long.toString(130L << 20));
            Files.writeString(container("m").resolve("memory.events"), "low 0\nhigh 0\nmax 9\noom 1\noom_kill 1\n");

            ContainerLimitation limitation = watch.get(10, TimeUnit.SECONDS);
            assertThat(limitation.reason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY);
            assertThat(limitation.message()).isEqualTo("memory limit 128 MB exceeded: the kernel's OOM killer "
                    + "killed 1 process(es) of the container (peak usage 130 MB)");

            Files.writeString(container("m").resolve("memory.stat"), "anon 7340032\nfile 1048576\nkernel 4096\n");
            ContainerUsage usage = memory.usage(CgroupTestSupport.id("m"));
            assertThat(usage.memRssBytes()).isEqualTo(7_340_032);
            assertThat(usage.memLimitBytes()).isEqualTo(128L << 20);
        } finally {
            memory.close();
        }
    }

    @Test
    void pidsWritesPidsMax() throws Exception {
        new PidsIsolator(cgroups, Map.of()).prepare(config("p", "cpus:1"));
        assertThat(Files.readString(container("p").resolve("pids.max"))).isEqualTo("4096");
    }

    @Test
    void ioWritesOneIoMaxLinePerDevice() throws Exception {
        IoIsolator io = new IoIsolator(cgroups, Map.of("read.bps.device", "8:0=1048576", "write.iops.device",
                "8:0=100"));
        io.validate();
        io.prepare(config("d", "cpus:1"));
        assertThat(Files.readString(container("d").resolve("io.max")))
                .isEqualTo("8:0 rbps=1048576 wbps=max riops=max wiops=100");
        assertThat(Files.readString(top.resolve("agora/cgroup.subtree_control"))).isEqualTo("+io");
    }

    @Test
    void theV1OnlyIsolatorsSayWhatToDoInstead() {
        assertThatThrownBy(new BlkioIsolator(cgroups, Map.of())::validate).isInstanceOf(IsolatorException.class)
                .hasMessageContaining("use the cgroups/io isolator instead");
        assertThatThrownBy(new DevicesIsolator(cgroups, Map.of())::validate).isInstanceOf(IsolatorException.class)
                .hasMessageContaining("cgroups/devices: not supported on cgroup v2")
                .hasMessageContaining("eBPF");
    }

    @Test
    void aControllerTheRootDoesNotListIsReportedWithTheFile() throws Exception {
        Files.writeString(top.resolve("cgroup.controllers"), "cpu pids\n");
        Cgroups fewer = new Cgroups(Hierarchy.at(top), "agora", Duration.ofSeconds(1));
        assertThatThrownBy(new MemoryIsolator(fewer, Map.of())::validate)
                .hasMessage("cgroups/mem: cgroup controller 'memory' is not available: it is not listed in "
                        + top.resolve("cgroup.controllers") + " (available: cpu, pids)");
    }
}
