package org.agora.master.internal.http;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.agora.api.json.Json;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.TaskState;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.Master;
import org.agora.master.internal.security.Guard;
import org.agora.api.security.Action;
import org.agora.http.HttpException;
import org.agora.master.internal.MasterAccess;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.agent.AgentSnapshot;
import org.agora.master.internal.agent.AgentState;

/**
 * {@code GET /metrics/snapshot}: a flat JSON object of figures under Mesos's names ({@code master/...}), and the
 * active allocator's own under {@code allocator/<name>/...} (for example {@code allocator/drf/allocation_run_ms/p99}).
 */
final class MetricsEndpoint {
    private static final String[] SCALARS = {"cpus", "mem", "disk", "gpus"};

    private final MasterAccess master;
    private final java.util.function.LongSupplier statusUpdateDuplicatesDropped;

    /**
     * @param statusUpdateDuplicatesDropped the agent channel's count of resent status updates it dropped while their
     *     first copy still waited ({@code master/messages_status_update_duplicates_dropped})
     */
    MetricsEndpoint(MasterAccess master, java.util.function.LongSupplier statusUpdateDuplicatesDropped) {
        this.master = master;
        this.statusUpdateDuplicatesDropped = statusUpdateDuplicatesDropped;
    }

    CompletableFuture<Response> handle(Request request) {
        return Authenticated.call(master, request, Guard.Need.READONLY, caller -> {
            if (!master.permissions().allows(caller, Action.GET_ENDPOINT_WITH_PATH, "/metrics/snapshot")) {
                throw HttpException.forbidden("Principal '" + caller.describe() + "' is not authorized to GET "
                        + "/metrics/snapshot");
            }
            return master.render(s -> {
                Map<String, Object> figures = figures(s, Instant.now());
                figures.put("master/messages_status_update_duplicates_dropped",
                        (double) statusUpdateDuplicatesDropped.getAsLong());
                return Response.json(Json.write(figures));
            });
        });
    }

    static Map<String, Object> figures(MasterSnapshot s, Instant now) {
        Map<String, Object> m = new TreeMap<>();
        m.put("master/elected", s.leading() ? 1.0 : 0.0);
        m.put("master/uptime_secs", (now.toEpochMilli() - s.startTime().toEpochMilli()) / 1000.0);
        int active = 0;
        int connected = 0;
        int unreachable = 0;
        Resources total = Resources.empty();
        for (AgentSnapshot a : s.agents()) {
            active += a.state() == AgentState.ACTIVE && !a.deactivated() ? 1 : 0;
            connected += a.connected() ? 1 : 0;
            unreachable += a.state() == AgentState.UNREACHABLE ? 1 : 0;
            if (a.state() == AgentState.ACTIVE) {
                total = total.plus(a.total());
            }
        }
        m.put("master/slaves_active", (double) active);
        m.put("master/slaves_connected", (double) connected);
        m.put("master/slaves_disconnected", (double) (s.agents().size() - connected));
        m.put("master/slaves_unreachable", (double) unreachable);
        int frameworksConnected = 0;
        int frameworksActive = 0;
        int offers = 0;
        Map<TaskState, Integer> tasks = new TreeMap<>();
        Resources used = Resources.empty();
        Resources offered = Resources.empty();
        for (FrameworkSnapshot f : s.frameworks().frameworks()) {
            frameworksConnected += f.connected() ? 1 : 0;
            frameworksActive += f.active() ? 1 : 0;
            offers += f.offers().size();
            f.tasks().forEach(t -> tasks.merge(t.getState(), 1, Integer::sum));
            used = used.plus(f.used());
            offered = offered.plus(f.offered());
        }
        m.put("master/frameworks_connected", (double) frameworksConnected);
        m.put("master/frameworks_disconnected", (double) (s.frameworks().frameworks().size() - frameworksConnected));
        m.put("master/frameworks_active", (double) frameworksActive);
        m.put("master/frameworks_inactive", (double) (s.frameworks().frameworks().size() - frameworksActive));
        m.put("master/outstanding_offers", (double) offers);
        for (TaskState state : new TaskState[] {TaskState.TASK_STAGING, TaskState.TASK_STARTING,
                TaskState.TASK_RUNNING, TaskState.TASK_KILLING, TaskState.TASK_UNREACHABLE}) {
            m.put("master/tasks_" + state.name().substring("TASK_".length()).toLowerCase(), (double) tasks.getOrDefault(state, 0));
        }
        for (String name : SCALARS) {
            double t = total.scalar(name);
            double u = used.scalar(name);
            m.put("master/" + name + "_total", t);
            m.put("master/" + name + "_used", u);
            m.put("master/" + name + "_offered", offered.scalar(name));
            m.put("master/" + name + "_percent", t > 0 ? u / t : 0.0);
        }
        String prefix = "allocator/" + s.allocator() + "/";
        s.allocatorMetrics().forEach((k, v) -> m.put(prefix + k, v));
        return m;
    }
}
