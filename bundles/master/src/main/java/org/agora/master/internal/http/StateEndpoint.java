package org.agora.master.internal.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.agora.api.Versions;
import org.agora.api.json.Json;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Attribute;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.master.internal.Master;
import org.agora.master.internal.MasterAccess;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.agent.AgentSnapshot;
import org.agora.master.internal.agent.AgentState;

/**
 * {@code GET /master/state}: the Mesos v0 state JSON that the web UI, Mesos-DNS and exporters read. The snapshot is
 * taken on the actor thread (a cheap copy) and serialized here on the Netty thread, so a large state does not hold
 * up the master.
 */
final class StateEndpoint {
    private final MasterAccess master;

    StateEndpoint(MasterAccess master) {
        this.master = master;
    }

    CompletableFuture<Response> handle(Request request) {
        return master.call(Master::snapshot).thenApply(s -> {
            String json = Json.write(state(s, master.settings().flags()));
            return request.query("jsonp").map(cb -> Response.ok("text/javascript",
                    (cb + "(" + json + ");").getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .orElseGet(() -> Response.json(json));
        });
    }

    static Map<String, Object> state(MasterSnapshot s, Map<String, String> flags) {
        MasterInfo self = s.self();
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("version", Versions.MESOS_API);
        st.put("agora_version", Versions.AGORA);
        st.put("start_time", seconds(s.startTime()));
        s.electedTime().ifPresent(t -> st.put("elected_time", seconds(t)));
        st.put("id", self.getId());
        st.put("pid", self.getPid());
        st.put("hostname", self.getHostname());
        st.put("capabilities", List.of());
        long active = s.agents().stream().filter(a -> a.state() == AgentState.ACTIVE).count();
        long unreachable = s.agents().stream().filter(a -> a.state() == AgentState.UNREACHABLE).count();
        st.put("activated_slaves", active);
        st.put("deactivated_slaves", s.agents().size() - active - unreachable);
        st.put("unreachable_slaves", unreachable);
        s.leader().ifPresent(l -> {
            st.put("leader", l.getPid());
            st.put("leader_info", l);
        });
        st.put("flags", flags);
        List<Object> slaves = new ArrayList<>();
        s.agents().stream().filter(a -> a.state() != AgentState.UNREACHABLE).forEach(a -> slaves.add(agent(a)));
        st.put("slaves", slaves);
        List<Object> recovered = new ArrayList<>();
        s.recoveredAgents().forEach(recovered::add);
        st.put("recovered_slaves", recovered);
        st.put("frameworks", List.of());
        st.put("completed_frameworks", List.of());
        st.put("orphan_tasks", List.of());
        st.put("unregistered_frameworks", List.of());
        return st;
    }

    static Map<String, Object> agent(AgentSnapshot a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("pid", agentPid(a));
        m.put("hostname", a.info().getHostname());
        m.put("port", a.info().getPort());
        m.put("attributes", attributes(a.info().getAttributesList()));
        m.put("registered_time", seconds(a.registeredTime()));
        a.reregisteredTime().ifPresent(t -> m.put("reregistered_time", seconds(t)));
        Resources total = a.total();
        m.put("resources", total.flatten());
        m.put("used_resources", Resources.empty().flatten());
        m.put("offered_resources", Resources.empty().flatten());
        m.put("reserved_resources", Map.of());
        m.put("unreserved_resources", total.unreserved().flatten());
        m.put("active", a.state() == AgentState.ACTIVE);
        m.put("deactivated", a.state() != AgentState.ACTIVE);
        m.put("connected", a.connected());
        m.put("version", a.version());
        List<String> caps = new ArrayList<>();
        a.capabilities().forEach(c -> caps.add(c.getType().name()));
        m.put("capabilities", caps);
        return m;
    }

    /** Mesos agents are addressed as {@code slave(1)@ip:port}; tools parse the host and port out of it. */
    static String agentPid(AgentSnapshot a) {
        return "slave(1)@" + a.info().getHostname() + ":" + a.info().getPort();
    }

    private static Map<String, Object> attributes(List<Attribute> attributes) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Attribute at : attributes) {
            switch (at.getType()) {
                case SCALAR -> m.put(at.getName(), at.getScalar().getValue());
                case TEXT -> m.put(at.getName(), at.getText().getValue());
                case RANGES -> m.put(at.getName(), Resources.rangesText(at.getRanges()));
                case SET -> m.put(at.getName(), "{" + String.join(",", at.getSet().getItemList()) + "}");
                default -> { }
            }
        }
        return m;
    }

    private static double seconds(Instant t) {
        return OperatorApi.seconds(t);
    }
}
