package org.agora.agent.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.agora.agent.internal.Agent;
import org.agora.agent.internal.AgentView;
import org.agora.api.Versions;
import org.agora.api.json.Json;
import org.agora.http.Response;
import org.agora.http.Router;

/** The agent's HTTP endpoints; Mesos serves them both as {@code /slave(1)/<x>} and {@code /<x>}. */
public final class AgentRoutes {
    private AgentRoutes() {
    }

    public static Router router(AgentView agent) {
        Router.Builder b = Router.builder();
        FilesEndpoint files = new FilesEndpoint(agent.settings().workDir().resolve("slaves"),
                java.util.concurrent.ForkJoinPool.commonPool());
        b.get("/files/browse", files::browse);
        b.get("/files/read", files::read);
        b.get("/files/download", files::download);
        ExecutorApi executors = new ExecutorApi(agent);
        b.post("/api/v1/executor", executors::handle);
        b.post("/slave(1)/api/v1/executor", executors::handle);
        ContainersEndpoint containers = new ContainersEndpoint(agent);
        for (String prefix : new String[] {"", "/slave(1)"}) {
            b.get(prefix + "/monitor/statistics", containers::statistics);
            b.get(prefix + "/monitor/statistics.json", containers::statistics);
            b.post(prefix + "/api/v1", containers::operator);
            b.get(prefix + "/health", r -> CompletableFuture.completedFuture(Response.of(200, null, new byte[0])));
            // the JSON is written off the actor thread: the snapshot is immutable
            b.get(prefix + "/state", r -> agent.call(Agent::snapshot)
                    .thenApplyAsync(s -> Response.json(Json.write(state(s, agent.settings().flags())))));
            b.get(prefix + "/state.json", r -> agent.call(Agent::snapshot)
                    .thenApplyAsync(s -> Response.json(Json.write(state(s, agent.settings().flags())))));
            b.get(prefix + "/flags", r -> CompletableFuture.completedFuture(
                    Response.json(Json.write(Map.of("flags", agent.settings().flags())))));
        }
        b.get("/version", r -> CompletableFuture.completedFuture(Response.json(Json.write(Map.of(
                "version", Versions.MESOS_API, "agora_version", Versions.AGORA)))));
        return b.build();
    }

    static Map<String, Object> state(Agent.AgentSnapshot s, Map<String, String> flags) {
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
        st.put("flags", flags);
        st.put("frameworks", FrameworksJson.frameworks(s.tasks().frameworks()));
        st.put("completed_frameworks", FrameworksJson.frameworks(s.tasks().completedFrameworks()));
        return st;
    }
}
