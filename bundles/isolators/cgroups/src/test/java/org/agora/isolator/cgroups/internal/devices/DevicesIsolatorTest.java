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
package org.agora.isolator.cgroups.internal.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agora.api.isolator.LaunchContribution;
import org.agora.isolator.cgroups.internal.CgroupTestSupport;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevicesIsolatorTest {
    private CgroupTestSupport machine;

    @BeforeEach
    void setUp() {
        machine = CgroupTestSupport.onThisMachine();
        assumeTrue(machine.cgroups.version() == CgroupVersion.V1,
                "skipped: cgroups/devices is v1 only (v2 needs eBPF; V2LayoutTest checks the refusal)");
        machine.assumeController("devices");
    }

    @AfterEach
    void tearDown() throws Exception {
        machine.close();
    }

    @Test
    void aContainerOpensTheAllowedDevicesAndNoOthers(@TempDir Path dir) throws Exception {
        DevicesIsolator isolator = new DevicesIsolator(machine.cgroups, Map.of());
        isolator.validate();
        LaunchContribution launch = isolator.prepare(machine.config("dev", "cpus:1"));
        assertThat(machine.cgroups.cgroup("devices", "dev").read("devices.list").split("\n"))
                .contains("c 1:3 rwm", "c 136:* rwm", "c *:* m").doesNotContain("a *:* rwm");

        // /dev/kmsg's numbers under another name: the devices controller judges by number, not by path
        Path kmsg = dir.resolve("kmsg");
        Process mknod = machine.start(List.of("mknod", kmsg.toString(), "c", "1", "11"));
        assertThat(mknod.waitFor()).isZero();
        // the same node opens outside the container, so a refusal inside is the cgroup's doing
        assertThat(machine.start(List.of("/bin/sh", "-c", ": < " + kmsg)).waitFor()).isZero();

        Process inside = machine.launch(": < /dev/null && echo null-ok; : < " + kmsg + " && echo kmsg-opened", launch);
        assertThat(inside.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String output = machine.output(2);
        assertThat(output).contains("null-ok").contains("Operation not permitted").doesNotContain("kmsg-opened");

        isolator.cleanup(CgroupTestSupport.id("dev"));
        assertThat(machine.cgroups.cgroup("devices", "dev").exists()).isFalse();
    }

    @Test
    void aMalformedRuleIsRejectedWhenConfigured() {
        assertThatThrownBy(() -> new DevicesIsolator(machine.cgroups, Map.of("allowed.devices", "c 1:3 rwm, c 195 rw")))
                .hasMessage("org.agora.isolator.cgroups.devices: allowed.devices entry 'c 195 rw' is not "
                        + "'<a|b|c> <major|*>:<minor|*> <rwm>', as in 'c 1:3 rwm'");
        assertThat(DeviceRules.parse("p", " c  195:* rwm ,, b 8:0 r")).containsExactly("c 195:* rwm", "b 8:0 r");
    }
}
