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
package org.agora.master.internal.http;

import java.util.Optional;
import org.agora.api.security.Action;
import org.agora.api.v1.master.Protos.Call;
import org.agora.api.v1.master.Protos.Response;
import org.agora.api.v1.master.Protos.Response.GetMaintenanceSchedule;
import org.agora.api.v1.master.Protos.Response.GetMaintenanceStatus;
import org.agora.http.HttpException;
import org.agora.master.internal.MasterAccess;
import org.agora.master.internal.maintenance.Maintenance;
import org.agora.master.internal.security.Caller;

/** The operator API's answers about maintenance, in Mesos's shape. Actor thread only. */
final class MaintenanceViews {

    private MaintenanceViews() {
    }

    /**
     * Whether the caller may read what {@code type} answers ({@code get_maintenance_schedules} or
     * {@code get_maintenance_statuses}).
     *
     * @throws HttpException 403 when not
     */
    static void authorize(MasterAccess master, Caller caller, Call.Type type) {
        Action action = type == Call.Type.GET_MAINTENANCE_SCHEDULE ? Action.GET_MAINTENANCE_SCHEDULE
                : Action.GET_MAINTENANCE_STATUS;
        if (!master.permissions().allows(caller, action, Optional.empty())) {
            throw HttpException.forbidden("Principal '" + caller.describe() + "' is not authorized to "
                    + (action == Action.GET_MAINTENANCE_SCHEDULE ? "view the maintenance schedule"
                    : "view the maintenance status"));
        }
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
