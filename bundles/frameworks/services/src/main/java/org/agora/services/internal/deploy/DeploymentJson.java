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
package org.agora.services.internal.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agora.services.internal.app.AppJson;

/** Marathon's JSON of deployments: {@code /v2/deployments} entries and the {@code plan} of deployment events. */
public final class DeploymentJson {
    private DeploymentJson() {
    }

    /** An entry of {@code GET /v2/deployments}. */
    public static Map<String, Object> summary(Deployment d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("version", d.version());
        m.put("affectedApps", List.of(d.appId()));
        m.put("affectedPods", List.of());
        m.put("steps", d.steps().stream().map(s -> Map.of("actions", List.of(action(s, d.appId())))).toList());
        Map<String, Object> current = new LinkedHashMap<>(action(d.action(), d.appId()));
        current.put("readinessCheckResults", List.of());
        m.put("currentActions", List.of(current));
        m.put("currentStep", d.currentStep() + 1);
        m.put("totalSteps", d.steps().size());
        return m;
    }

    /** The {@code plan} of deployment events: original and target as groups holding the app. */
    public static Map<String, Object> plan(Deployment d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("version", d.version());
        m.put("original", group(d.original().map(AppJson::render).map(List::of).orElse(List.of()), d.version()));
        m.put("target", group(d.target().map(AppJson::render).map(List::of).orElse(List.of()), d.version()));
        m.put("steps", d.steps().stream().map(s -> Map.of("actions", List.of(action(s, d.appId())))).toList());
        return m;
    }

    /** The {@code currentStep} of deployment_info and deployment_step_success events. */
    public static Map<String, Object> step(Deployment d) {
        return Map.of("actions", List.of(action(d.action(), d.appId())));
    }

    private static Map<String, Object> action(StepAction a, String appId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", a.name());
        m.put("app", appId);
        return m;
    }

    private static Map<String, Object> group(List<Map<String, Object>> apps, String version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "/");
        m.put("apps", apps);
        m.put("groups", List.of());
        m.put("dependencies", List.of());
        m.put("version", version);
        return m;
    }
}
