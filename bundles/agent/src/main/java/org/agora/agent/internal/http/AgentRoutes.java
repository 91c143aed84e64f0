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
package org.agora.agent.internal.http;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.agora.agent.internal.Agent;
import org.agora.agent.internal.AgentView;
import org.agora.agent.internal.security.Caller;
import org.agora.agent.internal.security.HttpAuthentication;
import org.agora.agent.internal.security.SecuredHandler;
import org.agora.api.Versions;
import org.agora.api.json.Json;
import org.agora.api.security.Action;
import org.agora.http.HttpException;
import org.agora.http.PrometheusExposition;
import org.agora.http.Response;
import org.agora.http.Router;
import org.agora.http.SystemMetrics;

/**
 * The agent's HTTP endpoints; Mesos serves them both as {@code /slave(1)/<x>} and {@code /<x>} (the metrics at the
 * root only). As in Mesos, the endpoints that read ({@code /state}, {@code /flags}, {@code /files/*},
 * {@code /monitor/statistics}, {@code /metrics/snapshot}, {@code /metrics/prometheus}) are in the read-only realm,
 * the operator API ({@code /api/v1}) in the read-write realm, the executor API authenticates executors by their
 * tokens, and {@code /health} and {@code /version} are open. What a caller may see is the
 * authorizer's to say: VIEW_* filters {@code /state} and the containers listed, VIEW_FLAGS guards the flags,
 * ACCESS_SANDBOX the files, GET_ENDPOINT_WITH_PATH {@code /monitor/statistics} and the metrics.
 */
public final class AgentRoutes {
    private AgentRoutes() {
    }

    public static Router router(AgentView agent) {
        Router.Builder b = Router.builder();
        HttpAuthentication auth = agent.security().http();
        // blocking file I/O and authorizer decisions, never on a Netty thread or the agent's actor
        Executor io = ForkJoinPool.commonPool();
        FilesEndpoint files = new FilesEndpoint(agent.settings().workDir().resolve("slaves"), io);
        SandboxAccess sandboxes = new SandboxAccess(agent, io);
        b.get("/files/browse", auth.readonly((r, c) -> files.browse(r, sandboxes.gate(c))));
        b.get("/files/read", auth.readonly((r, c) -> files.read(r, sandboxes.gate(c))));
        b.get("/files/download", auth.readonly((r, c) -> files.download(r, sandboxes.gate(c))));
        ExecutorApi executors = new ExecutorApi(agent);
        b.post("/api/v1/executor", executors::handle);
        b.post("/slave(1)/api/v1/executor", executors::handle);
        ContainersEndpoint containers = new ContainersEndpoint(agent);
        AgentOperatorApi operator = new AgentOperatorApi(agent, containers, sandboxes, io);
        SecuredHandler statistics = endpoint("/monitor/statistics", containers::statistics);
        SecuredHandler state = (r, c) -> agent.call(Agent::snapshot).thenApplyAsync(s -> Response.json(Json.write(
                state(s, c.may(Action.VIEW_FLAGS, Optional.empty()) ? Optional.of(agent.settings().flags())
                        : Optional.empty(), c))), io);
        SecuredHandler flags = (r, c) -> {
            if (!c.may(Action.VIEW_FLAGS, Optional.empty())) {
                return forbidden(c, "view the flags");
            }
            return CompletableFuture.completedFuture(Response.json(Json.write(Map.of("flags",
                    agent.settings().flags()))));
        };
        PrometheusExposition exposition = new PrometheusExposition();
        SystemMetrics system = new SystemMetrics();
        SecuredHandler metricsSnapshot = endpoint("/metrics/snapshot", (r, c) -> agent.call(Agent::snapshot)
                .thenApplyAsync(s -> Response.json(Json.write(AgentMetrics.all(s, Instant.now(), system))), io));
        SecuredHandler metricsPrometheus = endpoint("/metrics/prometheus", (r, c) -> agent.call(Agent::snapshot)
                .thenApplyAsync(s -> exposition.respond(AgentMetrics.all(s, Instant.now(), system),
                        r.header("Accept")), io));
        // as in Mesos, metrics live at the root only (libprocess serves /metrics/snapshot for the whole process)
        b.get("/metrics/snapshot", auth.readonly(metricsSnapshot));
        b.get("/metrics/prometheus", auth.readonly(metricsPrometheus));
        for (String prefix : new String[] {"", "/slave(1)"}) {
            b.get(prefix + "/monitor/statistics", auth.readonly(statistics));
            b.get(prefix + "/monitor/statistics.json", auth.readonly(statistics));
            b.post(prefix + "/api/v1", auth.readwrite(operator::handle));
            b.get(prefix + "/health", r -> CompletableFuture.completedFuture(Response.of(200, null, new byte[0])));
            // the JSON is written off the actor thread: the snapshot is immutable
            b.get(prefix + "/state", auth.readonly(state));
            b.get(prefix + "/state.json", auth.readonly(state));
            b.get(prefix + "/flags", auth.readonly(flags));
        }
        b.get("/version", r -> CompletableFuture.completedFuture(Response.json(Json.write(Map.of(
                "version", Versions.MESOS_API, "agora_version", Versions.AGORA)))));
        return b.build();
    }

    /** {@code handler} for callers the authorizer allows GET_ENDPOINT_WITH_PATH on {@code path}; 403 for others. */
    private static SecuredHandler endpoint(String path, SecuredHandler handler) {
        return (r, c) -> c.may(Action.GET_ENDPOINT_WITH_PATH, Optional.of(path)) ? handler.handle(r, c)
                : forbidden(c, "GET " + path);
    }

    private static CompletionStage<Response> forbidden(Caller caller, String what) {
        return CompletableFuture.failedFuture(HttpException.forbidden(caller.describe() + " is not allowed to "
                + what));
    }

    static Map<String, Object> state(Agent.AgentSnapshot s, Optional<Map<String, String>> flags, Caller caller) {
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("version", Versions.MESOS_API);
        st.put("agora_version", Versions.AGORA);
        st.put("start_time", s.startTime().getEpochSecond() + s.startTime().getNano() / 1e9);
        if (s.info().hasId()) {
            st.put("id", s.info().getId().getValue());
        }
        st.put("pid", "slave(1)@" + s.info().getHostname() + ":" + s.info().getPort());
        st.put("hostname", s.info().getHostname());
        st.put("port", s.info().getPort());
        st.put("resources", s.resources().flatten());
        st.put("attributes", Map.of());
        st.put("registration", s.linkState().name());
        s.master().ifPresent(m -> {
            st.put("master_hostname", m.getHostname());
            st.put("master_info", m);
        });
        // as Mesos: the flags only for those who may view them
        flags.ifPresent(f -> st.put("flags", f));
        st.put("frameworks", FrameworksJson.frameworks(StateViews.visible(s.tasks().frameworks(), caller)));
        st.put("completed_frameworks", FrameworksJson.frameworks(StateViews.visible(s.tasks().completedFrameworks(),
                caller)));
        return st;
    }
}
