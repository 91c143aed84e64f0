package org.agora.master.internal.http;

import org.agora.api.v1.master.Protos.Call;
import org.agora.api.v1.master.Protos.Response;
import org.agora.api.v1.master.Protos.Response.GetMaintenanceSchedule;
import org.agora.api.v1.master.Protos.Response.GetMaintenanceStatus;
import org.agora.master.internal.maintenance.Maintenance;

/** The operator API's answers about maintenance, in Mesos's shape. Actor thread only. */
final class MaintenanceViews {

    private MaintenanceViews() {
    }

    static Response answer(Call.Type type, Maintenance maintenance) {
        return switch (type) {
            case GET_MAINTENANCE_SCHEDULE -> Response.newBuilder().setType(Response.Type.GET_MAINTENANCE_SCHEDULE)
                    .setGetMaintenanceSchedule(GetMaintenanceSchedule.newBuilder()
                            .setSchedule(maintenance.modes().schedule())).build();
            case GET_MAINTENANCE_STATUS -> Response.newBuilder().setType(Response.Type.GET_MAINTENANCE_STATUS)
                    .setGetMaintenanceStatus(GetMaintenanceStatus.newBuilder().setStatus(maintenance.status())).build();
            default -> throw new IllegalArgumentException("not a maintenance read: " + type);
        };
    }
}
