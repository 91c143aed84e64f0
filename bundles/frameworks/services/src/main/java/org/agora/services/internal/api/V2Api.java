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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.agora.http.HttpHandler;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.http.Router;
import org.agora.services.internal.events.EventBus;
import org.agora.services.internal.scheduler.ServicesScheduler;
import org.agora.services.internal.scheduler.TaskKill;

/**
 * Marathon's REST API over the services scheduler: {@code /ping}, {@code /metrics}, {@code /v2/info},
 * {@code /v2/leader}, {@code /v2/apps}, {@code /v2/groups}, {@code /v2/tasks}, {@code /v2/deployments},
 * {@code /v2/queue} and {@code /v2/events}. An instance that does not lead answers {@code /ping},
 * {@code /metrics}, {@code /v2/info} and {@code /v2/leader} itself and redirects the rest ({@code 307}) to the
 * leader, or answers 503 while there is none. Every answer is JSON; errors carry Marathon's {@code message} (see
 * {@link ApiErrors}).
 */
public final class V2Api {

    /**
     * What {@code /v2/info} reports besides the leader and framework id.
     *
     * @param name       the framework's name
     * @param version    this build's version
     * @param master     the master (host:port or zk:// URL)
     * @param zk         the ZooKeeper URL of the scheduler's state
     * @param httpPort   the API's port
     * @param failoverTimeoutSeconds the framework's failover timeout
     */
    public record Info(String name, String version, String master, String zk, int httpPort,
            long failoverTimeoutSeconds) {
    }

    private final ServicesScheduler scheduler;
    private final EventBus events;
    private final Leadership leadership;
    private final Info info;
    private final AppsResource apps;
    private final GroupsResource groups;

    public V2Api(ServicesScheduler scheduler, EventBus events, Leadership leadership, Info info) {
        this.scheduler = scheduler;
        this.events = events;
        this.leadership = leadership;
        this.info = info;
        this.apps = new AppsResource(scheduler, events);
        this.groups = new GroupsResource(scheduler, events);
    }

    /** The routes, for an {@link org.agora.http.HttpServer}. */
    public Router router() {
        Router.Builder b = Router.builder();
        b.get("/ping", r -> done(Response.ok("text/plain", "pong\n".getBytes(StandardCharsets.UTF_8))));
        b.get("/metrics", r -> scheduler.status().thenApply(this::metrics));
        b.get("/v2/info", r -> scheduler.status().thenApply(this::info));
        b.get("/v2/leader", r -> done(leadership.leader()
                .map(l -> ApiErrors.json(200, Map.of("leader", l)))
                .orElseGet(() -> ApiErrors.json(404, Map.of("message", "There is no leader")))));
        b.route("DELETE", "/v2/leader", r -> {
            if (!leadership.isLeader()) {
                return done(ApiErrors.json(404, Map.of("message", "There is no leader to abdicate here")));
            }
            leadership.abdicate();
            return done(ApiErrors.json(200, Map.of("message", "Leadership abdicated")));
        });
        for (String m : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            b.prefix(m, "/v2/apps", leaderOnly(apps::handle));
            b.prefix(m, "/v2/groups", leaderOnly(groups::handle));
        }
        b.get("/v2/tasks", leaderOnly(r -> scheduler.tasks(null)
                .thenApply(t -> ApiErrors.json(200, Map.of("tasks", t)))));
        b.post("/v2/tasks/delete", leaderOnly(this::killTasks));
        b.get("/v2/deployments", leaderOnly(r -> scheduler.deployments().thenApply(d -> ApiErrors.json(200, d))));
        b.prefix("DELETE", "/v2/deployments/", leaderOnly(this::cancelDeployment));
        b.prefix("POST", "/v2/deployments/", leaderOnly(this::promoteDeployment));
        b.get("/v2/queue", leaderOnly(r -> scheduler.queue().thenApply(q -> ApiErrors.json(200, q))));
        b.prefix("DELETE", "/v2/queue/", leaderOnly(this::resetDelay));
        b.get("/v2/events", leaderOnly(this::events));
        return b.build();
    }

    private HttpHandler leaderOnly(HttpHandler handler) {
        return r -> {
            if (leadership.isLeader()) {
                try {
                    return handler.handle(r).exceptionally(ApiErrors::of);
                } catch (RuntimeException e) {
                    return done(ApiErrors.of(e));
                }
            }
            Optional<String> leader = leadership.leader();
            if (leader.isEmpty()) {
                return done(ApiErrors.json(503, Map.of("message", "Could not determine the current leader")));
            }
            return done(Response.redirect("http://" + leader.get() + r.path() + query(r)));
        };
    }

