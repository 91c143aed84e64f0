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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.agora.agent.internal.Agent;
import org.agora.agent.internal.AgentView;
import org.agora.agent.internal.security.Caller;
import org.agora.agent.internal.task.TasksView;
import org.agora.api.Versions;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.containerizer.Containerizer;
import org.agora.api.json.Json;
import org.agora.api.security.Action;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.ResourceStatistics;
import org.agora.api.v1.agent.Protos.Call;
import org.agora.api.v1.agent.Protos.Response.GetContainers;
import org.agora.http.Encoding;
import org.agora.http.HttpException;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.http.SystemMetrics;

/**
 * What the containers of the agent use, as the kernel accounts it: {@code GET /monitor/statistics} (Mesos's JSON) and
 * the agent operator API's GET_CONTAINERS ({@code POST /api/v1}, protobuf or JSON). A container is listed with the
 * executor it runs (a command task's executor has the task's id); figures come from the containerizer's isolators.
 * A caller sees the containers of the executors it may see (VIEW_EXECUTOR on the user an executor runs as). The
 * operator API's GET_METRICS answers the figures of {@code /metrics/snapshot} ({@link AgentMetrics}) here too.
 */
final class ContainersEndpoint {
    private final AgentView agent;
    private final SystemMetrics system = new SystemMetrics();

    ContainersEndpoint(AgentView agent) {
        this.agent = agent;
    }

    /** One running container of an executor, with its usage when the containerizer measures it. */
    private record Entry(FrameworkID frameworkId, ExecutorID executorId, String executorName, String source,
            ContainerID containerId, Optional<ContainerUsage> usage) {
    }

