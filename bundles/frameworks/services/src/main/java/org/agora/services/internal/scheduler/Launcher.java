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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.AppIds;
import org.agora.services.internal.app.PortDefinition;
import org.agora.services.internal.instance.Health;
import org.agora.services.internal.instance.Instance;
import org.agora.services.internal.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches offers to the launch demand {@link DeploymentDriver} computed: each app's instances go where its
 * resources, ports and constraints fit, every instance is stored (TASK_STAGING) before its LAUNCH is sent, and
 * offers with nothing to launch are declined (briefly while something waits, longer when nothing does; a REVIVE
 * follows when demand appears). Apps in their launch delay wait. Actor-confined.
 */
final class Launcher {
    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

    /** How long declined offers stay away while nothing waits; a REVIVE brings them back sooner. */
    static final double IDLE_REFUSE_SECONDS = 30;
    /** How long declined offers stay away while something waits (for another agent's resources). */
    static final double BUSY_REFUSE_SECONDS = 2;

    private final Term term;
    private final Runnable onLaunchFailed;
    private boolean wanting;

    /** @param onLaunchFailed run (on the actor) after a launch call failed and its instances were dropped */
    Launcher(Term term, Runnable onLaunchFailed) {
        this.term = term;
        this.onLaunchFailed = onLaunchFailed;
    }

    /** Sends REVIVE when demand appears after a time without any. */
    void reviveIfNeeded() {
        boolean now = term.demand.values().stream().anyMatch(n -> n > 0);
        if (now && !wanting) {
            LOG.info("services: instances to launch: reviving offers");
            term.client.revive(List.of());
        }
        wanting = now;
    }

    void offers(List<Offer> offers) {
        for (Offer offer : offers) {
            term.state.agents.put(offer.getAgentId().getValue(), Placement.fields(offer));
        }
        for (Offer offer : offers) {
            List<TaskInfo> tasks = new ArrayList<>();
            List<String> launched = new ArrayList<>();
            try {
                fill(offer, tasks, launched);
            } catch (StoreUnavailableException e) {
                LOG.warn("services: launches wait for ZooKeeper: {}", e.getMessage());
            }
            if (tasks.isEmpty()) {
                double refuse = term.demand.values().stream().anyMatch(n -> n > 0) ? BUSY_REFUSE_SECONDS
                        : IDLE_REFUSE_SECONDS;
                term.client.decline(List.of(offer.getId()), Filters.newBuilder().setRefuseSeconds(refuse).build());
                continue;
            }
            term.client.launch(List.of(offer.getId()), tasks, Filters.newBuilder().setRefuseSeconds(1).build())
                    .whenComplete((ok, error) -> {
                        if (error != null) {
                            LOG.warn("services: LAUNCH of {} on offer {} failed: {}", launched,
                                    offer.getId().getValue(), error.toString());
                            onLaunchFailed(launched);
                        }
                    });
        }
    }

    private void onLaunchFailed(List<String> taskIds) {
        term.actor().execute(() -> {
            for (String taskId : taskIds) {
                Instance i = term.state.instances.remove(taskId);
                if (i != null) {
                    try {
                        term.store.removeInstance(taskId);
                    } catch (StoreUnavailableException e) {
                        LOG.warn("services: instance {} stays stored until ZooKeeper is back", taskId);
                    }
                }
            }
            onLaunchFailed.run();
        });
    }

    private void fill(Offer offer, List<TaskInfo> tasks, List<String> launched) {
        ResourcePool pool = new ResourcePool(offer);
        Map<String, String> fields = Placement.fields(offer);
        for (Map.Entry<String, Integer> wanted : term.demand.entrySet()) {
            AppDefinition app = term.state.apps.get(wanted.getKey());
            if (app == null || wanted.getValue() <= 0 || delayed(app)) {
                continue;
            }
            int left = wanted.getValue();
            while (left > 0) {
                List<Map<String, String>> placed = term.instancesOf(app.id()).stream()
                        .map(i -> term.state.agents.getOrDefault(i.agentId(), Map.of("hostname", i.host())))
                        .toList();
                if (!Placement.allows(app.constraints(), fields, placed, term.state.agents.values())) {
                    term.state.lastShortage.put(app.id(), "UnfulfilledConstraint");
                    break;
                }
                List<Integer> ports = app.portDefinitions().stream().map(PortDefinition::port).toList();
                Optional<ResourcePool.Slice> slice = pool.take(app.cpus(), app.mem(), app.disk(), app.gpus(), ports);
                if (slice.isEmpty()) {
                    term.state.lastShortage.put(app.id(), pool.shortage(app.cpus(), app.mem(), app.disk(),
                            app.gpus(), ports.size()).orElse("InsufficientPorts"));
                    break;
                }
                String taskId = AppIds.taskPrefix(app.id()) + "." + UUID.randomUUID();
                Instance instance = new Instance(taskId, app.id(), app.version(), app.lastConfigChangeAt(),
                        offer.getAgentId().getValue(), offer.getHostname(), slice.get().ports(),
                        TaskState.TASK_STAGING, term.now(), Optional.empty(), false, Health.UNKNOWN);
                term.store.saveInstance(instance);
                term.state.instances.put(taskId, instance);
                term.state.lastShortage.remove(app.id());
                tasks.add(TaskFactory.task(app, taskId, offer.getAgentId(), offer.getHostname(),
                        slice.get().resources(), slice.get().ports()));
                launched.add(taskId);
                left--;
                wanted.setValue(left);
                LOG.info("services: launching instance {} of app {} version {} on {} ports {}", taskId, app.id(),
                        app.version(), offer.getHostname(), slice.get().ports());
            }
        }
    }

    private boolean delayed(AppDefinition app) {
        SchedulerState.LaunchDelay d = term.state.delays.get(app.id());
        return d != null && d.until().isAfter(term.now());
    }
}