    private static String query(Request r) {
        StringBuilder q = new StringBuilder();
        for (String name : List.of("force", "embed", "scale", "wipe", "id", "host")) {
            r.query(name).ifPresent(v -> q.append(q.length() == 0 ? "?" : "&").append(name).append('=').append(v));
        }
        return q.toString();
    }

    private CompletionStage<Response> killTasks(Request r) {
        Object ids = AppsResource.body(r).get("ids");
        if (!(ids instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            return done(ApiErrors.json(422, Map.of("message", "Object is not valid", "details",
                    List.of(Map.of("path", "/ids", "errors", List.of("error.expected.jsarray of strings"))))));
        }
        List<String> taskIds = new ArrayList<>();
        list.forEach(o -> taskIds.add((String) o));
        return scheduler.kill(new TaskKill(null, taskIds, null, AppsResource.flag(r, "scale"),
                AppsResource.flag(r, "wipe"))).thenApply(m -> ApiErrors.json(200, m));
    }

    private CompletionStage<Response> cancelDeployment(Request r) {
        String id = r.path().substring("/v2/deployments/".length());
        return scheduler.cancel(id, AppsResource.flag(r, "force")).thenApply(rollback -> rollback
                .map(m -> ApiErrors.json(200, m))
                .orElseGet(() -> Response.of(202, null, new byte[0])));
    }

    /** Beyond Marathon: {@code POST /v2/deployments/{id}/promote} ends a manual canary step. */
    private CompletionStage<Response> promoteDeployment(Request r) {
        String rest = r.path().substring("/v2/deployments/".length());
        if (!rest.endsWith("/promote") || rest.length() == "/promote".length()) {
            return AppsResource.notAllowed(r);
        }
        String id = rest.substring(0, rest.length() - "/promote".length());
        return scheduler.promote(id).thenApply(v -> ApiErrors.json(200, Map.of("deploymentId", id,
                "message", "canaries promoted")));
    }

    private CompletionStage<Response> resetDelay(Request r) {
        String rest = r.path().substring("/v2/queue".length());
        if (!rest.endsWith("/delay")) {
            return AppsResource.notAllowed(r);
        }
        String id = org.agora.services.internal.app.AppIds.normalize(rest.substring(0, rest.length() - 6));
        return scheduler.resetDelay(id).thenApply(v -> Response.of(204, null, new byte[0]));
    }

    private CompletionStage<Response> events(Request r) {
        long last = r.header("Last-Event-ID").map(v -> {
            try {
                return Long.parseLong(v.strip());
            } catch (NumberFormatException e) {
                return -1L;
            }
        }).orElse(-1L);
        return done(Response.stream(200, "text/event-stream", stream -> events.subscribe(stream, last))
                .header("Cache-Control", "no-cache"));
    }

    private Response info(Map<String, Object> status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", info.name());
        m.put("version", info.version());
        m.put("buildref", "agora");
        m.put("elected", leadership.isLeader());
        m.put("leader", leadership.leader().orElse(null));
        m.put("frameworkId", status.get("frameworkId"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("master", info.master());
        config.put("framework_name", info.name());
        config.put("failover_timeout", info.failoverTimeoutSeconds());
        config.put("checkpoint", true);
        config.put("ha", true);
        m.put("marathon_config", config);
        m.put("zookeeper_config", Map.of("zk", info.zk()));
        m.put("http_config", Map.of("http_port", info.httpPort()));
        m.put("event_subscriber", null);
        return ApiErrors.json(200, m);
    }

    private Response metrics(Map<String, Object> status) {
        Map<String, Object> gauges = new LinkedHashMap<>();
        status.forEach((k, v) -> {
            if (v instanceof Number || v instanceof Boolean) {
                gauges.put("services." + k, Map.of("value", v instanceof Boolean b ? (b ? 1 : 0) : v));
            }
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", "4.0.0");
        m.put("gauges", gauges);
        m.put("counters", Map.of());
        m.put("histograms", Map.of());
        m.put("meters", Map.of());
        m.put("timers", Map.of());
        return ApiErrors.json(200, m);
    }

    private static CompletionStage<Response> done(Response r) {
        return CompletableFuture.completedFuture(r);
    }
}
