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
package org.agora.isolator.cgroups.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.agora.api.config.TypedConfig;
import org.agora.isolator.cgroups.internal.CgroupTestSupport;
import org.agora.isolator.cgroups.internal.hierarchy.Cgroup;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlkioIsolatorTest {
    private CgroupTestSupport machine;

    @BeforeEach
    void setUp() {
        machine = CgroupTestSupport.onThisMachine();
        assumeTrue(machine.cgroups.version() == CgroupVersion.V1,
                "skipped: cgroups/blkio is v1 only (V2LayoutTest covers cgroups/io's io.max)");
        machine.assumeController("blkio");
    }

    @AfterEach
    void tearDown() throws Exception {
        machine.close();
    }

    /** A real block device's major:minor: the kernel refuses throttles for devices that do not exist. */
    private static Optional<String> someBlockDevice() throws IOException {
        try (Stream<Path> devices = Files.list(Path.of("/sys/block"))) {
            for (Path device : devices.sorted().toList()) {
                if (Files.exists(device.resolve("dev")) && !device.getFileName().toString().startsWith("zram")) {
                    return Optional.of(Files.readString(device.resolve("dev")).strip());
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void theConfiguredThrottlesAreWrittenPerDevice() throws Exception {
        Optional<String> device = someBlockDevice();
        assumeTrue(device.isPresent(), "skipped: no block device in /sys/block");
        BlkioIsolator isolator = new BlkioIsolator(machine.cgroups, Map.of(
                "read.bps.device", device.get() + "=1048576", "write.iops.device", device.get() + "=50"));
        isolator.validate();
        isolator.prepare(machine.config("b", "cpus:1"));

        Cgroup cgroup = machine.cgroups.cgroup("blkio", "b");
        assertThat(cgroup.read("blkio.throttle.read_bps_device")).isEqualTo(device.get() + " 1048576");
        assertThat(cgroup.read("blkio.throttle.write_iops_device")).isEqualTo(device.get() + " 50");
        assertThat(cgroup.read("blkio.throttle.write_bps_device")).as("0 means no limit: nothing listed").isEmpty();
        isolator.cleanup(CgroupTestSupport.id("b"));
    }

    @Test
    void aDeviceTheKernelDoesNotKnowFailsPrepareNamingTheFile() {
        BlkioIsolator isolator = new BlkioIsolator(machine.cgroups, Map.of("read.bps.device", "4095:4095=1"));
        assertThatThrownBy(() -> isolator.prepare(machine.config("b", "cpus:1")))
                .hasMessageStartingWith("cgroups/blkio: container b: cannot write '4095:4095 1' to ")
                .hasMessageContaining("blkio.throttle.read_bps_device");
        isolator.cleanup(CgroupTestSupport.id("b"));
    }

    @Test
    void throttlesParseMajorMinorEqualsNumberAndNameTheBadEntry() {
        Throttles t = Throttles.parse("pid", TypedConfig.read(ThrottleConfig.class, "pid",
                Map.of("read.bps.device", "8:0=10, 8:16 = 20", "write.bps.device", "8:0=30")));
        assertThat(t.devices()).containsEntry("8:0", new Throttles.Limits(10, 30, 0, 0))
                .containsEntry("8:16", new Throttles.Limits(20, 0, 0, 0));
        assertThatThrownBy(() -> new BlkioIsolator(machine.cgroups, Map.of("write.iops.device", "sda=5")))
                .hasMessage("org.agora.isolator.cgroups.blkio: write.iops.device entry 'sda=5' is not "
                        + "major:minor=number");
        assertThat(IoIsolator.ioMax("8:0", new Throttles.Limits(10, 0, 0, 7)))
                .isEqualTo("8:0 rbps=10 wbps=max riops=max wiops=7");
    }
}
