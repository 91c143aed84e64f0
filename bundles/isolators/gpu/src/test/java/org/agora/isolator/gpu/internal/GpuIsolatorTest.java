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
import java.util.concurrent.TimeUnit;
import org.agora.api.config.TypedConfig;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerState;
import org.agora.api.isolator.IsolatorException;
import org.agora.api.isolator.LaunchContribution;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No GPU here: the device files are real character devices made with mknod (major 195, as NVIDIA's) that no driver
 * serves, and the devices cgroup is the real v1 one. Opening an allowed node fails with ENXIO (no such device),
 * a denied one with EPERM: that difference is the kernel enforcing the isolation. On a GPU machine the same code
 * runs against /dev and nvidia-smi.
 */
class GpuIsolatorTest {
    @TempDir
    Path dev;

    private Path hierarchy;
    private final String root = "agora-test-" + UUID.randomUUID();

    @BeforeEach
    void fakeGpus() throws Exception {
        List<String> mountinfo = Files.readAllLines(Path.of("/proc/self/mountinfo"));
        Optional<Path> devices = DevicesCgroup.findHierarchy(mountinfo);
        assumeTrue(devices.isPresent(), "no cgroup v1 devices hierarchy here (cgroup v2 machine)");
        hierarchy = devices.get();
        for (int minor = 0; minor < 2; minor++) {
            mknod(dev.resolve("nvidia" + minor), 195, minor);
        }
        mknod(dev.resolve("nvidiactl"), 195, 255);
    }

    @AfterEach
    void removeCgroups() throws Exception {
        Path dir = hierarchy == null ? null : hierarchy.resolve(root);
        if (dir != null && Files.isDirectory(dir)) {
            try (var children = Files.list(dir)) {
                for (Path c : children.filter(Files::isDirectory).toList()) {
                    Files.deleteIfExists(c); // rmdir of a container cgroup (its processes have ended)
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void mknod(Path path, int major, int minor) throws Exception {
        Process p = new ProcessBuilder("mknod", path.toString(), "c", Integer.toString(major),
                Integer.toString(minor)).redirectErrorStream(true).start();
        assumeTrue(p.waitFor() == 0, "mknod failed (needs root): " + new String(p.getInputStream().readAllBytes()));
    }

    private GpuIsolator isolator() throws Exception {
        GpuConfig config = TypedConfig.read(GpuConfig.class, GpuIsolator.PID, Map.of("devices.dir", dev.toString(),
                "nvidia.smi", "", "cgroups.root", root));
        GpuIsolator i = new GpuIsolator(config, Files.readAllLines(Path.of("/proc/self/mountinfo")));
        i.validate();
        return i;
    }

    private ContainerConfig config(String id, double gpus) {
        return new ContainerConfig(ContainerID.newBuilder().setValue(id).build(),
                CommandInfo.newBuilder().setValue("true").build(),
                Resources.parse("cpus:1" + (gpus > 0 ? ";gpus:" + gpus : "")), dev, Optional.empty(),
                Optional.empty(), Map.of());
    }

    /** Opens {@code node} from a shell that first joined {@code cgroup}; returns what cat said. */
    private static String openFrom(String cgroup, Path node) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", "echo $$ > '" + cgroup + "/cgroup.procs' && exec cat '"
                + node + "'").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void aContainerCanOpenItsGpuAndNoOther() throws Exception {
        GpuIsolator gpus = isolator();
        assertThat(gpus.gpus()).extracting(Gpu::minor).containsExactly(0, 1);

        LaunchContribution first = gpus.prepare(config("first", 1));
        assertThat(first.environment()).containsEntry("NVIDIA_VISIBLE_DEVICES", "0");
        String cgroup = first.cgroupPaths().get(0);
        assertThat(Files.readAllLines(Path.of(cgroup, "devices.list"))).contains("c 195:0 rwm", "c 195:255 rwm")
                .doesNotContain("c 195:1 rwm");
        assertThat(openFrom(cgroup, dev.resolve("nvidia0"))).contains("No such device or address");
        assertThat(openFrom(cgroup, dev.resolve("nvidia1"))).contains("Operation not permitted");

        LaunchContribution cpuOnly = gpus.prepare(config("cpu-only", 0));
        assertThat(cpuOnly.environment()).doesNotContainKey("NVIDIA_VISIBLE_DEVICES");
        assertThat(openFrom(cpuOnly.cgroupPaths().get(0), dev.resolve("nvidia0"))).contains("Operation not permitted");
        assertThat(openFrom(cpuOnly.cgroupPaths().get(0), Path.of("/dev/null"))).isEmpty();
    }

    @Test
    void gpusAreNotHandedOutTwiceAndComeBackOnCleanupOrAfterRecovery() throws Exception {
        GpuIsolator gpus = isolator();
        assertThat(gpus.prepare(config("a", 1)).environment()).containsEntry("NVIDIA_VISIBLE_DEVICES", "0");
        assertThat(gpus.prepare(config("b", 1)).environment()).containsEntry("NVIDIA_VISIBLE_DEVICES", "1");
        assertThatThrownBy(() -> gpus.prepare(config("c", 1))).isInstanceOf(IsolatorException.class)
                .hasMessageContaining("asks for 1 GPUs but 0 of 2 are free");
        assertThatThrownBy(() -> gpus.prepare(config("half", 0.5))).isInstanceOf(IsolatorException.class)
                .hasMessageContaining("GPUs are whole");

        // a new instance (agent restart, bundle upgrade) learns who holds what from the cgroups themselves
        GpuIsolator upgraded = isolator();
        upgraded.recover(List.of(state("a"), state("b")));
        assertThatThrownBy(() -> upgraded.prepare(config("c", 1))).isInstanceOf(IsolatorException.class);
        upgraded.cleanup(ContainerID.newBuilder().setValue("a").build());
        assertThat(upgraded.prepare(config("c", 1)).environment()).containsEntry("NVIDIA_VISIBLE_DEVICES", "0");

        // recovering without 'b' treats its cgroup as a leftover and removes it
        upgraded.recover(List.of(state("c")));
        assertThat(Files.exists(hierarchy.resolve(root).resolve("b"))).isFalse();
    }

    private ContainerState state(String id) {
        return new ContainerState(ContainerID.newBuilder().setValue(id).build(), 1, dev, Resources.parse("gpus:1"));
    }

    @Test
    void noGpuOrNoDevicesControllerIsReportedAtStart() throws Exception {
        Path empty = Files.createDirectories(dev.resolve("empty"));
        GpuConfig none = TypedConfig.read(GpuConfig.class, GpuIsolator.PID, Map.of("devices.dir", empty.toString(),
                "nvidia.smi", ""));
        assertThatThrownBy(() -> new GpuIsolator(none, Files.readAllLines(Path.of("/proc/self/mountinfo")))
                .validate()).isInstanceOf(IsolatorException.class).hasMessageContaining("found no NVIDIA GPU");
        assertThatThrownBy(() -> new GpuIsolator(none, List.of()).validate()).isInstanceOf(IsolatorException.class)
                .hasMessageContaining("cgroup v1 devices controller");
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
