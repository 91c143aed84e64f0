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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.agora.api.json.JsonTree;
import org.agora.http.HttpException;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.AppIds;
import org.agora.services.internal.app.AppJson;
import org.agora.services.internal.events.EventBus;
import org.agora.services.internal.scheduler.ServicesScheduler;
import org.agora.services.internal.scheduler.TaskKill;

/**
 * {@code /v2/apps}: list, create, get, update ({@code PUT}, partial), delete, restart, versions and tasks of apps.
 * Beyond Marathon, {@code ?dryRun=true} on a create or update answers the deployment plan without applying it.
 * App ids keep their leading slash in paths: {@code /v2/apps//group/app} is {@code /v2/apps/group/app}. A path
 * ending in {@code /tasks}, {@code /tasks/{taskId}}, {@code /versions}, {@code /versions/{version}} or
 * {@code /restart} addresses that part of the app before it.
 */
final class AppsResource {
    private static final String PREFIX = "/v2/apps";

    private final ServicesScheduler scheduler;
    private final EventBus events;

    AppsResource(ServicesScheduler scheduler, EventBus events) {
        this.scheduler = scheduler;
        this.events = events;
    }

    CompletionStage<Response> handle(Request r) {
        List<String> segments = new ArrayList<>();
        for (String s : r.path().substring(PREFIX.length()).split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        boolean force = flag(r, "force");
        int n = segments.size();
        if (n == 0) {
            return switch (r.method()) {
                case "GET", "HEAD" -> scheduler.apps(r.query("id").map(AppIds::normalize).orElse("/"), embed(r,
                        Set.of())).thenApply(apps -> ApiErrors.json(200, Map.of("apps", apps)));
                case "POST" -> create(r, force);
                default -> notAllowed(r);
            };
        }
        String last = segments.get(n - 1);
        if (n >= 2 && "restart".equals(last) && "POST".equals(r.method())) {
            return scheduler.restart(id(segments, n - 1), force).thenApply(m -> ApiErrors.json(200, m));
        }
        if (n >= 2 && "tasks".equals(last)) {
            String id = id(segments, n - 1);
            return switch (r.method()) {
                case "GET", "HEAD" -> scheduler.tasks(id).thenApply(t -> ApiErrors.json(200, Map.of("tasks", t)));
                case "DELETE" -> scheduler.kill(new TaskKill(id, null, r.query("host").orElse(null),
                        flag(r, "scale"), flag(r, "wipe"))).thenApply(m -> ApiErrors.json(200, m));
                default -> notAllowed(r);
            };
        }
        if (n >= 3 && "tasks".equals(segments.get(n - 2)) && "DELETE".equals(r.method())) {
            return scheduler.kill(new TaskKill(id(segments, n - 2), List.of(last), null, flag(r, "scale"),
                    flag(r, "wipe"))).thenApply(m -> ApiErrors.json(200, m.containsKey("tasks")
                            ? Map.of("task", ((List<?>) m.get("tasks")).get(0)) : m));
        }
        if (n >= 2 && "versions".equals(last) && isGet(r)) {
            return scheduler.versions(id(segments, n - 1)).thenApply(m -> ApiErrors.json(200, m));
        }
        if (n >= 3 && "versions".equals(segments.get(n - 2)) && isGet(r)) {
            return scheduler.version(id(segments, n - 2), last).thenApply(m -> ApiErrors.json(200, m));
        }
        String id = id(segments, n);
        return switch (r.method()) {
            case "GET", "HEAD" -> scheduler.app(id, embed(r, Set.of("tasks", "lastTaskFailure")))
                    .thenApply(app -> ApiErrors.json(200, Map.of("app", app)));
            case "PUT", "PATCH" -> {
                Map<String, Object> fields = body(r);
                boolean dryRun = flag(r, "dryRun");
                if (!dryRun) {
                    apiPost(r, fields);
                }
                yield scheduler.update(id, fields, force, dryRun).thenApply(m -> {
                    boolean created = Boolean.TRUE.equals(m.remove("created"));
                    return ApiErrors.json(created ? 201 : 200, m);
                });
            }
            case "DELETE" -> scheduler.delete(id, force).thenApply(m -> ApiErrors.json(200, m));
            default -> notAllowed(r);
        };
    }

    private CompletionStage<Response> create(Request r, boolean force) {
        Map<String, Object> fields = body(r);
        AppDefinition app = AppJson.parseValid(fields, Optional.empty());
        if (flag(r, "dryRun")) {
            return scheduler.create(app, force, true).thenApply(m -> ApiErrors.json(200, m));
        }
        apiPost(r, fields);
        return scheduler.create(app, force, false).thenApply(m -> ApiErrors.json(201, m)
                .header("Location", "/v2/apps" + app.id()));
    }

    private void apiPost(Request r, Map<String, Object> fields) {
        events.publish("api_post_event", Map.of("clientIp", String.valueOf(r.remoteAddress()), "uri", r.path(),
                "appDefinition", fields));
    }

    /** The request's JSON object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> body(Request r) {
        Object parsed = JsonTree.parse(new String(r.body(), StandardCharsets.UTF_8));
        if (!(parsed instanceof Map)) {
            throw new HttpException(422, "the body must be a JSON object, got " + JsonTree.kindOf(parsed));
        }
        return (Map<String, Object>) parsed;
    }

    private static String id(List<String> segments, int end) {
        return "/" + String.join("/", segments.subList(0, end));
    }

    private static boolean isGet(Request r) {
        return "GET".equals(r.method()) || "HEAD".equals(r.method());
    }

    static boolean flag(Request r, String name) {
        return r.query(name).map(v -> v.isEmpty() || Boolean.parseBoolean(v)).orElse(false);
    }

    /** The {@code embed} parameter's {@code apps.x} / {@code app.x} values as {@code x}; the defaults without. */
    private static Set<String> embed(Request r, Set<String> defaults) {
        Optional<String> e = r.query("embed");
        if (e.isEmpty()) {
            return defaults;
        }
        Set<String> out = new HashSet<>(defaults);
        Arrays.stream(e.get().split(",")).map(s -> s.substring(s.indexOf('.') + 1)).forEach(out::add);
        return out;
    }

    static CompletionStage<Response> notAllowed(Request r) {
        return CompletableFuture.completedFuture(ApiErrors.json(405, Map.of("message", "Method " + r.method()
                + " is not allowed on " + r.path())));
    }
}
