package org.agora.master.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.master.Protos.Response.GetExecutors;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.MasterSnapshot;

/** The master's custom and default executors as the operator API (GET_EXECUTORS) and /master/state show them. */
final class ExecutorViews {
    private ExecutorViews() {
    }

    /** Every executor of every framework the master knows, with its agent. */
    static GetExecutors getExecutors(MasterSnapshot s) {
        GetExecutors.Builder b = GetExecutors.newBuilder();
        for (FrameworkSnapshot f : s.frameworks().frameworks()) {
            b.addAllExecutors(f.executors());
        }
        return b.build();
    }

    /** One executor in the shape of Mesos's master state JSON. */
    static Map<String, Object> json(GetExecutors.Executor executor) {
        ExecutorInfo e = executor.getExecutorInfo();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("executor_id", e.getExecutorId().getValue());
        m.put("name", e.getName());
        m.put("framework_id", e.getFrameworkId().getValue());
        m.put("slave_id", executor.getAgentId().getValue());
        m.put("type", e.getType().name());
        if (e.hasCommand()) {
            m.put("command", e.getCommand());
        }
        m.put("resources", Resources.of(e.getResourcesList()).flatten());
        if (e.hasLabels()) {
            m.put("labels", e.getLabels().getLabelsList());
        }
        return m;
    }
}
