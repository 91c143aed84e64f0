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
package org.agora.isolator.cgroups.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agora.api.containerizer.ContainerLimitation;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.isolator.LaunchContribution;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.isolator.cgroups.internal.CgroupTestSupport;
import org.agora.isolator.cgroups.internal.hierarchy.Cgroup;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemoryIsolatorTest {
    private CgroupTestSupport machine;
    private MemoryIsolator isolator;

    @BeforeEach
    void setUp() {
        machine = CgroupTestSupport.onThisMachine().assumeController("memory");
        isolator = new MemoryIsolator(machine.cgroups, Map.of("oom.poll.ms", 20));
        isolator.validate();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (isolator != null) {
            isolator.close();
        }
        machine.close();
    }

    @Test
    void aProcessAllocatingMoreThanItsMemIsOomKilledAndWatchReportsTheMemoryLimitation() throws Exception {
        LaunchContribution launch = isolator.prepare(machine.config("oom", "cpus:1;mem:64"));
        CompletableFuture<ContainerLimitation> watch = isolator.watch(CgroupTestSupport.id("oom"))
                .toCompletableFuture();

        // tail keeps a "line" it never sees the end of: 200 MB of zeros, three times the limit
        Process hog = machine.launch("head -c 200m /dev/zero | tail", launch);

        ContainerLimitation limitation = watch.get(30, TimeUnit.SECONDS);
        assertThat(limitation.reason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY);
        assertThat(limitation.message()).contains("memory limit 64 MB exceeded").contains("OOM killer");
        assertThat(limitation.resources()).isEqualTo(Resources.parse("mem:64"));
        assertThat(hog.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(hog.exitValue()).as("the pipeline's status: tail killed by SIGKILL").isEqualTo(128 + 9);

        isolator.cleanup(CgroupTestSupport.id("oom"));
        assertThat(machine.cgroups.cgroup("memory", "oom").exists()).isFalse();
    }

    @Test
    void theLimitComesFromMemAndUsageReportsResidentMemoryAndProcesses() {
        LaunchContribution launch = isolator.prepare(machine.config("c1", "cpus:1;mem:100"));
        Cgroup cgroup = machine.cgroups.cgroup("memory", "c1");
        String limitFile = machine.cgroups.version() == CgroupVersion.V1 ? "memory.limit_in_bytes" : "memory.max";
        assertThat(cgroup.readLong(limitFile)).isEqualTo(100L << 20);
        assertThat(launch.cgroupPaths()).contains(cgroup.dir().toString());

        // 20 MB held by tail while sleep keeps the pipeline alive
        machine.launch("(head -c 20m /dev/zero; sleep 600) | tail", launch);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> isolator.usage(CgroupTestSupport.id("c1")).memRssBytes() > 20L << 20);

        ContainerUsage usage = isolator.usage(CgroupTestSupport.id("c1"));
        assertThat(usage.memLimitBytes()).isEqualTo(100L << 20);
        assertThat(usage.processes()).isGreaterThanOrEqualTo(3);
        assertThat(usage.cpusUserTimeSecs()).isEqualTo(-1);

        isolator.update(CgroupTestSupport.id("c1"), Resources.parse("cpus:1;mem:150"));
        assertThat(cgroup.readLong(limitFile)).isEqualTo(150L << 20);

        isolator.cleanup(CgroupTestSupport.id("c1"));
        assertThat(cgroup.exists()).isFalse();
    }

    @Test
    void aMemBelowMesosFloorGets32Mb() {
        assertThat(MemoryIsolator.limitBytes(1)).isEqualTo(32L << 20);
        assertThat(MemoryIsolator.limitBytes(64.5)).isEqualTo((long) (64.5 * 1024 * 1024));
    }
}
