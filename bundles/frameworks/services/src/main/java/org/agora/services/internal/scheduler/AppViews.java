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
package org.agora.services.internal.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agora.api.v1.Protos.TaskState;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.AppJson;
import org.agora.services.internal.deploy.Deployment;
import org.agora.services.internal.deploy.DeploymentJson;
import org.agora.services.internal.deploy.StepAction;
import org.agora.services.internal.instance.Instance;
import org.agora.services.internal.instance.TaskJson;

/**
 * The read side of the API, built on the actor from the term's state: apps with their counts, tasks, deployments
 * and the launch queue, as Marathon's JSON (maps and lists ready for {@link org.agora.api.json.Json#write}).
 */
final class AppViews {
    private final Term term;

    AppViews(Term term) {
        this.term = term;
    }

    /**
     * One app with Marathon's status fields ({@code tasksRunning}, {@code tasksStaged}, {@code tasksHealthy},
     * {@code tasksUnhealthy}, {@code deployments}) and, as asked, its tasks and last failure.
     * {@code tasksRunning} counts instances being killed until they are gone: they still run.
     */
    Map<String, Object> app(AppDefinition a, Set<String> embed) {
        Map<String, Object> m = AppJson.render(a);
        List<Instance> instances = term.instancesOf(a.id());
        int staged = 0;
        int running = 0;
        int healthy = 0;
        int unhealthy = 0;
        for (Instance i : instances) {
            if (i.state() == TaskState.TASK_STAGING || i.state() == TaskState.TASK_STARTING) {
                staged++;
            } else if (i.state() == TaskState.TASK_RUNNING || i.state() == TaskState.TASK_KILLING) {
                running++;
            }
            if (a.hasHealthChecks() && !i.killing() && i.running()) {
                if (i.health().alive().orElse(false)) {
                    healthy++;
                } else if (i.health().alive().isPresent()) {
                    unhealthy++;
                }
            }
        }
        m.put("tasksStaged", staged);
        m.put("tasksRunning", running);
        m.put("tasksHealthy", healthy);
        m.put("tasksUnhealthy", unhealthy);
        m.put("deployments", term.state.deploymentOf(a.id()).map(d -> List.of(Map.of("id", d.id())))
                .orElse(List.of()));
        if (embed.contains("tasks")) {
            m.put("tasks", tasks(a.id()));
        }
        if (embed.contains("lastTaskFailure") && term.state.lastFailures.containsKey(a.id())) {
            m.put("lastTaskFailure", term.state.lastFailures.get(a.id()));
        }
        return m;
    }

    /** The tasks of one app, or of every app when {@code appId} is null. */
    List<Map<String, Object>> tasks(String appId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Instance i : term.state.instances.values()) {
            if (appId == null || i.appId().equals(appId)) {
                AppDefinition a = term.state.apps.get(i.appId());
                out.add(TaskJson.task(i, a != null && a.hasHealthChecks()));
            }
        }
        return out;
    }

    /** {@code /v2/deployments}; a deployment at its canary step shows the canaries in its current action. */
    List<Map<String, Object>> deployments() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Deployment d : term.state.deployments.values()) {
            Map<String, Object> summary = DeploymentJson.summary(d);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> current = (List<Map<String, Object>>) summary.get("currentActions");
            Map<String, Object> action = new LinkedHashMap<>(current.get(0));
            action.put("readinessCheckResults", term.readiness.results(d));
            if (d.action() == StepAction.CanaryApplication) {
                action.put("canary", new CanaryStep(term).status(d));
            }
            summary.put("currentActions", List.of(action));
            out.add(summary);
        }
        return out;
    }

    /** {@code /v2/queue}: apps with instances waiting to launch, their delay and why offers did not fit. */
    Map<String, Object> queue() {
        List<Map<String, Object>> entries = new ArrayList<>();
        Instant now = term.now();
        term.demand.forEach((appId, count) -> {
            AppDefinition a = term.state.apps.get(appId);
            if (count <= 0 || a == null) {
                return;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("count", count);
            e.put("app", AppJson.render(a));
            SchedulerState.LaunchDelay d = term.state.delays.get(appId);
            long left = d == null ? 0 : Math.max(0, Duration.between(now, d.until()).toSeconds());
            e.put("delay", Map.of("timeLeftSeconds", left, "overdue", d == null || !d.until().isAfter(now)));
            e.put("since", term.state.waitingSince.getOrDefault(appId, now).toString());
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("lastUnusedOfferReason", term.state.lastShortage.getOrDefault(appId, null));
            e.put("processedOffersSummary", summary);
            entries.add(e);
        });
        return Map.of("queue", entries);
    }
}
