package org.agora.master.internal.maintenance;

import org.agora.api.v1.maintenance.Protos.ClusterStatus;
import org.agora.api.v1.maintenance.Protos.Schedule;

/** The schedule and the status at one moment, read together on the leader's actor (for the shell). */
public record MaintenanceReport(Schedule schedule, ClusterStatus status) {

    public static MaintenanceReport of(Maintenance maintenance) {
        return new MaintenanceReport(maintenance.modes().schedule(), maintenance.status());
    }
}
