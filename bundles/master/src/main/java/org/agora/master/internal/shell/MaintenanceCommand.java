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

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.agora.api.v1.Protos.MachineID;
import org.agora.api.v1.allocator.Protos.InverseOfferStatus;
import org.agora.api.v1.maintenance.Protos.ClusterStatus;
import org.agora.api.v1.maintenance.Protos.Window;
import org.agora.master.internal.MasterView;
import org.agora.master.internal.maintenance.MaintenanceReport;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code agora:maintenance}: every machine of the maintenance schedule with its mode (DRAINING or DOWN), its window,
 * and the frameworks' answers to the inverse offers for its agents. Changes go through the operator API.
 */
@Command(scope = "agora", name = "maintenance", description = "Lists the machines of the maintenance schedule with "
        + "their mode, window and the frameworks' answers to inverse offers.")
@Service
public class MaintenanceCommand implements Action {

    @Reference
    MasterView master;

    @Override
    public Object execute() throws Exception {
        MaintenanceReport report;
        try {
            report = master.maintenance().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            System.out.println("Error: " + e.getCause().getMessage());
            return null;
        } catch (TimeoutException e) {
            System.out.println("Error: the master did not answer within 10 s");
            return null;
        }
        print(report, System.out);
        return null;
    }

    /** The report as one aligned table, or one line when nothing is scheduled. */
    static void print(MaintenanceReport report, PrintStream out) {
        if (report.schedule().getWindowsCount() == 0) {
            out.println("No maintenance scheduled.");
            return;
        }
        Set<String> down = new HashSet<>();
        report.status().getDownMachinesList().forEach(m -> down.add(name(m)));
        Map<String, List<InverseOfferStatus>> answers = new HashMap<>();
        for (ClusterStatus.DrainingMachine m : report.status().getDrainingMachinesList()) {
            answers.put(name(m.getId()), m.getStatusesList());
        }
        ShellTable table = new ShellTable();
        table.column("Machine");
        table.column("Mode");
        table.column("Start (UTC)");
        table.column("Duration");
        table.column("Inverse offers");
        for (Window w : report.schedule().getWindowsList()) {
            for (MachineID id : w.getMachineIdsList()) {
                String name = name(id);
                long start = w.getUnavailability().getStart().getNanoseconds();
                table.addRow().addContent(name, down.contains(name) ? "DOWN" : "DRAINING",
                        Instant.ofEpochSecond(Math.floorDiv(start, 1_000_000_000L), Math.floorMod(start,
                                1_000_000_000L)).toString(),
                        w.getUnavailability().hasDuration() ? Duration.ofNanos(w.getUnavailability().getDuration()
                                .getNanoseconds()).toString().substring(2).toLowerCase() : "open-ended",
                        answers.getOrDefault(name, List.of()).stream().map(s -> s.getFrameworkId().getValue() + " "
                                + s.getStatus()).collect(Collectors.joining(", ")));
            }
        }
        table.print(out);
    }

    private static String name(MachineID id) {
        return id.getHostname() + "/" + id.getIp();
    }
}
