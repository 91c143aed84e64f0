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
package org.agora.master.internal.maintenance;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.agora.api.v1.Protos.MachineID;
import org.agora.api.v1.Protos.Unavailability;
import org.agora.api.v1.maintenance.Protos.Schedule;
import org.agora.api.v1.maintenance.Protos.Window;

/**
 * The checks Mesos makes of a schedule and of a list of machines, each failure an {@link IllegalArgumentException}
 * whose message names the field (as the JSON spells it) and the machine.
 */
final class MaintenanceChecks {

    private MaintenanceChecks() {
    }

    /**
     * A schedule: every window has machines and an unavailability that does not end before it starts; every machine
     * has a hostname or a well-formed IP and appears once in the whole schedule; every DOWN machine stays in it.
     */
    static void schedule(Schedule schedule, Set<Machine> down) {
        Set<Machine> seen = new HashSet<>();
        for (int w = 0; w < schedule.getWindowsCount(); w++) {
            Window window = schedule.getWindows(w);
            String field = "schedule.windows[" + w + "]";
            if (window.getMachineIdsCount() == 0) {
                throw new IllegalArgumentException("'" + field + ".machine_ids' is empty: a window names at least one "
                        + "machine");
            }
            unavailability(window.getUnavailability(), field + ".unavailability");
            for (int m = 0; m < window.getMachineIdsCount(); m++) {
                String machineField = field + ".machine_ids[" + m + "]";
                Machine machine = machine(window.getMachineIds(m), machineField);
                if (!seen.add(machine)) {
                    throw new IllegalArgumentException("'" + machineField + "': machine " + machine + " appears more "
                            + "than once in the schedule");
                }
            }
        }
        for (Machine m : down) {
            if (!seen.contains(m)) {
                throw new IllegalArgumentException("'schedule.windows': machine " + m + " is DOWN and must stay in the "
                        + "schedule (STOP_MAINTENANCE brings it up and takes it out)");
            }
        }
    }

    /** A list of machines for START_MAINTENANCE or STOP_MAINTENANCE: not empty, each well-formed and listed once. */
    static List<Machine> machines(List<MachineID> ids, String field) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("'" + field + "' is empty: name at least one machine");
        }
        Set<Machine> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            Machine m = machine(ids.get(i), field + "[" + i + "]");
            if (!seen.add(m)) {
                throw new IllegalArgumentException("'" + field + "[" + i + "]': machine " + m + " is listed twice");
            }
        }
        return ids.stream().map(Machine::of).toList();
    }

    private static void unavailability(Unavailability u, String field) {
        if (!u.hasStart()) {
            throw new IllegalArgumentException("'" + field + ".start' is missing");
        }
        if (u.hasDuration() && u.getDuration().getNanoseconds() < 0) {
            throw new IllegalArgumentException("'" + field + ".duration' is negative (" + u.getDuration()
                    .getNanoseconds() + " ns): the window would end before it starts");
        }
    }

    private static Machine machine(MachineID id, String field) {
        if (id.getHostname().isBlank() && id.getIp().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' has neither a hostname nor an ip");
        }
        if (!id.getIp().isEmpty() && !isIp(id.getIp())) {
            throw new IllegalArgumentException("'" + field + ".ip' is not an IP address: '" + id.getIp() + "'");
        }
        return Machine.of(id);
    }

    /** An IPv4 dotted quad or an IPv6 literal; never resolves a name. */
    static boolean isIp(String s) {
        if (s.contains(":")) {
            if (!s.matches("[0-9A-Fa-f:.]+")) {
                return false;
            }
            try {
                java.net.InetAddress.getByName(s); // a literal of hex digits and colons is parsed, never looked up
                return true;
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
