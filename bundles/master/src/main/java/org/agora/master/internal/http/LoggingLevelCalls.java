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

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.agora.api.security.Action;
import org.agora.api.v1.master.Protos.Call;
import org.agora.api.v1.master.Protos.Response.GetLoggingLevel;
import org.agora.api.v1.master.Protos.Response.GetOperations;
import org.agora.http.Encoding;
import org.agora.http.HttpException;
import org.agora.http.LoggingLevel;
import org.agora.http.Response;
import org.agora.master.internal.MasterAccess;
import org.agora.master.internal.security.Caller;
import org.agora.master.internal.security.Guard;

/**
 * The operator calls about this master process rather than the cluster, answered by any master (no redirect):
 * GET_LOGGING_LEVEL, SET_LOGGING_LEVEL (see {@link LoggingLevel} for the verbosity mapping; SET is authorized as
 * Mesos authorizes {@code /logging/toggle}, GET_ENDPOINT_WITH_PATH on that path), and GET_OPERATIONS.
 */
final class LoggingLevelCalls {
    private LoggingLevelCalls() {
    }

    /** Whether this class answers {@code type}. */
    static boolean answers(Call.Type type) {
        return type == Call.Type.GET_LOGGING_LEVEL || type == Call.Type.SET_LOGGING_LEVEL
                || type == Call.Type.GET_OPERATIONS;
    }

    static Guard.Need need(Call.Type type) {
        return type == Call.Type.SET_LOGGING_LEVEL ? Guard.Need.READWRITE : Guard.Need.READONLY;
    }

    static CompletableFuture<Response> answer(MasterAccess master, Call call, Encoding out, Caller caller) {
        var r = org.agora.api.v1.master.Protos.Response.newBuilder();
        return CompletableFuture.supplyAsync(() -> switch (call.getType()) {
            case GET_LOGGING_LEVEL -> out.respond(r.setType(
                    org.agora.api.v1.master.Protos.Response.Type.GET_LOGGING_LEVEL).setGetLoggingLevel(
                    GetLoggingLevel.newBuilder().setLevel(master.loggingLevel().level())).build());
            case SET_LOGGING_LEVEL -> {
                if (!call.hasSetLoggingLevel()) {
                    throw HttpException.badRequest("Expecting 'set_logging_level' to be present");
                }
                if (!master.permissions().allows(caller, Action.GET_ENDPOINT_WITH_PATH, "/logging/toggle")) {
                    throw HttpException.forbidden("Principal '" + caller.describe()
                            + "' is not authorized to set the logging level");
                }
                Call.SetLoggingLevel set = call.getSetLoggingLevel();
                master.loggingLevel().set(set.getLevel(), Duration.ofNanos(set.getDuration().getNanoseconds()));
                yield Response.of(200, null, new byte[0]);
            }
            // Agora applies offer operations (RESERVE, UNRESERVE, ...) and the operator's reservations at once, in
            // the call that asks them, and has no operation feedback (Operation.id): no operation is ever pending,
            // and Mesos tracks none without an id, so the list is empty
            case GET_OPERATIONS -> out.respond(r.setType(
                    org.agora.api.v1.master.Protos.Response.Type.GET_OPERATIONS)
                    .setGetOperations(GetOperations.getDefaultInstance()).build());
            default -> throw new IllegalArgumentException("not a call of this class: " + call.getType());
        });
    }
}
