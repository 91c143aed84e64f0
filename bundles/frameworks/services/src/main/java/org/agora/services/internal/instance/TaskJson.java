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
package org.agora.services.internal.instance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Marathon's JSON of a task: entries of {@code /v2/tasks} and {@code /v2/apps/{id}/tasks}. */
public final class TaskJson {
    private TaskJson() {
    }

    /**
     * @param healthChecked whether the app has health checks (then {@code healthCheckResults} is filled once the
     *                      agent reported)
     */
    public static Map<String, Object> task(Instance i, boolean healthChecked) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.taskId());
        m.put("appId", i.appId());
        m.put("host", i.host());
        m.put("ports", i.ports());
        m.put("servicePorts", List.of());
        m.put("slaveId", i.agentId());
        m.put("agentId", i.agentId());
        m.put("state", i.state().name());
        m.put("stagedAt", i.stagedAt().toString());
        m.put("startedAt", i.startedAt().map(Instant::toString).orElse(null));
        m.put("version", i.version());
        m.put("ipAddresses", List.of());
        List<Map<String, Object>> results = new ArrayList<>();
        if (healthChecked && i.health().alive().isPresent()) {
            Health h = i.health();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("alive", h.alive().get());
            r.put("consecutiveFailures", h.consecutiveFailures());
            r.put("firstSuccess", h.firstSuccess().map(Instant::toString).orElse(null));
            r.put("lastFailure", h.lastFailure().map(Instant::toString).orElse(null));
            r.put("lastSuccess", h.lastSuccess().map(Instant::toString).orElse(null));
            r.put("lastFailureCause", h.alive().get() ? null : "unhealthy (reported by the agent)");
            r.put("instanceId", i.taskId());
            results.add(r);
        }
        m.put("healthCheckResults", results);
        return m;
    }
}
