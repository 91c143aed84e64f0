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