    CompletableFuture<Response> statistics(Request request, Caller caller) {
        return entries(caller).thenApply(list -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Entry e : list) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("framework_id", e.frameworkId().getValue());
                m.put("executor_id", e.executorId().getValue());
                m.put("executor_name", e.executorName());
                m.put("source", e.source());
                m.put("container_id", e.containerId().getValue());
                m.put("statistics", e.usage().map(ContainersEndpoint::json).orElse(Map.of()));
                out.add(m);
            }
            return Response.json(Json.write(out));
        });
    }

    CompletableFuture<Response> operator(Request request, Caller caller) {
        Encoding in = Encoding.ofRequest(request);
        Encoding out = Encoding.accepted(request, "Accept");
        Call call = in.decode(request.body(), Call.newBuilder());
        var r = org.agora.api.v1.agent.Protos.Response.newBuilder();
        switch (call.getType()) {
            case GET_HEALTH -> {
                return CompletableFuture.completedFuture(out.respond(r.setType(
                        org.agora.api.v1.agent.Protos.Response.Type.GET_HEALTH).setGetHealth(
                        org.agora.api.v1.agent.Protos.Response.GetHealth.newBuilder().setHealthy(true)).build()));
            }
            case GET_CONTAINERS -> {
                return entries(caller).thenApply(list -> {
                    GetContainers.Builder b = GetContainers.newBuilder();
                    for (Entry e : list) {
                        GetContainers.Container.Builder c = GetContainers.Container.newBuilder()
                                .setFrameworkId(e.frameworkId()).setExecutorId(e.executorId())
                                .setExecutorName(e.executorName()).setContainerId(e.containerId());
                        e.usage().ifPresent(u -> c.setResourceStatistics(proto(u)));
                        b.addContainers(c);
                    }
                    return out.respond(r.setType(org.agora.api.v1.agent.Protos.Response.Type.GET_CONTAINERS)
                            .setGetContainers(b).build());
                });
            }
            case GET_METRICS -> {
                // the figures of /metrics/snapshot, for those who may GET it
                if (!caller.may(Action.GET_ENDPOINT_WITH_PATH, Optional.of("/metrics/snapshot"))) {
                    throw HttpException.forbidden(caller.describe() + " is not allowed to GET /metrics/snapshot");
                }
                // /proc is read off the agent's actor
                return agent.call(Agent::snapshot).thenApplyAsync(s -> {
                    var metrics = org.agora.api.v1.agent.Protos.Response.GetMetrics.newBuilder();
                    AgentMetrics.all(s, java.time.Instant.now(), system).forEach((name, value) -> metrics.addMetrics(
                            org.agora.api.v1.Protos.Metric.newBuilder().setName(name).setValue(value)));
                    return out.respond(r.setType(org.agora.api.v1.agent.Protos.Response.Type.GET_METRICS)
                            .setGetMetrics(metrics).build());
                });
            }
            case UNKNOWN -> throw HttpException.badRequest("Call type is missing or unknown");
            default -> throw new HttpException(501, "Agent operator call " + call.getType()
                    + " is not implemented by Agora " + Versions.AGORA);
        }
    }

    private CompletableFuture<List<Entry>> entries(Caller caller) {
        Optional<Containerizer> containerizer = agent.containerizer();
        // the authorizer is asked off the agent's actor
        return agent.call(Agent::snapshot).thenApplyAsync(s -> StateViews.visible(s.tasks().frameworks(), caller))
                .thenCompose(frameworks -> entries(frameworks, containerizer));
    }

    private static CompletableFuture<List<Entry>> entries(List<TasksView.FrameworkView> frameworks,
            Optional<Containerizer> containerizer) {
        List<CompletableFuture<Entry>> entries = new ArrayList<>();
        var running = containerizer.map(Containerizer::containers).orElse(java.util.Set.of());
        for (TasksView.FrameworkView f : frameworks) {
            for (TasksView.ExecutorView ev : f.executors()) {
                String run = ev.directory().getFileName().toString();
                for (ContainerID id : running) {
                    if (!id.getValue().equals(run) && !id.getValue().startsWith(run + ".")) {
                        continue;
                    }
                    entries.add(containerizer.get().usage(id).toCompletableFuture()
                            .handle((u, err) -> new Entry(f.info().getId(), ev.id(), ev.name(), ev.source(), id,
                                    Optional.ofNullable(u))));
                }
            }
        }
        return CompletableFuture.allOf(entries.toArray(CompletableFuture[]::new))
                .thenApply(v -> entries.stream().map(CompletableFuture::join).toList());
    }

    private static ResourceStatistics proto(ContainerUsage u) {
        ResourceStatistics.Builder b = ResourceStatistics.newBuilder().setTimestamp(u.timestamp());
        if (u.cpusUserTimeSecs() >= 0) {
            b.setCpusUserTimeSecs(u.cpusUserTimeSecs());
        }
        if (u.cpusSystemTimeSecs() >= 0) {
            b.setCpusSystemTimeSecs(u.cpusSystemTimeSecs());
        }
        if (u.cpusLimit() >= 0) {
            b.setCpusLimit(u.cpusLimit());
        }
        if (u.memRssBytes() >= 0) {
            b.setMemRssBytes(u.memRssBytes());
        }
        if (u.memLimitBytes() >= 0) {
            b.setMemLimitBytes(u.memLimitBytes());
        }
        if (u.processes() >= 0) {
            b.setProcesses((int) u.processes());
        }
        return b.build();
    }

    private static Map<String, Object> json(ContainerUsage u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", u.timestamp());
        putIfKnown(m, "cpus_user_time_secs", u.cpusUserTimeSecs());
        putIfKnown(m, "cpus_system_time_secs", u.cpusSystemTimeSecs());
        putIfKnown(m, "cpus_limit", u.cpusLimit());
        putIfKnown(m, "mem_rss_bytes", u.memRssBytes());
        putIfKnown(m, "mem_limit_bytes", u.memLimitBytes());
        putIfKnown(m, "processes", u.processes());
        return m;
    }

    private static void putIfKnown(Map<String, Object> m, String key, double value) {
        if (value >= 0) {
            m.put(key, value);
        }
    }

    private static void putIfKnown(Map<String, Object> m, String key, long value) {
        if (value >= 0) {
            m.put(key, value);
        }
    }
}
