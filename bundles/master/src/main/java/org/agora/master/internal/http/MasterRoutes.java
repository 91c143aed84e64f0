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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.agora.api.Versions;
import org.agora.api.json.Json;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.http.HttpException;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.http.Router;
import org.agora.http.SystemMetrics;
import org.agora.master.internal.Master;
import org.agora.master.internal.MasterAccess;
import org.agora.master.internal.agent.AgentChannel;
import org.agora.webui.WebUiFiles;

/**
 * Every HTTP endpoint of the master; Mesos serves each both as {@code /master/<x>} and {@code /<x>}. The web UI
 * ({@code /}, {@code /ui/*}) and the sandbox proxy it reads agents' files through ({@code /agents/<id>/files/*}) only
 * once.
 */
public final class MasterRoutes {
    private MasterRoutes() {
    }

    public static Router router(MasterAccess master) {
        AgentChannel agents = new AgentChannel(master);
        MasterMetrics metrics = new MasterMetrics(agents::statusUpdateDuplicatesDropped,
                agents::registrationsToldToRetryLater, agents::registrationsWaiting, new SystemMetrics());
        OperatorApi operator = new OperatorApi(master, metrics);
        StateEndpoint state = new StateEndpoint(master);
        SchedulerApi scheduler = new SchedulerApi(master);
        MaintenanceEndpoints maintenance = new MaintenanceEndpoints(master, operator);
        Router.Builder b = Router.builder();
        for (String prefix : new String[] {"", "/master"}) {
            b.get(prefix + "/maintenance/schedule", maintenance::getSchedule);
            b.post(prefix + "/maintenance/schedule", maintenance::postSchedule);
            b.get(prefix + "/maintenance/status", maintenance::getStatus);
            b.post(prefix + "/machine/down", maintenance::machinesDown);
            b.post(prefix + "/machine/up", maintenance::machinesUp);
            b.get(prefix + "/health", r -> CompletableFuture.completedFuture(Response.of(200, null, new byte[0])));
            b.get(prefix + "/state", state::handle);
            b.get(prefix + "/state.json", state::handle);
            b.get(prefix + "/redirect", r -> redirect(master, r));
            b.post(prefix + "/api/v1", operator::handle);
            b.post(prefix + "/api/v1/scheduler", scheduler::handle);
        }
        MetricsEndpoint metricsEndpoint = new MetricsEndpoint(master, metrics);
        b.get(MetricsEndpoint.SNAPSHOT, metricsEndpoint::snapshot);
        b.get(MetricsEndpoint.PROMETHEUS, metricsEndpoint::prometheus);
        b.get("/version", r -> CompletableFuture.completedFuture(Response.json(Json.write(version()))));
        b.webSocket(AgentChannel.PATH, agents);
        WebUiFiles ui = new WebUiFiles();
        b.get("/", ui);
        b.prefix("GET", WebUiFiles.ASSETS, ui);
        b.prefix("GET", SandboxProxy.PREFIX, new SandboxProxy(master)::handle);
        return b.build();
    }

    static Map<String, Object> version() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("version", Versions.MESOS_API);
        v.put("agora_version", Versions.AGORA);
        v.put("build_date", "");
        v.put("build_user", "");
        return v;
    }

    /** {@code 307} to the leader's base URL (the leader redirects to itself), {@code 503} when none is known. */
    private static CompletableFuture<Response> redirect(MasterAccess master, Request r) {
        return master.call(Master::leader).thenApply(leader -> Response.redirect(leaderUrl(leader, "")));
    }

    /**
     * The protocol-relative URL of the leader, as Mesos sends it ({@code //host:port/path}).
     *
     * @throws HttpException 503 when no leader is known
     */
    static String leaderUrl(Optional<MasterInfo> leader, String path) {
        MasterInfo m = leader.orElseThrow(() -> HttpException.unavailable("No leader elected"));
        String host = m.getHostname().isEmpty() ? m.getAddress().getIp() : m.getHostname();
        return "//" + host + ":" + m.getPort() + path;
    }
}
