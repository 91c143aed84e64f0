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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.instance.Health;
import org.agora.services.internal.instance.Instance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the master's status updates to the instances: state and health, stored before the update is
 * acknowledged (a store failure leaves it unacknowledged, so the agent sends it again); an instance that ended is
 * removed, and unless it was being killed its app's launch delay grows (Marathon's backoff). Tasks this scheduler
 * does not know and that still run are killed. Actor-confined.
 */
final class StatusUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(StatusUpdates.class);

    private final Term term;

    StatusUpdates(Term term) {
        this.term = term;
    }

    /** @return true if the update was applied (and may be acknowledged) */
    boolean apply(TaskStatus status) {
        String taskId = status.getTaskId().getValue();
        SchedulerState s = term.state;
        s.awaitingReconcile.remove(taskId);
        Instance i = s.instances.get(taskId);
        TaskState state = status.getState();
        if (i == null) {
            if (!Instance.terminal(state)) {
                LOG.warn("services: task {} on agent {} is {} but belongs to no instance: killing it", taskId,
                        status.getAgentId().getValue(), state);
                term.client.kill(status.getTaskId(), status.getAgentId());
            }
            return true;
        }
        Instant now = term.now();
        boolean stateChanged = i.state() != state;
        Instance updated = i.withState(state, state == TaskState.TASK_RUNNING
                ? i.startedAt().or(() -> Optional.of(now)) : i.startedAt());
        if (status.hasHealthy()) {
            Health before = i.health();
            updated = updated.withHealth(before.reported(status.getHealthy(), now));
            if (before.alive().isEmpty() || before.alive().get() != status.getHealthy()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("appId", i.appId());
                p.put("instanceId", i.taskId());
                p.put("taskId", i.taskId());
                p.put("version", i.version());
                p.put("alive", status.getHealthy());
                term.events.publish("health_status_changed_event", p);
                LOG.info("services: instance {} of app {} is {}", taskId, i.appId(),
                        status.getHealthy() ? "healthy" : "unhealthy");
            }
        }
        if (Instance.terminal(state)) {
            term.store.removeInstance(taskId);
            s.instances.remove(taskId);
            term.forgetKill(taskId);
            if (!i.killing()) {
                failed(i, status);
            }
        } else {
            if (stateChanged) {
                term.store.saveInstance(updated);
            }
            s.instances.put(taskId, updated);
            if (state == TaskState.TASK_RUNNING && s.delays.remove(i.appId()) != null) {
                LOG.info("services: app {} runs again: launch delay reset", i.appId());
            }
        }
        if (stateChanged) {
            LOG.info("services: instance {} of app {} on {} is {}{}", taskId, i.appId(), i.host(), state,
                    status.hasMessage() ? " (" + status.getMessage() + ")" : "");
            publish(updated, status);
        }
        return true;
    }

    private void failed(Instance i, TaskStatus status) {
        AppDefinition app = term.state.apps.get(i.appId());
        if (app == null) {
            return;
        }
        SchedulerState.LaunchDelay before = term.state.delays.get(app.id());
        int failures = before == null ? 1 : before.failures() + 1;
        Instant until = term.now().plus(app.backoff().delayAfter(failures));
        term.state.delays.put(app.id(), new SchedulerState.LaunchDelay(failures, until));
        LOG.info("services: instance {} of app {} ended {} unexpectedly ({}); next launch not before {}",
                i.taskId(), app.id(), status.getState(), status.getMessage(), until);
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("appId", app.id());
        failure.put("host", i.host());
        failure.put("message", status.getMessage());
        failure.put("state", status.getState().name());
        failure.put("taskId", i.taskId());
        failure.put("timestamp", term.now().toString());
        failure.put("version", i.version());
        term.state.lastFailures.put(app.id(), failure);
        term.state.deploymentOf(app.id()).filter(d -> !d.rollback()).ifPresent(d -> {
            if (d.target().map(t -> t.lastConfigChangeAt().equals(i.configVersion())).orElse(false)) {
                term.state.crashes.merge(d.id(), 1, Integer::sum);
                term.state.failureReasons.put(d.id(), "instance " + i.taskId() + " ended " + status.getState()
                        + (status.hasMessage() ? ": " + status.getMessage() : ""));
            }
        });
    }

    private void publish(Instance i, TaskStatus status) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("slaveId", i.agentId());
        p.put("taskId", i.taskId());
        p.put("taskStatus", status.getState().name());
        p.put("message", status.getMessage());
        p.put("appId", i.appId());
        p.put("host", i.host());
        p.put("ipAddresses", List.of());
        p.put("ports", i.ports());
        p.put("version", i.version());
        term.events.publish("status_update_event", p);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("instanceId", i.taskId());
        c.put("condition", condition(status.getState()));
        c.put("runSpecId", i.appId());
        c.put("agentId", i.agentId());
        c.put("host", i.host());
        c.put("runSpecVersion", i.version());
        term.events.publish("instance_changed_event", c);
    }

    /** Marathon's instance condition for a Mesos task state. */
    static String condition(TaskState s) {
        return switch (s) {
            case TASK_STAGING -> "Staging";
            case TASK_STARTING -> "Starting";
            case TASK_RUNNING -> "Running";
            case TASK_KILLING -> "Killing";
            case TASK_FINISHED -> "Finished";
            case TASK_FAILED -> "Failed";
            case TASK_KILLED -> "Killed";
            case TASK_ERROR -> "Error";
            case TASK_DROPPED -> "Dropped";
            case TASK_GONE -> "Gone";
            case TASK_GONE_BY_OPERATOR -> "GoneByOperator";
            case TASK_UNREACHABLE -> "Unreachable";
            case TASK_UNKNOWN -> "Unknown";
            default -> "Gone";
        };
    }
}
