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

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.agora.api.registry.RegistryProtos.Maintenance;
import org.agora.api.v1.Protos.MachineID;
import org.agora.api.v1.Protos.MachineInfo;
import org.agora.api.v1.Protos.Unavailability;
import org.agora.api.v1.maintenance.Protos.Schedule;
import org.agora.api.v1.maintenance.Protos.Window;

/**
 * The operator's maintenance at one moment, immutable: the schedule, and which of its machines are DOWN. A machine
 * of the schedule that is not DOWN is DRAINING; a machine outside the schedule is UP (DOWN machines are always in
 * it). Hostnames are lower-case.
 */
public final class MachineModes {
    public static final MachineModes NONE = new MachineModes(Schedule.getDefaultInstance(), Set.of());

    private final Schedule schedule;
    private final Map<Machine, Unavailability> scheduled = new LinkedHashMap<>();
    private final Set<Machine> down;

    private MachineModes(Schedule schedule, Set<Machine> down) {
        this.schedule = schedule;
        for (Window w : schedule.getWindowsList()) {
            w.getMachineIdsList().forEach(id -> scheduled.put(Machine.of(id), w.getUnavailability()));
        }
        this.down = Collections.unmodifiableSet(new LinkedHashSet<>(down));
    }

    /** What the registry holds. */
    public static MachineModes of(Maintenance record) {
        Set<Machine> down = new LinkedHashSet<>();
        record.getDownMachinesList().forEach(id -> down.add(Machine.of(id)));
        return new MachineModes(lowerCase(record.getSchedule()), down);
    }

    /** A new schedule, checked ({@link IllegalArgumentException} naming the field); DOWN machines stay DOWN. */
    MachineModes withSchedule(Schedule next) {
        MaintenanceChecks.schedule(next, down);
        return new MachineModes(lowerCase(next), down);
    }

    /** {@code machines} (DRAINING ones of the schedule) are DOWN. */
    MachineModes withDown(Set<Machine> machines) {
        Set<Machine> next = new LinkedHashSet<>(down);
        next.addAll(machines);
        return new MachineModes(schedule, next);
    }

    /** {@code machines} (DOWN ones) are UP: out of the schedule, and windows left without machines are dropped. */
    MachineModes withUp(Set<Machine> machines) {
        Schedule.Builder next = Schedule.newBuilder();
        for (Window w : schedule.getWindowsList()) {
            Window.Builder kept = w.toBuilder().clearMachineIds();
            w.getMachineIdsList().stream().filter(id -> !machines.contains(Machine.of(id))).forEach(
                    kept::addMachineIds);
            if (kept.getMachineIdsCount() > 0) {
                next.addWindows(kept);
            }
        }
        Set<Machine> stillDown = new LinkedHashSet<>(down);
        stillDown.removeAll(machines);
        return new MachineModes(next.build(), stillDown);
    }

    public Schedule schedule() {
        return schedule;
    }

    public MachineInfo.Mode mode(Machine m) {
        return down.contains(m) ? MachineInfo.Mode.DOWN
                : scheduled.containsKey(m) ? MachineInfo.Mode.DRAINING : MachineInfo.Mode.UP;
    }

    /** The machine's window, while it is scheduled (DRAINING or DOWN). */
    public Optional<Unavailability> unavailability(Machine m) {
        return Optional.ofNullable(scheduled.get(m));
    }

    /** Every machine of the schedule, in its order. */
    public Set<Machine> scheduled() {
        return Collections.unmodifiableSet(scheduled.keySet());
    }

    public Set<Machine> down() {
        return down;
    }

    /** What to write to the registry. */
    public Maintenance toRecord() {
        Maintenance.Builder b = Maintenance.newBuilder().setSchedule(schedule);
        down.forEach(m -> b.addDownMachines(m.toProto()));
        return b.build();
    }

    private static Schedule lowerCase(Schedule s) {
        Schedule.Builder b = s.toBuilder();
        for (Window.Builder w : b.getWindowsBuilderList()) {
            for (MachineID.Builder id : w.getMachineIdsBuilderList()) {
                if (id.hasHostname()) {
                    id.setHostname(Machine.of(id.build()).hostname());
                }
            }
        }
        return b.build();
    }
}
