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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agora.agent.internal.task.TasksView;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskStatus;

/**
 * The agent's frameworks, executors and tasks in the shape of Mesos's agent {@code /state} (src/slave/http.cpp:
 * framework, executor and task writers), as maps and lists for {@link org.agora.api.json.Json#write}.
 */
final class FrameworksJson {
    private FrameworksJson() {
    }

    static List<Map<String, Object>> frameworks(List<TasksView.FrameworkView> frameworks) {
        List<Map<String, Object>> out = new ArrayList<>(frameworks.size());
        for (TasksView.FrameworkView f : frameworks) {
            out.add(framework(f));
        }
        return out;
    }

    private static Map<String, Object> framework(TasksView.FrameworkView f) {
        FrameworkInfo info = f.info();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", info.getId().getValue());
        m.put("name", info.getName());
        m.put("user", info.getUser());
        m.put("failover_timeout", info.getFailoverTimeout());
        m.put("checkpoint", info.getCheckpoint());
        m.put("hostname", info.getHostname());
        if (info.hasPrincipal()) {
            m.put("principal", info.getPrincipal());
        }
        boolean multiRole = info.getCapabilitiesList().stream()
                .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.MULTI_ROLE);
        if (multiRole) {
            m.put("roles", info.getRolesList());
        } else {
            m.put("role", info.getRole());
        }
        m.put("capabilities", info.getCapabilitiesList().stream().map(c -> c.getType().name()).toList());
        m.put("executors", executors(f.executors()));
        m.put("completed_executors", executors(f.completedExecutors()));
        return m;
    }

    private static List<Map<String, Object>> executors(List<TasksView.ExecutorView> executors) {
        List<Map<String, Object>> out = new ArrayList<>(executors.size());
        for (TasksView.ExecutorView e : executors) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id().getValue());
            m.put("name", e.name());
            m.put("source", e.source());
            m.put("container", e.containerId().getValue());
            m.put("directory", e.directory() == null ? "" : e.directory().toString());
            m.put("resources", resources(e.resources()));
            m.put("tasks", tasks(e.tasks()));
            m.put("queued_tasks", List.of());
            m.put("completed_tasks", tasks(e.completedTasks()));
            out.add(m);
        }
        return out;
    }

    private static List<Map<String, Object>> tasks(List<Task> tasks) {
        List<Map<String, Object>> out = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.getTaskId().getValue());
            m.put("name", t.getName());
            m.put("framework_id", t.getFrameworkId().getValue());
            // "" for command tasks, as in Mesos: their executor is the agent's, named after the task
            m.put("executor_id", t.getExecutorId().getValue());
            m.put("slave_id", t.getAgentId().getValue());
            m.put("state", t.getState().name());
            m.put("resources", resources(t.getResourcesList()));
            if (t.hasUser()) {
                m.put("user", t.getUser());
            }
            List<Map<String, Object>> statuses = new ArrayList<>(t.getStatusesCount());
            for (TaskStatus s : t.getStatusesList()) {
                statuses.add(status(s));
            }
            m.put("statuses", statuses);
            if (t.hasLabels()) {
                m.put("labels", t.getLabels().getLabelsList());
            }
            if (t.hasDiscovery()) {
                m.put("discovery", t.getDiscovery());
            }
            if (t.hasContainer()) {
                m.put("container", t.getContainer());
            }
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> status(TaskStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.getState().name());
        m.put("timestamp", s.getTimestamp());
        m.put("source", s.getSource().name());
        if (s.hasMessage()) {
            m.put("message", s.getMessage());
        }
        if (s.hasReason()) {
            m.put("reason", s.getReason().name());
        }
        if (s.hasHealthy()) {
            m.put("healthy", s.getHealthy());
        }
        if (s.hasContainerStatus()) {
            m.put("container_status", s.getContainerStatus()); // Mesos's: the container's networks and IPs
        }
        return m;
    }

    private static Map<String, Object> resources(List<Resource> resources) {
        try {
            return Resources.of(resources).flatten();
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }
}
