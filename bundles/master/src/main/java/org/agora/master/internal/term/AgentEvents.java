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
package org.agora.master.internal.term;

import java.util.HashMap;
import java.util.Map;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.master.internal.agent.AgentManager;
import org.agora.master.internal.allocation.AllocatorHost;
import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.offer.Offers;
import org.agora.master.internal.role.Reservations;
import org.agora.master.internal.task.ExecutorManager;
import org.agora.master.internal.task.TaskManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the term does when agents come, go or speak: offers, the allocator, tasks and executors follow the agent's
 * membership. The {@link AgentManager.Listener} of one term. Actor thread only.
 */
final class AgentEvents implements AgentManager.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(AgentEvents.class);

    private final AgentManager agents;
    private final FrameworkManager frameworks;
    private final Offers offers;
    private final AllocatorHost allocation;
    private final Reservations reservations;
    private final TaskManager tasks;
    private final ExecutorManager executors;
    private final AgentOperations operations;
    private final OperatorEvents events;

    AgentEvents(AgentManager agents, FrameworkManager frameworks, Offers offers, AllocatorHost allocation,
            Reservations reservations, TaskManager tasks, ExecutorManager executors, AgentOperations operations,
            OperatorEvents events) {
        this.events = events;
        this.agents = agents;
        this.frameworks = frameworks;
        this.offers = offers;
        this.allocation = allocation;
        this.reservations = reservations;
        this.tasks = tasks;
        this.executors = executors;
        this.operations = operations;
    }

    @Override
    public void agentAdded(AgentInfo info) {
        allocation.addAgent(info.getId(), info, reservations.totalOf(info), Map.of());
        events.agentAdded(info);
    }

    @Override
    public void agentReregistered(AgentInfo info, ReregisterAgent report, boolean wasUnreachable,
            boolean wasKnown) {
        // the agent's report is the truth about its tasks: rebuild the allocator's view of the agent from it
        offers.rescindOn(info.getId());
        allocation.removeAgent(info.getId());
        tasks.agentReported(info.getId(), report.getTasksList(), report.getFrameworksList());
        executors.agentReported(info.getId(), report.getExecutorsList());
        Map<FrameworkID, Resources> used = new HashMap<>();
        for (FrameworkRecord f : frameworks.all()) {
            // the agent's own tasks only: usedByAgent() would walk every task of the framework
            Resources r = f.usedOn(info.getId());
            if (!r.isEmpty()) {
                used.put(f.id(), r);
            }
        }
        allocation.addAgent(info.getId(), info, reservations.totalOf(info), used);
        if (agents.isDeactivated(info.getId())) {
            allocation.deactivateAgent(info.getId());
        }
        if (wasUnreachable || !wasKnown) {
            // new to this term (a failover) or removed while unreachable: subscribers hear it joined
            events.agentAdded(info);
        }
    }

    @Override
    public void agentDisconnected(AgentInfo info) {
        offers.rescindOn(info.getId());
        allocation.deactivateAgent(info.getId());
        // as Mesos's Master::exited: an agent that restarts kills tasks of frameworks that do not checkpoint
        tasks.lostWithoutCheckpoint(info.getId());
        executors.lostWithoutCheckpoint(info.getId());
    }

    @Override
    public void agentUnreachable(AgentInfo info) {
        offers.rescindOn(info.getId());
        allocation.removeAgent(info.getId());
        tasks.agentUnreachable(info.getId());
        executors.agentRemoved(info.getId());
        events.agentRemoved(info.getId());
    }

    @Override
    public void agentGone(AgentInfo info) {
        offers.rescindOn(info.getId());
        allocation.removeAgent(info.getId());
        tasks.agentGone(info.getId());
        executors.agentRemoved(info.getId());
        events.agentRemoved(info.getId());
    }

    @Override
    public void agentRemoved(AgentInfo info, String why) {
        offers.rescindOn(info.getId());
        allocation.removeAgent(info.getId());
        tasks.agentRemoved(info.getId(), why);
        executors.agentRemoved(info.getId());
        events.agentRemoved(info.getId());
    }

    @Override
    public void agentForgotten(AgentID agentId) {
        tasks.agentForgotten(agentId);
    }

    @Override
    public void agentMessage(AgentID agentId, Envelope envelope) {
        switch (envelope.getMessageCase()) {
            case STATUS_UPDATE -> {
                tasks.statusUpdate(agentId, envelope.getStatusUpdate());
                operations.checkDrain(agentId);
            }
            case STATUS_UPDATES -> { // the agent channel unpacks them; kept for a batch that reaches here whole
                envelope.getStatusUpdates().getUpdatesList().forEach(u -> tasks.statusUpdate(agentId, u));
                operations.checkDrain(agentId);
            }
            case FRAMEWORK_MESSAGE -> tasks.executorMessage(agentId, envelope.getFrameworkMessage());
            case TASK_ENDED -> tasks.taskEnded(envelope.getTaskEnded());
            case EXECUTOR_ENDED -> executors.executorEnded(agentId, envelope.getExecutorEnded());
            default -> LOG.warn("Ignoring unexpected {} from agent {}", envelope.getMessageCase(),
                    agentId.getValue());
        }
    }
}
