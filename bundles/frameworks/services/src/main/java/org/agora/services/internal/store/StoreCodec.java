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
package org.agora.services.internal.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.json.Json;
import org.agora.api.json.JsonTree;
import org.agora.api.v1.Protos.TaskState;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.AppJson;
import org.agora.services.internal.app.GroupMeta;
import org.agora.services.internal.deploy.Deployment;
import org.agora.services.internal.deploy.StepAction;
import org.agora.services.internal.instance.Health;
import org.agora.services.internal.instance.Instance;

/** The JSON of the znodes: app versions (Marathon's app JSON), deployments and instances. */
final class StoreCodec {
    private StoreCodec() {
    }

    static byte[] app(AppDefinition app) {
        return bytes(AppJson.render(app));
    }

    static AppDefinition app(byte[] data) {
        return AppJson.parseStored(object(data));
    }

    static byte[] group(GroupMeta g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.id());
        m.put("dependencies", g.dependencies());
        m.put("versions", g.versions());
        return bytes(m);
    }

    @SuppressWarnings("unchecked")
    static GroupMeta group(byte[] data) {
        Map<String, Object> m = object(data);
        return new GroupMeta((String) m.get("id"), (List<String>) m.getOrDefault("dependencies", List.of()),
                (List<String>) m.getOrDefault("versions", List.of()));
    }

    static byte[] deployment(Deployment d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("version", d.version());
        m.put("appId", d.appId());
        m.put("steps", d.steps().stream().map(StepAction::name).toList());
        m.put("currentStep", d.currentStep());
        m.put("original", d.original().map(AppJson::render).orElse(null));
        m.put("target", d.target().map(AppJson::render).orElse(null));
        m.put("rollback", d.rollback());
        return bytes(m);
    }

    @SuppressWarnings("unchecked")
    static Deployment deployment(byte[] data) {
        Map<String, Object> m = object(data);
        List<StepAction> steps = new ArrayList<>();
        for (Object s : (List<Object>) m.get("steps")) {
            steps.add(StepAction.valueOf((String) s));
        }
        return new Deployment((String) m.get("id"), (String) m.get("version"), (String) m.get("appId"), steps,
                ((Number) m.get("currentStep")).intValue(),
                Optional.ofNullable((Map<String, Object>) m.get("original")).map(AppJson::parseStored),
                Optional.ofNullable((Map<String, Object>) m.get("target")).map(AppJson::parseStored),
                Boolean.TRUE.equals(m.get("rollback")));
    }

    static byte[] instance(Instance i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("taskId", i.taskId());
        m.put("appId", i.appId());
        m.put("version", i.version());
        m.put("configVersion", i.configVersion());
        m.put("agentId", i.agentId());
        m.put("host", i.host());
        m.put("ports", i.ports());
        m.put("state", i.state().name());
        m.put("stagedAt", i.stagedAt().toString());
        m.put("startedAt", i.startedAt().map(Instant::toString).orElse(null));
        m.put("killing", i.killing());
        return bytes(m);
    }

    @SuppressWarnings("unchecked")
    static Instance instance(byte[] data) {
        Map<String, Object> m = object(data);
        List<Integer> ports = new ArrayList<>();
        for (Object p : (List<Object>) m.get("ports")) {
            ports.add(((Number) p).intValue());
        }
        return new Instance((String) m.get("taskId"), (String) m.get("appId"), (String) m.get("version"),
                (String) m.get("configVersion"), (String) m.get("agentId"), (String) m.get("host"), ports,
                TaskState.valueOf((String) m.get("state")), Instant.parse((String) m.get("stagedAt")),
                Optional.ofNullable((String) m.get("startedAt")).map(Instant::parse),
                Boolean.TRUE.equals(m.get("killing")), Health.UNKNOWN);
    }

    private static byte[] bytes(Object value) {
        return Json.write(value).getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(byte[] data) {
        return (Map<String, Object>) JsonTree.parse(new String(data, StandardCharsets.UTF_8));
    }
}
