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
package org.agora.services.internal.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group definition as Marathon's {@code POST}/{@code PUT /v2/groups} take it, with every id made absolute
 * (relative ids resolve against the enclosing group) and its apps parsed and validated. Each problem is recorded
 * at its JSON path ({@code /apps(0)/cmd}, {@code /groups(1)/id}) so that one 422 names them all.
 *
 * @param id           the group's absolute id
 * @param dependencies its {@code dependencies}, absolute; empty when not given
 * @param apps         its apps (full definitions, ids absolute)
 * @param groups       its nested groups
 * @param hasContent   whether {@code apps} or {@code groups} were given: a {@code PUT} then replaces the content
 * @param scaleBy      {@code scaleBy}, when given
 */
public record GroupSpec(String id, List<String> dependencies, List<AppDefinition> apps, List<GroupSpec> groups,
        boolean hasContent, Optional<Double> scaleBy) {

    public GroupSpec {
        dependencies = List.copyOf(dependencies);
        apps = List.copyOf(apps);
        groups = List.copyOf(groups);
    }

    /**
     * Reads a group; its id is {@code fallbackId} when the body has none, else the body's resolved against
     * {@code base}.
     *
     * @throws InvalidAppException naming every bad field
     */
    public static GroupSpec parse(Map<String, Object> json, String base, String fallbackId) {
        Violations v = new Violations();
        GroupSpec spec = read(json, "", base, fallbackId, v);
        v.throwIfAny();
        return spec;
    }

    private static GroupSpec read(Map<String, Object> json, String path, String base, String fallbackId,
            Violations v) {
        JsonFields f = new JsonFields(json, path, v);
        String id = f.string("id").map(given -> AppIds.resolve(base, given)).orElse(fallbackId);
        if (!"/".equals(id)) {
            AppIds.problem(id).ifPresent(p -> v.add(path + "/id", p));
        }
        List<String> deps = new ArrayList<>();
        for (String d : f.strings("dependencies")) {
            deps.add(AppIds.resolve(AppIds.parent(id), d));
        }
        List<AppDefinition> apps = new ArrayList<>();
        List<Object> rawApps = f.array("apps");
        for (int i = 0; i < rawApps.size(); i++) {
            String at = path + "/apps(" + i + ")";
            if (!(rawApps.get(i) instanceof Map<?, ?> m)) {
                v.add(at, "error.expected.jsobject");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> app = new LinkedHashMap<>((Map<String, Object>) m);
            if (!(app.get("id") instanceof String appId)) {
                v.add(at + "/id", "error.path.missing");
                continue;
            }
            String absolute = AppIds.resolve(id, appId);
            if (!AppIds.parent(absolute).equals(id)) {
                v.add(at + "/id", "app '" + absolute + "' is not a child of group '" + id + "'");
                continue;
            }
            app.put("id", absolute);
            Violations appViolations = new Violations();
            AppDefinition parsed = AppJson.read(app, Optional.empty(), appViolations);
            AppValidator.check(parsed, appViolations);
            appViolations.details().forEach(d -> {
                @SuppressWarnings("unchecked")
                List<String> errors = (List<String>) d.get("errors");
                errors.forEach(e -> v.add(at + d.get("path"), e));
            });
            apps.add(parsed);
        }
        List<GroupSpec> groups = new ArrayList<>();
        List<Object> rawGroups = f.array("groups");
        for (int i = 0; i < rawGroups.size(); i++) {
            String at = path + "/groups(" + i + ")";
            if (!(rawGroups.get(i) instanceof Map<?, ?> m)) {
                v.add(at, "error.expected.jsobject");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> child = (Map<String, Object>) m;
            if (!(child.get("id") instanceof String)) {
                v.add(at + "/id", "error.path.missing");
                continue;
            }
            GroupSpec g = read(child, at, id, id, v);
            if (!AppIds.parent(g.id()).equals(id)) {
                v.add(at + "/id", "group '" + g.id() + "' is not a child of group '" + id + "'");
            }
            groups.add(g);
        }
        Optional<Double> scaleBy = f.has("scaleBy") ? Optional.of(f.decimal("scaleBy", 1.0)) : Optional.empty();
        scaleBy.filter(s -> s < 0).ifPresent(s -> v.add(path + "/scaleBy", "got " + s + ", expected 0 or more"));
        return new GroupSpec(id, deps, apps, groups, f.has("apps") || f.has("groups"), scaleBy);
    }

    /** Every app of this group and the groups in it. */
    public List<AppDefinition> allApps() {
        List<AppDefinition> out = new ArrayList<>(apps);
        groups.forEach(g -> out.addAll(g.allApps()));
        return out;
    }

    /** This group and every group in it. */
    public List<GroupSpec> allGroups() {
        List<GroupSpec> out = new ArrayList<>(List.of(this));
        groups.forEach(g -> out.addAll(g.allGroups()));
        return out;
    }
}
