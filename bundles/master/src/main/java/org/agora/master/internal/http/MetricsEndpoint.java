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

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.agora.api.json.Json;
import org.agora.api.security.Action;
import org.agora.http.HttpException;
import org.agora.http.PrometheusExposition;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.master.internal.MasterAccess;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.security.Guard;

/**
 * {@code GET /metrics/snapshot}: a flat JSON object of {@link MasterMetrics}' figures; {@code GET /metrics/prometheus}:
 * the same figures as Prometheus gauges ({@code master/tasks_running} is {@code agora_master_tasks_running}). Both are
 * answered by any master (a follower says {@code master/elected} 0), in the read-only realm, and each needs
 * GET_ENDPOINT_WITH_PATH on its own path.
 */
final class MetricsEndpoint {
    static final String SNAPSHOT = "/metrics/snapshot";
    static final String PROMETHEUS = "/metrics/prometheus";

    private final MasterAccess master;
    private final MasterMetrics metrics;
    private final PrometheusExposition exposition = new PrometheusExposition();

    MetricsEndpoint(MasterAccess master, MasterMetrics metrics) {
        this.master = master;
        this.metrics = metrics;
    }

    CompletableFuture<Response> snapshot(Request request) {
        return guarded(request, SNAPSHOT, s -> Response.json(Json.write(metrics.figures(s, Instant.now()))));
    }

    CompletableFuture<Response> prometheus(Request request) {
        return guarded(request, PROMETHEUS, s -> exposition.respond(metrics.figures(s, Instant.now()),
                request.header("Accept")));
    }

    /** {@code render}ed for a caller that may GET {@code path}; 401 or 403 for others. */
    private CompletableFuture<Response> guarded(Request request, String path,
            Function<MasterSnapshot, Response> render) {
        return Authenticated.call(master, request, Guard.Need.READONLY, caller -> {
            if (!master.permissions().allows(caller, Action.GET_ENDPOINT_WITH_PATH, path)) {
                throw HttpException.forbidden("Principal '" + caller.describe() + "' is not authorized to GET "
                        + path);
            }
            return master.render(render);
        });
    }
}
