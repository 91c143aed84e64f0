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

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.scheduler.client.SchedulerClient;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.deploy.Deployment;
import org.agora.services.internal.deploy.DeploymentJson;
import org.agora.services.internal.events.EventBus;
import org.agora.services.internal.instance.Instance;
import org.agora.services.internal.store.ServiceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything of one leadership term: the state loaded from the store, the scheduler client subscribed for it, and
 * the operations the parts of the scheduler share (kill an instance, publish an event). Built when leadership is
 * gained, dropped whole when it is lost. Actor-confined.
 */
final class Term {
    private static final Logger LOG = LoggerFactory.getLogger(Term.class);

    /** A kill not answered by a terminal update within this time is sent again. */
    static final long KILL_RETRY_MS = 10_000;

    final SchedulerState state;
    final ServiceStore store;
    final EventBus events;
    final Clock clock;
    final SchedulerClient client;
    /** The readiness checks of new instances in deployments. */
    final ReadinessChecks readiness;
    private final java.util.concurrent.Executor actor;
    /** Launches wanted now per app, as the last {@link DeploymentDriver#tick} computed them. */
    final Map<String, Integer> demand = new LinkedHashMap<>();
    private final Map<String, Instant> killsSent = new HashMap<>();

    Term(SchedulerState state, ServiceStore store, EventBus events, Clock clock, SchedulerClient client,
            java.util.concurrent.Executor actor) {
        this.actor = actor;
        this.state = state;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.client = client;
        this.readiness = new ReadinessChecks(this);
    }

    /** The actor's executor, for work that comes back from the client's threads. */
    java.util.concurrent.Executor actor() {
        return actor;
    }

    Instant now() {
        return clock.instant();
    }

    /** Marks the instance as being killed (stored first) and asks Mesos to kill it. */
    void kill(Instance instance, String why) {
        Instance killing = instance.killing() ? instance : instance.withKilling();
        if (!instance.killing()) {
            store.saveInstance(killing);
            state.instances.put(killing.taskId(), killing);
        }
        LOG.info("services: killing instance {} of app {} ({})", instance.taskId(), instance.appId(), why);
        sendKill(killing);
    }

    /** Sends KILL again for instances being killed whose kill was not answered. */
    void retryKills() {
        Instant now = now();
        for (Instance i : new ArrayList<>(state.instances.values())) {
            Instant sent = killsSent.get(i.taskId());
            if (i.killing() && (sent == null || sent.plusMillis(KILL_RETRY_MS).isBefore(now))) {
                sendKill(i);
            }
        }
    }

    private void sendKill(Instance i) {
        killsSent.put(i.taskId(), now());
        client.kill(TaskID.newBuilder().setValue(i.taskId()).build(),
                AgentID.newBuilder().setValue(i.agentId()).build()).whenComplete((ok, error) -> {
                    if (error != null) {
                        LOG.warn("services: KILL of {} failed: {}", i.taskId(), error.toString());
                    }
                });
    }

    void forgetKill(String taskId) {
        killsSent.remove(taskId);
    }

    /** Publishes Marathon's deployment event of {@code type} for {@code d}. */
    void deploymentEvent(String type, Deployment d) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", d.id());
        payload.put("plan", DeploymentJson.plan(d));
        if (type.equals("deployment_info") || type.equals("deployment_step_success")
                || type.equals("deployment_step_failure")) {
            payload.put("currentStep", DeploymentJson.step(d));
        }
        if (type.equals("deployment_failed")) {
            String reason = state.failureReasons.remove(d.id());
            if (reason != null) {
                payload.put("reason", reason);
            }
            state.crashes.remove(d.id());
        }
        events.publish(type, payload);
    }

    /** The app's non-terminal instances. */
    List<Instance> instancesOf(String appId) {
        return state.instancesOf(appId);
    }

    AppDefinition app(String appId) {
        AppDefinition a = state.apps.get(appId);
        if (a == null) {
            throw new AppNotFoundException("App '" + appId + "' does not exist");
        }
        return a;
    }
}
