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
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.isolator.Isolator;
import org.agora.api.isolator.LaunchContribution;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.isolator.cgroups.internal.cpu.CpuIsolator;
import org.agora.isolator.cgroups.internal.devices.DevicesIsolator;
import org.agora.isolator.cgroups.internal.hierarchy.Cgroup;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.agora.isolator.cgroups.internal.memory.MemoryIsolator;
import org.agora.isolator.cgroups.internal.pids.PidsIsolator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The containerizer calls isolators for different containers at the same time (calls for one container never
 * overlap). Many containers go through the whole life at once here, on real cgroups with real processes: each must
 * end up with its own limits and its own process, and every cgroup must be gone at the end.
 */
class ConcurrentContainersTest {
    private static final int CONTAINERS = 24;
    private static final int THREADS = 8;

    private CgroupTestSupport machine;
    private final List<Isolator> isolators = new ArrayList<>();
    private MemoryIsolator memory;
    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        machine = CgroupTestSupport.onThisMachine().assumeController("cpu").assumeController("memory")
                .assumeController("pids");
        isolators.add(new CpuIsolator(machine.cgroups, Map.of()));
        memory = new MemoryIsolator(machine.cgroups, Map.of("oom.poll.ms", 20));
        isolators.add(memory);
        isolators.add(new PidsIsolator(machine.cgroups, Map.of("max.processes", 64)));
        if (machine.cgroups.version() == CgroupVersion.V1 && machine.hierarchy.has("devices")) {
            isolators.add(new DevicesIsolator(machine.cgroups, Map.of()));
        }
        isolators.forEach(Isolator::validate);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void tearDown() throws Exception {
        pool.shutdownNow();
        memory.close();
        machine.close();
    }

    @RepeatedTest(3)
    void containersPreparedIsolatedAndCleanedUpAtOnceEachKeepTheirOwnCgroupsAndLimits() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> lives = new ArrayList<>();
        for (int i = 0; i < CONTAINERS; i++) {
            int n = i;
            lives.add(pool.submit(() -> {
                go.await();
                return live("c" + n, 32 + n);
            }));
        }
        go.countDown();
        List<Long> pids = new ArrayList<>();
        for (Future<Long> life : lives) {
            pids.add(life.get(60, TimeUnit.SECONDS));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> pids.stream().allMatch(CgroupTestSupport::gone));
        for (Cgroup root : machine.testRoots()) {
            assertThat(root.children()).as("container cgroups left under %s", root).isEmpty();
        }
    }

    /** One container's whole life, on one thread: its calls are in order, as the containerizer makes them. */
    private long live(String name, int memMb) throws Exception {
        ContainerID id = CgroupTestSupport.id(name);
        Resources resources = Resources.parse("cpus:0.25;mem:" + memMb);
        List<LaunchContribution> contributions = new ArrayList<>();
        for (Isolator i : isolators) {
            contributions.add(i.prepare(machine.config(name, "cpus:0.25;mem:" + memMb)));
        }
        Process p = machine.launch("exec sleep 60", contributions.toArray(LaunchContribution[]::new));
        for (Isolator i : isolators) {
            i.isolate(id, p.pid());
            i.watch(id);
        }
        // the process is in this container's cgroups, and in no other container's
        for (Path dir : machine.cgroups.launchPaths(List.of("cpu", "memory", "pids"), name)) {
            assertThat(new Cgroup(dir).pids()).as("processes of %s", dir).containsExactly(p.pid());
        }
        Cgroup mem = machine.cgroups.cgroup("memory", name);
        String limitFile = machine.cgroups.version() == CgroupVersion.V1 ? "memory.limit_in_bytes" : "memory.max";
        assertThat(mem.readLong(limitFile)).isEqualTo((long) memMb << 20);
        ContainerUsage usage = memory.usage(id);
        assertThat(usage.memLimitBytes()).isEqualTo((long) memMb << 20);
        assertThat(usage.processes()).isEqualTo(1);

        memory.update(id, resources.plus(Resources.parse("mem:16")));
        assertThat(mem.readLong(limitFile)).isEqualTo((long) (memMb + 16) << 20);

        for (Isolator i : isolators) {
            i.cleanup(id);
        }
        for (Path dir : machine.cgroups.launchPaths(List.of("cpu", "memory", "pids"), name)) {
            assertThat(new Cgroup(dir).exists()).as("%s removed", dir).isFalse();
        }
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("container %s's process killed by cleanup", name).isTrue();
        return p.pid();
    }
}
