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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.AppIds;
import org.agora.services.internal.app.GroupMeta;
import org.agora.services.internal.deploy.Dependencies;

/**
 * Marathon's group JSON: {@code id}, {@code dependencies}, {@code version}, and as {@code embed} asks the
 * {@code apps} (with their counts, and tasks or last failure as {@code group.apps.tasks} /
 * {@code group.apps.lastTaskFailure} ask) and nested {@code groups}. Without {@code embed}, apps and groups are
 * embedded, as Marathon does. Actor-confined.
 */
final class GroupViews {
    private final Term term;
    private final AppViews apps;

    GroupViews(Term term, AppViews apps) {
        this.term = term;
        this.apps = apps;
    }

    /**
     * @param embed Marathon's {@code embed} values ({@code group.groups}, {@code group.apps},
     *              {@code group.apps.tasks}, ...); empty for the default
     */
    Map<String, Object> group(String id, Set<String> embed) {
        Set<String> groupIds = Dependencies.groupIds(term.state.apps, term.state.groups);
        if (!groupIds.contains(id)) {
            throw new AppNotFoundException("Group '" + id + "' does not exist");
        }
        boolean withApps = embed.isEmpty() || embed.stream().anyMatch(e -> e.startsWith("group.apps"));
        boolean withGroups = embed.isEmpty() || embed.contains("group.groups");
        Set<String> appEmbed = new java.util.HashSet<>();
        for (String e : embed) {
            if (e.startsWith("group.apps.")) {
                appEmbed.add(e.substring("group.apps.".length()));
            }
        }
        return render(id, groupIds, withApps, withGroups, appEmbed);
    }

    private Map<String, Object> render(String id, Set<String> groupIds, boolean withApps, boolean withGroups,
            Set<String> appEmbed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        GroupMeta meta = term.state.groups.get(id);
        m.put("dependencies", meta == null ? List.of() : meta.dependencies());
        m.put("version", version(id, meta));
        if (withApps) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (AppDefinition a : term.state.apps.values()) {
                if (AppIds.parent(a.id()).equals(id)) {
                    list.add(apps.app(a, appEmbed));
                }
            }
            m.put("apps", list);
        }
        if (withGroups) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (String g : groupIds) {
                if (!"/".equals(g) && AppIds.parent(g).equals(id)) {
                    list.add(render(g, groupIds, withApps, withGroups, appEmbed));
                }
            }
            m.put("groups", list);
        }
        m.put("pods", List.of());
        return m;
    }

    /** The group's last change; for a group implied by its apps, the newest version among them. */
    private String version(String id, GroupMeta meta) {
        String v = meta == null ? "" : meta.version();
        for (AppDefinition a : term.state.apps.values()) {
            if (AppIds.within(a.id(), id) && a.version().compareTo(v) > 0) {
                v = a.version();
            }
        }
        return v;
    }

    /** {@code GET /v2/groups/{id}/versions}: the group's change versions, newest first. */
    List<String> versions(String id) {
        if (!Dependencies.groupIds(term.state.apps, term.state.groups).contains(id)) {
            throw new AppNotFoundException("Group '" + id + "' does not exist");
        }
        GroupMeta meta = term.state.groups.get(id);
        List<String> out = new ArrayList<>(meta == null ? List.of() : meta.versions());
        java.util.Collections.reverse(out);
        return out;
    }
}
