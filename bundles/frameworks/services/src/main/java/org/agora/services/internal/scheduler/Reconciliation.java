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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.services.internal.instance.Instance;
import org.agora.services.internal.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription's start, as Mesos's reconciliation guide has it: the framework id is stored, the stored instances
 * are reconciled explicitly, and once all of them were answered (or the timeout passed) implicitly; only then do
 * deployments act and offers get used. Status updates are applied, then acknowledged. Actor-confined; one per
 * leadership term.
 */
final class Reconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    private final Term term;
    private final StatusUpdates updates;
    private final ScheduledExecutorService actor;
    private final Duration timeout;
    private final BooleanSupplier current;
    private final Runnable tick;

    /**
     * @param current whether this term still runs (checked when the timeout fires)
     * @param tick    a pass of the deployments, run once reconciled
     */
    Reconciliation(Term term, StatusUpdates updates, ScheduledExecutorService actor, Duration timeout,
            BooleanSupplier current, Runnable tick) {
        this.term = term;
        this.updates = updates;
        this.actor = actor;
        this.timeout = timeout;
        this.current = current;
        this.tick = tick;
    }

    void subscribed(Event.Subscribed s) {
        SchedulerState state = term.state;
        String id = s.getFrameworkId().getValue();
        if (!state.frameworkId.equals(Optional.of(id))) {
            term.store.saveFrameworkId(id);
            state.frameworkId = Optional.of(id);
        }
        state.subscribed = true;
        state.reconciled = false;
        state.awaitingReconcile.clear();
        state.awaitingReconcile.addAll(state.instances.keySet());
        LOG.info("services: subscribed as framework {}; reconciling {} instances", id,
                state.awaitingReconcile.size());
        List<Call.Reconcile.Task> tasks = new ArrayList<>();
        for (Instance i : state.instances.values()) {
            tasks.add(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue(i.taskId()))
                    .setAgentId(AgentID.newBuilder().setValue(i.agentId())).build());
        }
        if (tasks.isEmpty()) {
            reconciled();
            return;
        }
        term.client.reconcile(tasks);
        actor.schedule(() -> {
            if (current.getAsBoolean() && !state.reconciled) {
                LOG.warn("services: {} instances unanswered by the explicit reconciliation after {}; going on",
                        state.awaitingReconcile.size(), timeout);
                reconciled();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Applies an update and acknowledges it; one that cannot be stored stays unacknowledged (sent again). */
    void update(TaskStatus status) {
        try {
            updates.apply(status);
            term.client.acknowledge(status);
        } catch (StoreUnavailableException e) {
            LOG.warn("services: update {} of {} not acknowledged, ZooKeeper unavailable: {}", status.getState(),
                    status.getTaskId().getValue(), e.getMessage());
            return;
        }
        SchedulerState state = term.state;
        if (!state.reconciled && state.subscribed && state.awaitingReconcile.isEmpty()) {
            reconciled();
        }
    }

    private void reconciled() {
        term.state.reconciled = true;
        // implicit reconciliation: the master reports every task of the framework, unknown ones get killed
        term.client.reconcile(List.of());
        LOG.info("services: reconciled; deployments resume");
        tick.run();
    }
}
