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
package org.agora.agent.internal.task;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.agora.api.channel.Channel.FrameworkMessage;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.executor.Protos.Call;
import org.agora.api.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The v1 executor API calls of custom executors, as Mesos's agent answers them: SUBSCRIBE opens the executor's event
 * stream (SUBSCRIBED, then the tasks queued for it), UPDATE hands a status to the status update manager and, once it
 * has taken it (journaled, for a checkpointing framework), sends the executor ACKNOWLEDGED, MESSAGE goes to the
 * scheduler through the master. Actor thread only.
 */
final class ExecutorApiCalls implements ExecutorEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorApiCalls.class);

    private final AgentContext ctx;
    private final CustomExecutors executors;

    ExecutorApiCalls(AgentContext ctx, CustomExecutors executors) {
        this.ctx = ctx;
        this.executors = executors;
    }

    @Override
    public void checkSubscription(FrameworkID frameworkId, ExecutorID executorId, Optional<String> container) {
        find(frameworkId, executorId, container);
    }

    private ExecutorRun find(FrameworkID frameworkId, ExecutorID executorId, Optional<String> container) {
        FrameworkRecord fw = ctx.frameworks.get(frameworkId);
        if (fw == null) {
            throw ExecutorCallException.badRequest("Framework " + frameworkId.getValue()
                    + " cannot be found: it runs no executor on this agent");
        }
        ExecutorRun executor = fw.executors.get(executorId.getValue());
        if (executor == null) {
            throw ExecutorCallException.badRequest("Executor " + executorId.getValue() + " of framework "
                    + frameworkId.getValue() + " cannot be found on this agent");
        }
        if (container.isPresent() && !container.get().equals(executor.containerId.getValue())) {
            if (!executor.staleTokenLogged) {
                executor.staleTokenLogged = true;
                LOG.warn("Refusing executor API calls of executor {} of framework {} with the token of its container "
                        + "{}: it runs in container {} now (logged once)", executor.id(), frameworkId.getValue(),
                        container.get(), executor.containerId.getValue());
            }
            throw ExecutorCallException.forbidden("The token of container " + container.get() + " does not allow "
                    + "calls as executor " + executor.id() + ", which runs in container "
                    + executor.containerId.getValue());
        }
        return executor;
    }

    @Override
    public void subscribe(Call call, Optional<String> container, ExecutorConnection connection) {
        ExecutorRun executor;
        try {
            executor = find(call.getFrameworkId(), call.getExecutorId(), container);
        } catch (ExecutorCallException e) {
            connection.send(Event.newBuilder().setType(Event.Type.ERROR)
                    .setError(Event.Error.newBuilder().setMessage(e.getMessage())).build());
            connection.close();
            return;
        }
        FrameworkRecord fw = ctx.frameworks.get(call.getFrameworkId());
        if (executor.connection != null && executor.connection != connection) {
            executor.connection.close();
        }
        boolean resubscribed = !call.getSubscribe().getUnacknowledgedUpdatesList().isEmpty()
                || !call.getSubscribe().getUnacknowledgedTasksList().isEmpty();
        LOG.info("Executor {} of framework {} {}subscribed", executor.id(), fw.id(), resubscribed ? "re-" : "");
        executor.connection = connection;
        if (executor.registrationTimer != null) {
            executor.registrationTimer.cancel(false);
            executor.registrationTimer = null;
        }
        if (executor.state == ExecutorRun.State.LAUNCHING || executor.state == ExecutorRun.State.REGISTERING) {
            executor.state = ExecutorRun.State.RUNNING;
        }
        connection.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setExecutorInfo(executor.info).setFrameworkInfo(fw.info).setAgentInfo(ctx.agentInfo())
                .setContainerId(executor.containerId)).build());
        for (Call.Update u : call.getSubscribe().getUnacknowledgedUpdatesList()) {
            try {
                update(fw, executor, u.getStatus());
            } catch (ExecutorCallException e) {
                // nothing to do with it, but the executor must not offer it again
                LOG.warn("Dropping an unacknowledged update of executor {}: {}", executor.id(), e.getMessage());
                acknowledge(executor, u.getStatus());
            }
        }
        alreadyDelivered(executor, call.getSubscribe().getUnacknowledgedTasksList());
        dropUnknownLaunches(fw, executor, call.getSubscribe().getUnacknowledgedTasksList());
        executors.deliver(executor);
        if (executor.state == ExecutorRun.State.TERMINATING || fw.terminating) {
            executors.send(executor, Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
        }
        if (executor.heartbeat != null) {
            executor.heartbeat.cancel(false);
        }
        long every = ctx.settings.executors().heartbeatInterval().toMillis();
        executor.heartbeat = ctx.actor.scheduleAtFixedRate(() -> {
            if (executor.connection == connection) {
                connection.send(Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Queued tasks the executor says it has (an agent restarted after handing them over) are not sent again. */
    private static void alreadyDelivered(ExecutorRun executor, List<TaskInfo> unacknowledged) {
        Set<String> known = new HashSet<>();
        unacknowledged.forEach(t -> known.add(t.getTaskId().getValue()));
        executor.undelivered.removeIf(d -> {
            boolean had = d.tasks().stream().allMatch(t -> known.contains(t.id()));
            if (had) {
                d.tasks().forEach(t -> t.delivered = true);
            }
            return had;
        });
    }

    /**
     * Tasks handed to the executor of which it reports neither an update nor a record must have been lost on the
     * way (the agent restarted right after sending them): they are dropped, as Mesos's agent does.
     */
    private void dropUnknownLaunches(FrameworkRecord fw, ExecutorRun executor, List<TaskInfo> unacknowledged) {
        Set<String> known = new HashSet<>();
        unacknowledged.forEach(t -> known.add(t.getTaskId().getValue()));
        for (ExecutorTask t : List.copyOf(executor.tasks.values())) {
            if (t.delivered && t.state == TaskState.TASK_STAGING && t.statuses.isEmpty() && !known.contains(t.id())) {
                executors.emit(fw, executor, t, fw.hasCapability(FrameworkInfo.Capability.Type.PARTITION_AWARE)
                        ? TaskState.TASK_DROPPED : TaskState.TASK_LOST, TaskStatus.Reason.REASON_AGENT_RESTARTED,
                        "Task launched during agent restart");
            }
        }
    }

    @Override
    public void disconnected(ExecutorConnection connection) {
        for (FrameworkRecord fw : ctx.frameworks.all()) {
            for (ExecutorRun executor : fw.executors.values()) {
                if (executor.connection == connection) {
                    executor.connection = null;
                    if (executor.heartbeat != null) {
                        executor.heartbeat.cancel(false);
                        executor.heartbeat = null;
                    }
                    LOG.info("Executor {} of framework {} disconnected", executor.id(), fw.id());
                }
            }
        }
    }

    @Override
    public void call(Call call, Optional<String> container) {
        ExecutorRun executor = find(call.getFrameworkId(), call.getExecutorId(), container);
        if (executor.state == ExecutorRun.State.REGISTERING || executor.state == ExecutorRun.State.LAUNCHING) {
            throw ExecutorCallException.forbidden("Executor " + executor.id() + " is not subscribed; "
                    + "subscribe first");
        }
        FrameworkRecord fw = ctx.frameworks.get(call.getFrameworkId());
        switch (call.getType()) {
            case UPDATE -> update(fw, executor, call.getUpdate().getStatus());
            case MESSAGE -> ctx.master.frameworkMessage(FrameworkMessage.newBuilder()
                    .setFrameworkId(call.getFrameworkId()).setExecutorId(call.getExecutorId())
                    .setData(call.getMessage().getData()).build());
            case HEARTBEAT -> { }
            default -> throw ExecutorCallException.badRequest("Call " + call.getType() + " is not expected here");
        }
    }

    /** A status from the executor: recorded, handed to the status update manager, acknowledged to the executor. */
    private void update(FrameworkRecord fw, ExecutorRun executor, TaskStatus reported) {
        ExecutorTask task = executor.task(reported.getTaskId().getValue());
        if (task == null && executor.completedTasks.stream().anyMatch(t -> t.getTaskId()
                .equals(reported.getTaskId()))) {
            // a task whose end was acknowledged already: a late duplicate
            acknowledge(executor, reported);
            return;
        }
        if (task == null) {
            throw ExecutorCallException.badRequest("Task " + reported.getTaskId().getValue()
                    + " is not a task of executor " + executor.id() + " on this agent");
        }
        TaskStatus.Builder status = reported.toBuilder().setAgentId(ctx.agentId())
                .setExecutorId(executor.info.getExecutorId());
        if (!reported.hasTimestamp()) {
            status.setTimestamp(System.currentTimeMillis() / 1000.0);
        }
        TaskStatus s = ctx.decorated(fw, status.build());
        if (!fw.terminating && !task.isTerminal() && ctx.updates.update(fw.info.getId(), s)) {
            task.record(s);
            ctx.events.taskUpdated(fw.info.getId(), s, executor.user);
            LOG.debug("Task {} of executor {} of framework {} is {}", task.id(), executor.id(), fw.id(),
                    s.getState());
        }
        // as Mesos's agent: the executor may forget the update once the agent has it, duplicates included
        acknowledge(executor, s);
    }

    private void acknowledge(ExecutorRun executor, TaskStatus status) {
        executors.send(executor, Event.newBuilder().setType(Event.Type.ACKNOWLEDGED).setAcknowledged(
                Event.Acknowledged.newBuilder().setTaskId(status.getTaskId()).setUuid(status.getUuid())).build());
    }
}
