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
package org.agora.master.internal.task;

import java.util.List;
import java.util.Map;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.ExecutorEnded;
import org.agora.api.channel.Channel.ShutdownExecutor;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.master.internal.agent.AgentLinks;
import org.agora.master.internal.allocation.AllocatorHost;
import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.framework.FrameworkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's side of custom and default executors after launch (Mesos's master tracks them per framework and
 * agent): their resources stay allocated until the agent says the executor ended, the scheduler's SHUTDOWN reaches
 * them, and an agent's re-registration report is the truth about which ones run. Actor thread only.
 */
public final class ExecutorManager {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorManager.class);

    private final FrameworkManager frameworks;
    private final AgentLinks agents;
    private final AllocatorHost allocation;
    private final TaskKiller tasks;

    public ExecutorManager(FrameworkManager frameworks, AgentLinks agents, AllocatorHost allocation,
            TaskKiller tasks) {
        this.frameworks = frameworks;
        this.agents = agents;
        this.allocation = allocation;
        this.tasks = tasks;
    }

    /** The agent says the executor ended: its resources are free; the framework hears of it (FAILURE). */
    public void executorEnded(AgentID agentId, ExecutorEnded ended) {
        FrameworkRecord f = frameworks.get(ended.getFrameworkId().getValue()).orElse(null);
        if (f == null) {
            return;
        }
        f.removeExecutor(agentId, ended.getExecutorId()).ifPresent(e -> {
            LOG.info("Executor {} of framework {} on agent {} ended{}", e.getExecutorId().getValue(), f.idValue(),
                    agentId.getValue(), ended.hasStatus() ? " with status " + ended.getStatus() : "");
            allocation.recoverResources(f.id(), agentId, Resources.of(e.getResourcesList()), 0);
            Event.Failure.Builder failure = Event.Failure.newBuilder().setAgentId(agentId)
                    .setExecutorId(e.getExecutorId());
            if (ended.hasStatus()) {
                failure.setStatus(ended.getStatus());
            }
            frameworks.send(f, Event.newBuilder().setType(Event.Type.FAILURE).setFailure(failure).build());
        });
    }

    /**
     * SHUTDOWN: the agent shuts the executor down. A command task's executor is not tracked; its id is the task's,
     * so the task is killed, as its executor would be.
     */
    public void shutdown(FrameworkRecord f, Call.Shutdown s) {
        if (f.executor(s.getAgentId(), s.getExecutorId()).isEmpty()) {
            tasks.kill(f, Call.Kill.newBuilder().setTaskId(TaskID.newBuilder()
                    .setValue(s.getExecutorId().getValue())).setAgentId(s.getAgentId()).build());
            return;
        }
        if (!agents.send(s.getAgentId(), Envelope.newBuilder().setShutdownExecutor(ShutdownExecutor
                .newBuilder().setFrameworkId(f.id()).setExecutorId(s.getExecutorId())).build())) {
            LOG.info("Framework {}: executor {} cannot be shut down now: agent {} is not connected", f.idValue(),
                    s.getExecutorId().getValue(), s.getAgentId().getValue());
        }
    }

    /**
     * A re-registering agent reported the executors it runs: they replace what the master knew of that agent (their
     * frameworks were recovered from the same report by {@link TaskManager#agentReported}).
     */
    public void agentReported(AgentID agentId, List<ExecutorInfo> executors) {
        for (FrameworkRecord f : frameworks.all()) {
            f.removeExecutorsOn(agentId);
        }
        for (ExecutorInfo e : executors) {
            frameworks.get(e.getFrameworkId().getValue()).ifPresent(f -> f.addExecutor(agentId, e));
        }
    }

    /** The agent is gone or unreachable: the allocator forgot it, and the master forgets its executors. */
    public void agentRemoved(AgentID agentId) {
        for (FrameworkRecord f : frameworks.all()) {
            f.removeExecutorsOn(agentId);
        }
    }

    /** The agent's channel broke: executors of frameworks without checkpointing will not survive its restart. */
    public void lostWithoutCheckpoint(AgentID agentId) {
        for (FrameworkRecord f : frameworks.all()) {
            if (f.info().getCheckpoint()) {
                continue;
            }
            Map<String, ExecutorInfo> lost = f.removeExecutorsOn(agentId);
            lost.values().forEach(e -> allocation.recoverResources(f.id(), agentId,
                    Resources.of(e.getResourcesList()), 0));
        }
    }
}
