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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.AppIds;
import org.agora.services.internal.app.GroupMeta;
import org.agora.services.internal.app.GroupSpec;
import org.agora.services.internal.app.Violations;
import org.agora.services.internal.deploy.Dependencies;
import org.agora.services.internal.deploy.Deployment;
import org.agora.services.internal.deploy.DeploymentPlanner;
import org.agora.services.internal.deploy.StepAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changes {@code /v2/groups} asks for: create or replace a group with its apps and nested groups, scale every
 * app of a group, remove a group. One change stamps every app it touches with one version and is written to the
 * store in one transaction (all of it or nothing); each changed app gets its own deployment (the scheduler's
 * deployments lock one app each), and {@link Dependencies} orders them. A locked app makes the change a
 * {@link ConflictException} unless {@code force}. Actor-confined.
 */
final class GroupCommands {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommands.class);

    /** The result: the change's version and its deployments, the last in dependency order first. */
    record Change(String version, List<Deployment> deployments) {
    }

    private final Term term;

    GroupCommands(Term term) {
        this.term = term;
    }

    /** {@code POST /v2/groups}: a group that does not exist yet (as a group or an app), with its content. */
    Change create(GroupSpec spec, boolean force) {
        if (groupIds().contains(spec.id()) || term.state.apps.containsKey(spec.id())) {
            throw new ConflictException("Group " + spec.id() + " is already created. Use PUT to change this group.",
                    List.of());
        }
        return put(spec, force);
    }

    /**
     * {@code PUT /v2/groups/{id}}: with {@code scaleBy} every app of the group scales; with {@code apps} or
     * {@code groups} the group's content becomes what is given (apps not given are removed); its
     * {@code dependencies} are replaced in any case.
     */
    Change put(GroupSpec spec, boolean force) {
        if (spec.scaleBy().isPresent()) {
            return scale(spec.id(), spec.scaleBy().get(), force);
        }
        Map<String, AppDefinition> targets = new LinkedHashMap<>();
        spec.allApps().forEach(a -> targets.put(a.id(), a));
        List<String> removed = new ArrayList<>();
        List<String> removedGroups = new ArrayList<>();
        if (spec.hasContent()) {
            for (String id : term.state.apps.keySet()) {
                if (AppIds.within(id, spec.id()) && !targets.containsKey(id)) {
                    removed.add(id);
                }
            }
            Set<String> given = new HashSet<>();
            spec.allGroups().forEach(g -> given.add(g.id()));
            for (String g : term.state.groups.keySet()) {
                if (AppIds.within(g, spec.id()) && !given.contains(g)) {
                    removedGroups.add(g);
                }
            }
        }
        Map<String, GroupMeta> groups = new TreeMap<>(term.state.groups);
        removedGroups.forEach(groups::remove);
        for (GroupSpec g : spec.allGroups()) {
            GroupMeta old = groups.getOrDefault(g.id(), new GroupMeta(g.id(), List.of(), List.of()));
            groups.put(g.id(), old.changed(g.dependencies(), ""));
        }
        return commit(targets, removed, groups, removedGroups, force);
    }

    /** {@code PUT /v2/groups/{id}} with {@code scaleBy}: each app's instances × factor, rounded up (Marathon). */
    Change scale(String groupId, double factor, boolean force) {
        requireGroup(groupId);
        Map<String, AppDefinition> targets = new LinkedHashMap<>();
        for (AppDefinition a : term.state.apps.values()) {
            if (AppIds.within(a.id(), groupId)) {
                targets.put(a.id(), a.scaled((int) Math.ceil(a.instances() * factor), ""));
            }
        }
        return commit(targets, List.of(), term.state.groups, List.of(), force);
    }

    /** {@code DELETE /v2/groups/{id}}: every app of the group is removed, with the group's own metadata. */
    Change remove(String groupId, boolean force) {
        requireGroup(groupId);
        List<String> removed = new ArrayList<>();
        for (String id : term.state.apps.keySet()) {
            if (AppIds.within(id, groupId)) {
                removed.add(id);
            }
        }
        List<String> removedGroups = new ArrayList<>();
        for (String g : term.state.groups.keySet()) {
            if (AppIds.within(g, groupId)) {
                removedGroups.add(g);
            }
        }
        Map<String, GroupMeta> groups = new TreeMap<>(term.state.groups);
        removedGroups.forEach(groups::remove);
        return commit(Map.of(), removed, groups, removedGroups, force);
    }

    private void requireGroup(String groupId) {
        if (!groupIds().contains(groupId)) {
            throw new AppNotFoundException("Group '" + groupId + "' does not exist");
        }
    }

    Set<String> groupIds() {
        return Dependencies.groupIds(term.state.apps, term.state.groups);
    }

    /**
     * Plans every app change (validation, locks), checks the dependencies of the result, stamps one version,
     * stores it all in one transaction and only then applies it to the state.
     */
    private Change commit(Map<String, AppDefinition> targets, List<String> removed, Map<String, GroupMeta> groups,
            List<String> removedGroups, boolean force) {
        Map<String, AppDefinition> after = new TreeMap<>(term.state.apps);
        removed.forEach(after::remove);
        after.putAll(targets);
        Violations v = new Violations();
        Dependencies.check(after, groups, id -> "/dependencies", v);
        v.throwIfAny();
        List<String> locked = new ArrayList<>();
        for (String id : concat(targets.keySet(), removed)) {
            term.state.deploymentOf(id).ifPresent(d -> locked.add(d.id()));
        }
        if (!locked.isEmpty() && !force) {
            throw new ConflictException("App is locked by one or more deployments. Override with the option "
                    + "'?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.", locked);
        }
        String version = term.state.nextVersion(term.now());
        List<AppDefinition> saved = new ArrayList<>();
        Set<String> existing = new HashSet<>();
        List<Deployment> deployments = new ArrayList<>();
        for (AppDefinition next : targets.values()) {
            AppDefinition current = term.state.apps.get(next.id());
            if (current != null && current.sameConfig(next) && current.instances() == next.instances()) {
                continue;
            }
            AppDefinition target = current == null || !current.sameConfig(next)
                    ? next.versioned(version, true, version)
                    : next.versioned(version, false, current.lastConfigChangeAt());
            List<StepAction> steps = DeploymentPlanner.plan(Optional.ofNullable(current), Optional.of(target));
            if (steps.isEmpty()) {
                steps = List.of(StepAction.ScaleApplication);
            }
            if (current != null) {
                existing.add(next.id());
            }
            saved.add(target);
            deployments.add(new Deployment(UUID.randomUUID().toString(), version, next.id(), steps, 0,
                    Optional.ofNullable(current), Optional.of(target)));
        }
        for (String id : removed) {
            deployments.add(new Deployment(UUID.randomUUID().toString(), version, id,
                    List.of(StepAction.StopApplication), 0, Optional.of(term.state.apps.get(id)), Optional.empty()));
        }
        List<GroupMeta> changedGroups = new ArrayList<>();
        Map<String, GroupMeta> stamped = new TreeMap<>(groups);
        groups.forEach((id, g) -> {
            if (!g.equals(term.state.groups.get(id))) {
                // put() marks the groups it changes with an empty last version: this change's version goes there
                GroupMeta s = g.versions().isEmpty() || !g.version().isEmpty() ? g
                        : new GroupMeta(id, g.dependencies(), g.versions().subList(0, g.versions().size() - 1))
                                .changed(g.dependencies(), version);
                stamped.put(id, s);
                changedGroups.add(s);
            }
        });
        term.store.saveChanges(saved, existing, removed, deployments, locked, changedGroups,
                term.state.groups.keySet(), removedGroups);
        // stored: now the state follows
        for (String id : locked) {
            Deployment old = term.state.deployments.remove(id);
            if (old != null) {
                LOG.info("services: deployment {} of app {} replaced by a forced group change", old.id(),
                        old.appId());
                term.deploymentEvent("deployment_failed", old);
            }
        }
        saved.forEach(a -> term.state.apps.put(a.id(), a));
        for (String id : removed) {
            term.state.apps.remove(id);
            term.state.delays.remove(id);
            term.state.lastFailures.remove(id);
            term.state.lastShortage.remove(id);
        }
        term.state.groups.clear();
        term.state.groups.putAll(stamped);
        for (Deployment d : deployments) {
            term.state.deployments.put(d.id(), d);
            term.deploymentEvent("deployment_info", d);
        }
        LOG.info("services: group change version {}: {} apps changed, {} removed, groups changed {} removed {}; "
                + "deployments {}", version, saved.size(), removed.size(),
                changedGroups.stream().map(GroupMeta::id).toList(), removedGroups,
                deployments.stream().map(d -> d.appId() + "=" + d.id()).toList());
        return new Change(version, lastFirst(deployments, after, groups));
    }

    /** The deployments, the one with the most apps before it in dependency order first (it ends last). */
    private static List<Deployment> lastFirst(List<Deployment> deployments, Map<String, AppDefinition> apps,
            Map<String, GroupMeta> groups) {
        Map<String, Integer> depth = new java.util.HashMap<>();
        for (Deployment d : deployments) {
            depth.put(d.id(), d.target().map(t -> depth(t.id(), apps, groups, new HashSet<>())).orElse(0));
        }
        List<Deployment> out = new ArrayList<>(deployments);
        out.sort((a, b) -> depth.get(b.id()) - depth.get(a.id()));
        return out;
    }

    private static int depth(String appId, Map<String, AppDefinition> apps, Map<String, GroupMeta> groups,
            Set<String> seen) {
        AppDefinition a = apps.get(appId);
        if (a == null || !seen.add(appId)) {
            return 0;
        }
        int max = 0;
        for (String dep : Dependencies.of(a, apps, groups)) {
            max = Math.max(max, 1 + depth(dep, apps, groups, seen));
        }
        return max;
    }

    private static List<String> concat(Set<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
