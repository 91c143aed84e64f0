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
package org.agora.master.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agora.api.v1.Protos.DurationInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.MachineID;
import org.agora.api.v1.Protos.TimeInfo;
import org.agora.api.v1.Protos.Unavailability;
import org.agora.api.v1.allocator.Protos.InverseOfferStatus;
import org.agora.api.v1.maintenance.Protos.ClusterStatus;
import org.agora.api.v1.maintenance.Protos.Schedule;
import org.agora.api.v1.maintenance.Protos.Window;
import org.agora.master.internal.maintenance.MaintenanceReport;
import org.junit.jupiter.api.Test;

/** What {@code agora:maintenance} prints. */
class MaintenanceCommandTest {

    private static String printed(MaintenanceReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MaintenanceCommand.print(report, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eachScheduledMachineIsOneAlignedRowWithItsModeWindowAndAnswers() {
        MachineID a = MachineID.newBuilder().setHostname("node1").setIp("10.0.0.1").build();
        MachineID b = MachineID.newBuilder().setHostname("node22").setIp("10.0.0.22").build();
        Schedule schedule = Schedule.newBuilder().addWindows(Window.newBuilder().addMachineIds(a).addMachineIds(b)
                .setUnavailability(Unavailability.newBuilder()
                        .setStart(TimeInfo.newBuilder().setNanoseconds(1_796_126_400_000_000_000L))
                        .setDuration(DurationInfo.newBuilder().setNanoseconds(5_400_000_000_000L)))).build();
        ClusterStatus status = ClusterStatus.newBuilder().addDrainingMachines(ClusterStatus.DrainingMachine
                .newBuilder().setId(a).addStatuses(InverseOfferStatus.newBuilder()
                        .setStatus(InverseOfferStatus.Status.ACCEPT).setFrameworkId(FrameworkID.newBuilder()
                                .setValue("fw-1")).setTimestamp(TimeInfo.newBuilder().setNanoseconds(1))))
                .addDownMachines(b).build();

        List<String> lines = printed(new MaintenanceReport(schedule, status)).lines().toList();

        assertThat(lines.get(0)).startsWith("Machine").contains("Mode").contains("Inverse offers");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("node1/10.0.0.1").contains("DRAINING")
                .contains("2026-12-01T12:00:00Z").contains("1h30m").contains("fw-1 ACCEPT"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("node22/10.0.0.22").contains("DOWN"));
        int modeColumn = lines.get(0).indexOf("Mode");
        assertThat(lines.stream().filter(l -> l.contains("/10.0.0."))).allSatisfy(l -> assertThat(l.indexOf("D"))
                .isEqualTo(modeColumn));
    }

    @Test
    void nothingScheduledIsOneLine() {
        assertThat(printed(new MaintenanceReport(Schedule.getDefaultInstance(), ClusterStatus.getDefaultInstance())))
                .isEqualTo("No maintenance scheduled." + System.lineSeparator());
    }
}
