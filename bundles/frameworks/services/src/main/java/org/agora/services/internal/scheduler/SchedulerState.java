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

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.GroupMeta;
import org.agora.services.internal.deploy.Deployment;
import org.agora.services.internal.instance.Instance;

/**
 * The scheduler's state during one leadership term: apps, instances, deployments, launch delays and what is known
 * of agents. Confined to the scheduler's actor thread; readers on other threads get snapshots built there.
 */
final class SchedulerState {

    /** Launch delay of an app whose instances failed: {@code failures} in a row, no launch before {@code until}. */
    record LaunchDelay(int failures, Instant until) {
    }

    final Map<String, AppDefinition> apps = new TreeMap<>();
    final Map<String, Instance> instances = new LinkedHashMap<>();
    /** The groups' own metadata (dependencies, versions), by group id; groups implied by app ids have none. */
    final Map<String, GroupMeta> groups = new TreeMap<>();
    final Map<String, Deployment> deployments = new LinkedHashMap<>();
    final Map<String, LaunchDelay> delays = new HashMap<>();
    /** The constraint fields ({@code hostname}, attributes) of every agent seen in an offer, by agent id. */
    final Map<String, Map<String, String>> agents = new HashMap<>();
    /** Why the last offer did not fit an app's next instance, for {@code /v2/queue}. */
    final Map<String, String> lastShortage = new HashMap<>();
    /** When an app's launch demand began, for {@code /v2/queue}'s {@code since}. */
    final Map<String, Instant> waitingSince = new HashMap<>();

    /** The last unexpected end of an instance per app: Marathon's {@code lastTaskFailure}. */
    final Map<String, Map<String, Object>> lastFailures = new HashMap<>();
    /** Unexpected ends of the new version's instances per running deployment (crash-loop limit). */
    final Map<String, Integer> crashes = new HashMap<>();
    /** Since when the canaries of a deployment at its canary step have all been ready (in memory only). */
    final Map<String, Instant> canaryReadySince = new HashMap<>();
    /** Why a deployment failed, for its {@code deployment_failed} event. */
    final Map<String, String> failureReasons = new HashMap<>();
    /** Instances asked about by the explicit reconciliation and not answered yet. */
    final Set<String> awaitingReconcile = new HashSet<>();

    Optional<String> frameworkId = Optional.empty();
    boolean subscribed;
    boolean reconciled;
    String lastVersion = "";

    Optional<Deployment> deploymentOf(String appId) {
        return deployments.values().stream().filter(d -> d.appId().equals(appId)).findFirst();
    }

    List<Instance> instancesOf(String appId) {
        List<Instance> out = new ArrayList<>();
        for (Instance i : instances.values()) {
            if (i.appId().equals(appId)) {
                out.add(i);
            }
        }
        return out;
    }

    /** Version stamps are unique and increasing even when two changes fall in the same millisecond. */
    String nextVersion(Instant now) {
        String v = Versions.format(now);
        if (v.compareTo(lastVersion) <= 0) {
            v = Versions.format(Versions.parse(lastVersion).plusMillis(1));
        }
        lastVersion = v;
        return v;
    }
}
