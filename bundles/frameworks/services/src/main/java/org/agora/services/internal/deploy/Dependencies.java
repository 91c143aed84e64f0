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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.AppIds;
import org.agora.services.internal.app.GroupMeta;
import org.agora.services.internal.app.Violations;

/**
 * Marathon's {@code dependencies} between apps and groups: an app depends on the apps its own {@code dependencies}
 * name and on those its enclosing groups' {@code dependencies} name; a dependency on a group means every app under
 * that group. A dependent app's deployment steps run once none of its dependencies has a deployment running (they
 * are up and healthy), which orders the starts of a group as Marathon's deployment plan does. Pure functions over
 * a snapshot of the apps and groups.
 */
public final class Dependencies {
    private Dependencies() {
    }

    /** Every group: {@code /}, the explicit ones and those implied by app and group ids. */
    public static Set<String> groupIds(Map<String, AppDefinition> apps, Map<String, GroupMeta> groups) {
        Set<String> out = new TreeSet<>();
        out.add("/");
        for (String id : apps.keySet()) {
            addAncestors(AppIds.parent(id), out);
        }
        for (String id : groups.keySet()) {
            addAncestors(id, out);
        }
        return out;
    }

    private static void addAncestors(String group, Set<String> out) {
        String g = group;
        while (out.add(g) && !"/".equals(g)) {
            g = AppIds.parent(g);
        }
    }

    /** The ids of the apps {@code app} depends on, directly or through its groups (never itself). */
    public static Set<String> of(AppDefinition app, Map<String, AppDefinition> apps, Map<String, GroupMeta> groups) {
        List<String> refs = new ArrayList<>(app.dependencies());
        for (String g = AppIds.parent(app.id()); ; g = AppIds.parent(g)) {
            GroupMeta meta = groups.get(g);
            if (meta != null) {
                refs.addAll(meta.dependencies());
            }
            if ("/".equals(g)) {
                break;
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (String ref : refs) {
            if (apps.containsKey(ref)) {
                out.add(ref);
            } else {
                for (String other : apps.keySet()) {
                    // a group that holds the app itself cannot be waited for: the app would wait on itself
                    if (AppIds.within(other, ref) && !AppIds.within(app.id(), ref)) {
                        out.add(other);
                    }
                }
            }
        }
        out.remove(app.id());
        return out;
    }

    /**
     * Records what is wrong with the dependencies of {@code apps} and {@code groups} taken together: a dependency
     * that names neither an app nor a group, and a cycle (Marathon's 422 "Dependency graph has cyclic
     * dependencies.").
     *
     * @param pathOf the JSON path to report a problem of an app or group id at
     */
    public static void check(Map<String, AppDefinition> apps, Map<String, GroupMeta> groups,
            java.util.function.Function<String, String> pathOf, Violations v) {
        Set<String> groupIds = groupIds(apps, groups);
        for (AppDefinition a : apps.values()) {
            unknown(a.id(), a.dependencies(), apps, groupIds, pathOf, v);
        }
        for (GroupMeta g : groups.values()) {
            unknown(g.id(), g.dependencies(), apps, groupIds, pathOf, v);
        }
        Map<String, Set<String>> edges = new HashMap<>();
        for (AppDefinition a : apps.values()) {
            edges.put(a.id(), of(a, apps, groups));
        }
        Map<String, Integer> mark = new HashMap<>();
        for (String id : edges.keySet()) {
            String cycle = cycleFrom(id, edges, mark);
            if (cycle != null) {
                v.add(pathOf.apply(cycle), "Dependency graph has cyclic dependencies (through " + cycle + ").");
                return;
            }
        }
    }

    /**
     * The checks of {@link #check} for one app about to be created or changed: the dependencies it adds exist
     * (one it had already may name an app removed since: a scale of it is not refused for that), and no cycle runs
     * through it.
     *
     * @throws org.agora.services.internal.app.InvalidAppException at {@code /dependencies}
     */
    public static void checkApp(AppDefinition app, Map<String, AppDefinition> apps, Map<String, GroupMeta> groups) {
        Map<String, AppDefinition> after = new HashMap<>(apps);
        AppDefinition before = after.put(app.id(), app);
        List<String> added = new ArrayList<>(app.dependencies());
        if (before != null) {
            added.removeAll(before.dependencies());
        }
        Violations v = new Violations();
        unknown(app.id(), added, after, groupIds(after, groups), id -> "/dependencies", v);
        Map<String, Set<String>> edges = new HashMap<>();
        for (AppDefinition a : after.values()) {
            edges.put(a.id(), of(a, after, groups));
        }
        if (cycleFrom(app.id(), edges, new HashMap<>()) != null) {
            v.add("/dependencies", "Dependency graph has cyclic dependencies (through " + app.id() + ").");
        }
        v.throwIfAny();
    }

    private static void unknown(String owner, List<String> refs, Map<String, AppDefinition> apps,
            Set<String> groupIds, java.util.function.Function<String, String> pathOf, Violations v) {
        for (String ref : refs) {
            if (!apps.containsKey(ref) && !groupIds.contains(ref)) {
                v.add(pathOf.apply(owner), "dependency '" + ref + "' of " + owner + " is neither an app nor a group");
            }
        }
    }

    /** Depth-first search; 1 = on the path, 2 = done. The app where a cycle closes, or null. */
    private static String cycleFrom(String id, Map<String, Set<String>> edges, Map<String, Integer> mark) {
        Integer m = mark.get(id);
        if (m != null) {
            return m == 1 ? id : null;
        }
        mark.put(id, 1);
        for (String next : edges.getOrDefault(id, Set.of())) {
            String c = cycleFrom(next, edges, mark);
            if (c != null) {
                return c;
            }
        }
        mark.put(id, 2);
        return null;
    }
}
