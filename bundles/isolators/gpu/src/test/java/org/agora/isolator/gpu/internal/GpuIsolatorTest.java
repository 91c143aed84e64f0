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
package org.agora.isolator.gpu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.agora.api.config.TypedConfig;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerState;
import org.agora.api.isolator.IsolatorException;
import org.agora.api.isolator.LaunchContribution;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.isolator.cgroups.internal.Cgroups;
import org.agora.isolator.cgroups.internal.devices.DevicesIsolator;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.agora.isolator.cgroups.internal.hierarchy.Hierarchy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No GPU here: the device files are real character devices made with mknod (major 195, as NVIDIA's) that no driver
 * serves, and the devices cgroups are the real v1 ones, set up by the real {@code cgroups/devices} isolator that
 * {@code gpu/nvidia} builds on. Opening an allowed node fails with ENXIO (no such device), a denied one with EPERM:
 * that difference is the kernel enforcing the isolation. On a GPU machine the same code runs against /dev and
 * nvidia-smi.
 */
class GpuIsolatorTest {
    private static final int GPUS = 4;

    @TempDir
    Path dev;

    private Cgroups cgroups;
    private DevicesIsolator devices;
    private final String root = "agora-test-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void fakeGpus() throws Exception {
        Hierarchy hierarchy = Hierarchy.discover(Path.of("/proc/self/mountinfo"));
        assumeTrue(hierarchy.version() == CgroupVersion.V1 && hierarchy.has("devices"),
                "no cgroup v1 devices hierarchy here (cgroup v2 machine)");
        cgroups = new Cgroups(hierarchy, root, Duration.ofSeconds(10));
        devices = new DevicesIsolator(cgroups, Map.of());
        for (int minor = 0; minor < GPUS; minor++) {
            mknod(dev.resolve("nvidia" + minor), 195, minor);
        }
        mknod(dev.resolve("nvidiactl"), 195, 255);
    }

    @AfterEach
    void removeCgroups() {
        if (cgroups == null) {
            return;
        }
        for (String container : cgroups.containers(List.of("devices"))) {
            devices.cleanup(id(container)); // kills what is left, removes the devices and freezer cgroups
        }
        for (String controller : List.of("devices", "freezer")) {
            if (cgroups.hierarchy().has(controller)) {
                cgroups.rootCgroup(controller).remove();
            }
        }
    }

    private static void mknod(Path path, int major, int minor) throws Exception {
        Process p = new ProcessBuilder("mknod", path.toString(), "c", Integer.toString(major),
                Integer.toString(minor)).redirectErrorStream(true).start();
        assumeTrue(p.waitFor() == 0, "mknod failed (needs root): " + new String(p.getInputStream().readAllBytes()));
    }

    private GpuIsolator isolator() {
        GpuConfig config = TypedConfig.read(GpuConfig.class, GpuIsolator.PID, Map.of("devices.dir", dev.toString(),
                "nvidia.smi", ""));
        GpuIsolator i = new GpuIsolator(config, devices);
        i.validate();
        return i;
    }

    private static ContainerID id(String value) {
        return ContainerID.newBuilder().setValue(value).build();
    }

    private ContainerConfig config(String id, double gpus) {
        return new ContainerConfig(id(id), CommandInfo.newBuilder().setValue("true").build(),
                Resources.parse("cpus:1" + (gpus > 0 ? ";gpus:" + gpus : "")), dev, Optional.empty(),
                Optional.empty(), Map.of());
    }

    /** Both isolators prepare the container, in the containerizer's order; the paths the launcher joins. */
    private List<String> prepare(GpuIsolator gpus, String id, double wanted, Map<String, String> env) {
        List<String> paths = new ArrayList<>(devices.prepare(config(id, wanted)).cgroupPaths());
        LaunchContribution gpu = gpus.prepare(config(id, wanted));
        paths.addAll(gpu.cgroupPaths());
        env.putAll(gpu.environment());
        return paths;
    }

    /** Opens {@code node} from a shell that first joined {@code cgroups}; returns what cat said. */
    private static String openFrom(List<String> cgroups, Path node) throws Exception {
        StringBuilder join = new StringBuilder();
        cgroups.forEach(c -> join.append("echo $$ > '").append(c).append("/cgroup.procs' && "));
        Process p = new ProcessBuilder("/bin/sh", "-c", join + "exec cat '" + node + "'").redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void withCgroupsDevicesAContainerKeepsTheDefaultDevicesAndOpensItsGpuAndNoOther() throws Exception {
        GpuIsolator gpus = isolator();
        assertThat(gpus.gpus()).extracting(Gpu::minor).containsExactly(0, 1, 2, 3);

        Map<String, String> env = new java.util.HashMap<>();
        List<String> first = prepare(gpus, "first", 1, env);
        assertThat(env).containsEntry("NVIDIA_VISIBLE_DEVICES", "0");
        assertThat(first).as("one devices cgroup, cgroups/devices' (and the freezer)").hasSize(2);
        // one list: cgroups/devices' defaults and the GPU, neither erased by the other
        assertThat(devices.allowed("first")).contains("c 1:3 rwm", "c 136:* rwm", "c 195:0 rwm", "c 195:255 rwm")
                .doesNotContain("c 195:1 rwm", "a *:* rwm");
        assertThat(openFrom(first, dev.resolve("nvidia0"))).contains("No such device or address");
        assertThat(openFrom(first, dev.resolve("nvidia1"))).contains("Operation not permitted");
        assertThat(openFrom(first, Path.of("/dev/null"))).isEmpty();

        Map<String, String> none = new java.util.HashMap<>();
        List<String> cpuOnly = prepare(gpus, "cpu-only", 0, none);
        assertThat(none).doesNotContainKey("NVIDIA_VISIBLE_DEVICES");
        assertThat(openFrom(cpuOnly, dev.resolve("nvidia0"))).contains("Operation not permitted");
        assertThat(openFrom(cpuOnly, Path.of("/dev/null"))).isEmpty();
    }

    @Test
    void withoutADevicesCgroupTheLaunchFailsSayingCgroupsDevicesIsNeededAndTheGpuStaysFree() {
        GpuIsolator gpus = isolator();
        assertThatThrownBy(() -> gpus.prepare(config("alone", 1))).isInstanceOf(IsolatorException.class)
                .hasMessageContaining("gpu/nvidia: container alone").hasMessageContaining("no devices cgroup")
                .hasMessageContaining("cgroups/devices must be in the agent's isolation");
        Map<String, String> env = new java.util.HashMap<>();
        prepare(gpus, "next", 1, env);
        assertThat(env).containsEntry("NVIDIA_VISIBLE_DEVICES", "0");
    }

    @Test
    void gpusAreNotHandedOutTwiceAndComeBackOnCleanupOrAfterRecovery() {
        GpuIsolator gpus = isolator();
        for (int i = 0; i < GPUS; i++) {
            Map<String, String> env = new java.util.HashMap<>();
            prepare(gpus, "c" + i, 1, env);
            assertThat(env).containsEntry("NVIDIA_VISIBLE_DEVICES", Integer.toString(i));
        }
        devices.prepare(config("more", 1));
        assertThatThrownBy(() -> gpus.prepare(config("more", 1))).isInstanceOf(IsolatorException.class)
                .hasMessageContaining("asks for 1 GPUs but 0 of 4 are free");
        assertThatThrownBy(() -> gpus.prepare(config("half", 0.5))).isInstanceOf(IsolatorException.class)
                .hasMessageContaining("GPUs are whole");

        // a new instance (agent restart, bundle upgrade) learns who holds what from the devices cgroups themselves
        GpuIsolator upgraded = isolator();
        List<ContainerState> running = List.of(state("c0"), state("c1"), state("c2"), state("c3"), state("more"));
        devices.recover(running);
        upgraded.recover(running);
        assertThatThrownBy(() -> upgraded.prepare(config("more", 1))).isInstanceOf(IsolatorException.class);
        upgraded.cleanup(id("c1"));
        devices.cleanup(id("c1"));
        assertThat(upgraded.prepare(config("more", 1)).environment()).containsEntry("NVIDIA_VISIBLE_DEVICES", "1");
    }

    /** The containerizer prepares different containers at once: still no GPU goes to two of them. */
    @Test
    void containersPreparedAtOnceNeverShareAGpu() throws Exception {
        GpuIsolator gpus = isolator();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> asks = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String name = "w" + i;
                asks.add(pool.submit(() -> {
                    go.await();
                    Map<String, String> env = new java.util.HashMap<>();
                    try {
                        prepare(gpus, name, 1, env);
                    } catch (IsolatorException e) {
                        assertThat(e.getMessage()).contains("are free");
                        return null;
                    }
                    // the container's own list names its GPU and no other
                    List<String> gpuRules = devices.allowed(name).stream().filter(r -> r.startsWith("c 195:")
                            && !r.equals("c 195:255 rwm")).toList();
                    assertThat(gpuRules).containsExactly("c 195:" + env.get("NVIDIA_VISIBLE_DEVICES") + " rwm");
                    return env.get("NVIDIA_VISIBLE_DEVICES");
                }));
            }
            go.countDown();
            List<String> given = new ArrayList<>();
            for (Future<String> ask : asks) {
                String gpu = ask.get(60, TimeUnit.SECONDS);
                if (gpu != null) {
                    given.add(gpu);
                }
            }
            assertThat(given).containsExactlyInAnyOrder("0", "1", "2", "3");
        } finally {
            pool.shutdownNow();
        }
    }

    private ContainerState state(String id) {
        return new ContainerState(id(id), 1, dev, Resources.parse("gpus:1"));
    }

    @Test
    void noGpuIsReportedAtStart() throws Exception {
        Path empty = Files.createDirectories(dev.resolve("empty"));
        GpuConfig none = TypedConfig.read(GpuConfig.class, GpuIsolator.PID, Map.of("devices.dir", empty.toString(),
                "nvidia.smi", ""));
        assertThatThrownBy(() -> new GpuIsolator(none, devices).validate()).isInstanceOf(IsolatorException.class)
                .hasMessageContaining("found no NVIDIA GPU");
    }

    @Test
    void nvidiaSmiQueryTiesUuidsToMinorNumbers() {
        String out = """
                GPU 00000000:4F:00.0
                    Product Name                          : NVIDIA A40
                    GPU UUID                              : GPU-1b724e78-eef5-4163-d43c-e4da15d41176
                    Minor Number                          : 3
                GPU 00000000:52:00.0
                    GPU UUID                              : GPU-22222222-eef5-4163-d43c-e4da15d41176
                    Minor Number                          : N/A
                """;
        assertThat(GpuDiscovery.parseQuery(out)).containsExactly(
                Map.entry(3, "GPU-1b724e78-eef5-4163-d43c-e4da15d41176"));
    }
}
