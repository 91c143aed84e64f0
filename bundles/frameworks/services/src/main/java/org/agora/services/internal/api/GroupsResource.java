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

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.services.internal.app.AppIds;
import org.agora.services.internal.app.GroupSpec;
import org.agora.services.internal.events.EventBus;
import org.agora.services.internal.scheduler.ServicesScheduler;

/**
 * {@code /v2/groups}: get a group ({@code /v2/groups} is the root {@code /}) with {@code embed}
 * ({@code group.groups}, {@code group.apps}, {@code group.apps.tasks}, ... comma separated), its versions
 * ({@code /v2/groups/{id}/versions}), create ({@code POST}), change ({@code PUT}, with {@code scaleBy} a scale) and
 * remove ({@code DELETE}) one. Ids keep their leading slash in paths, as for apps.
 */
final class GroupsResource {
    private final ServicesScheduler scheduler;
    private final EventBus events;

    GroupsResource(ServicesScheduler scheduler, EventBus events) {
        this.scheduler = scheduler;
        this.events = events;
    }

    CompletionStage<Response> handle(Request r) {
        String rest = r.path().substring("/v2/groups".length());
        boolean force = AppsResource.flag(r, "force");
        String id = AppIds.normalize(rest);
        if (("GET".equals(r.method()) || "HEAD".equals(r.method())) && (id.endsWith("/versions")
                || "/versions".equals(id))) {
            String group = AppIds.parent(id);
            return scheduler.groupVersions(group).thenApply(v -> ApiErrors.json(200, v));
        }
        return switch (r.method()) {
            case "GET", "HEAD" -> scheduler.group(id, embed(r)).thenApply(g -> ApiErrors.json(200, g));
            case "POST" -> {
                Map<String, Object> body = AppsResource.body(r);
                GroupSpec spec = GroupSpec.parse(body, id, id);
                apiPost(r, body);
                yield scheduler.putGroup(spec, true, force).thenApply(m -> ApiErrors.json(201, m)
                        .header("Location", "/v2/groups" + spec.id()));
            }
            case "PUT", "PATCH" -> {
                Map<String, Object> body = AppsResource.body(r);
                GroupSpec spec = GroupSpec.parse(body, AppIds.parent(id), id);
                apiPost(r, body);
                yield scheduler.putGroup(spec, false, force).thenApply(m -> ApiErrors.json(200, m));
            }
            case "DELETE" -> scheduler.deleteGroup(id, force).thenApply(m -> ApiErrors.json(200, m));
            default -> AppsResource.notAllowed(r);
        };
    }

    private void apiPost(Request r, Map<String, Object> body) {
        events.publish("api_post_event", Map.of("clientIp", String.valueOf(r.remoteAddress()), "uri", r.path(),
                "groupDefinition", body));
    }

    private static Set<String> embed(Request r) {
        Set<String> out = new LinkedHashSet<>();
        r.query("embed").ifPresent(e -> Arrays.stream(e.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .forEach(out::add));
        return out;
    }
}
