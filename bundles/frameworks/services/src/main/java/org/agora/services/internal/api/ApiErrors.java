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
package org.agora.services.internal.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.agora.api.json.Json;
import org.agora.api.json.JsonParseException;
import org.agora.http.HttpException;
import org.agora.http.Response;
import org.agora.services.internal.app.InvalidAppException;
import org.agora.services.internal.scheduler.AppNotFoundException;
import org.agora.services.internal.scheduler.ConflictException;
import org.agora.services.internal.scheduler.NotLeadingException;
import org.agora.services.internal.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that turns failures into Marathon's error answers: a JSON object with a {@code message}. */
final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    static Response of(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        int status;
        if (e instanceof InvalidAppException invalid) {
            status = 422;
            body.put("message", "Object is not valid");
            body.put("details", invalid.details());
        } else if (e instanceof ConflictException conflict) {
            status = 409;
            body.put("message", conflict.getMessage());
            if (!conflict.deployments().isEmpty()) {
                body.put("deployments", conflict.deployments().stream().map(id -> Map.of("id", id)).toList());
            }
        } else if (e instanceof AppNotFoundException) {
            status = 404;
            body.put("message", e.getMessage());
        } else if (e instanceof NotLeadingException || e instanceof StoreUnavailableException) {
            status = 503;
            body.put("message", e.getMessage());
        } else if (e instanceof JsonParseException) {
            status = 400;
            body.put("message", "Invalid JSON");
            body.put("details", List.of(Map.of("path", "/", "errors", List.of(e.getMessage()))));
        } else if (e instanceof HttpException http) {
            status = http.status();
            body.put("message", e.getMessage());
        } else if (e instanceof IllegalArgumentException) {
            status = 400;
            body.put("message", e.getMessage());
        } else {
            LOG.error("services API: unexpected failure", e);
            status = 500;
            body.put("message", "Internal error: " + e);
        }
        return json(status, body);
    }

    static Response json(int status, Object body) {
        return Response.of(status, Response.JSON, Json.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
