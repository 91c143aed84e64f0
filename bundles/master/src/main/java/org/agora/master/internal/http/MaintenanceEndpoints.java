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

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.agora.api.json.ProtoJson;
import org.agora.api.v1.master.Protos.Call;
import org.agora.api.v1.maintenance.Protos.Schedule;
import org.agora.http.Encoding;
import org.agora.http.HttpException;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.master.internal.MasterAccess;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.security.Guard;

/**
 * Mesos's maintenance endpoints before the v1 operator API, in JSON: {@code GET /maintenance/schedule} (the
 * Schedule), {@code POST /maintenance/schedule} (a Schedule), {@code GET /maintenance/status} (the ClusterStatus),
 * {@code POST /machine/down} and {@code POST /machine/up} (a JSON array of MachineIDs). Each POST is the operator
 * call it stands for, with the same checks and answers.
 */
final class MaintenanceEndpoints {
    private final MasterAccess master;
    private final OperatorApi operator;

    MaintenanceEndpoints(MasterAccess master, OperatorApi operator) {
        this.master = master;
        this.operator = operator;
    }

    CompletableFuture<Response> getSchedule(Request request) {
        return read(request, Call.Type.GET_MAINTENANCE_SCHEDULE);
    }

    CompletableFuture<Response> getStatus(Request request) {
        return read(request, Call.Type.GET_MAINTENANCE_STATUS);
    }

    CompletableFuture<Response> postSchedule(Request request) {
        Schedule schedule = Encoding.JSON.decode(request.body(), Schedule.newBuilder());
        return operator.handle(request, Call.newBuilder().setType(Call.Type.UPDATE_MAINTENANCE_SCHEDULE)
                .setUpdateMaintenanceSchedule(Call.UpdateMaintenanceSchedule.newBuilder().setSchedule(schedule))
                .build(), Encoding.JSON);
    }

    CompletableFuture<Response> machinesDown(Request request) {
        Call.StartMaintenance start = Encoding.JSON.decode(machines(request), Call.StartMaintenance.newBuilder());
        return operator.handle(request, Call.newBuilder().setType(Call.Type.START_MAINTENANCE)
                .setStartMaintenance(start).build(), Encoding.JSON);
    }

    CompletableFuture<Response> machinesUp(Request request) {
        Call.StopMaintenance stop = Encoding.JSON.decode(machines(request), Call.StopMaintenance.newBuilder());
        return operator.handle(request, Call.newBuilder().setType(Call.Type.STOP_MAINTENANCE)
                .setStopMaintenance(stop).build(), Encoding.JSON);
    }

    /** The body, a JSON array of machine ids, as the {@code machines} field of a message. */
    private static byte[] machines(Request request) {
        String body = new String(request.body(), StandardCharsets.UTF_8).strip();
        if (!body.startsWith("[")) {
            throw HttpException.badRequest("Expecting a JSON array of machine ids, like [{\"hostname\": \"host1\", "
                    + "\"ip\": \"10.0.0.1\"}]");
        }
        return ("{\"machines\": " + body + "}").getBytes(StandardCharsets.UTF_8);
    }

    private CompletableFuture<Response> read(Request request, Call.Type type) {
        return Authenticated.call(master, request, Guard.Need.READONLY, caller -> {
            MaintenanceViews.authorize(master, caller, type);
            return answer(request, type);
        });
    }

    private CompletableFuture<Response> answer(Request request, Call.Type type) {
        return master.call(m -> {
            MasterSnapshot s = m.snapshot();
            if (!s.leading()) {
                return Response.redirect(MasterRoutes.leaderUrl(s.leader(), request.path()));
            }
            var answer = MaintenanceViews.answer(type, m.maintenance());
            var message = type == Call.Type.GET_MAINTENANCE_SCHEDULE
                    ? answer.getGetMaintenanceSchedule().getSchedule() : answer.getGetMaintenanceStatus().getStatus();
            return Response.ok(Response.JSON, ProtoJson.printWithExplicitDefaults(message)
                    .getBytes(StandardCharsets.UTF_8));
        });
    }
}
