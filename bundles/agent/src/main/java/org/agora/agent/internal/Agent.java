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
package org.agora.agent.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.agora.agent.internal.events.OperatorEventStream;
import org.agora.agent.internal.hook.AgentHooks;
import org.agora.agent.internal.launcher.ContainerizerSlot;
import org.agora.agent.internal.launcher.SecretSlot;
import org.agora.agent.internal.master.MasterLink;
import org.agora.agent.internal.security.ExecutorTokens;
import org.agora.agent.internal.task.AgentTasks;
import org.agora.agent.internal.task.ContainerKills;
import org.agora.agent.internal.task.ExecutorEndpoint;
import org.agora.agent.internal.task.MasterChannel;
import org.agora.agent.internal.task.RecoverySummary;
import org.agora.agent.internal.task.TasksView;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.ExecutorEnded;
import org.agora.api.channel.Channel.FrameworkMessage;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.channel.Channel.TaskEnded;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's state. Every method runs on the agent's actor thread. */
public final class Agent implements MasterLink.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final AgentIdStore idStore;
    private final Resources resources;
    private final Instant startTime = Instant.now();
    private final AgentTasks tasks;
    private final RecoverySummary recovery;
    private AgentInfo info;
    private MasterLink link;

    /** @param executorTokens signs custom executors' tokens; empty when executors do not authenticate */
    Agent(AgentSettings settings, int boundPort, Resources resources, ScheduledExecutorService actor,
            ContainerizerSlot containerizer, Optional<ExecutorTokens> executorTokens, SecretSlot secrets,
            AgentHooks hooks) {
        this.idStore = new AgentIdStore(settings.workDir());
        this.resources = resources;
        AgentInfo.Builder b = AgentInfo.newBuilder().setHostname(settings.hostname()).setPort(boundPort)
                .addAllResources(resources.toList()).addAllAttributes(settings.attributes());
        idStore.read().ifPresent(id -> b.setId(AgentID.newBuilder().setValue(id)));
        this.info = b.build();
        this.tasks = new AgentTasks(settings.tasks(), actor, new MasterChannel() {
            @Override
            public boolean send(StatusUpdate update) {
                return link != null && link.send(Envelope.newBuilder().setStatusUpdate(update).build());
            }

            @Override
            public void ended(FrameworkID frameworkId, TaskID taskId, TaskState state) {
                if (link != null) {
                    link.send(Envelope.newBuilder().setTaskEnded(TaskEnded.newBuilder().setFrameworkId(frameworkId)
                            .setTaskId(taskId).setState(state)).build());
                }
            }

            @Override
            public void executorEnded(ExecutorEnded ended) {
                if (link != null) {
                    link.send(Envelope.newBuilder().setExecutorEnded(ended).build());
                }
            }

            @Override
            public void frameworkMessage(FrameworkMessage message) {
                if (link == null || !link.send(Envelope.newBuilder().setFrameworkMessage(message).build())) {
                    LOG.info("Dropping a message of executor {} of framework {}: no master registered the agent",
                            message.getExecutorId().getValue(), message.getFrameworkId().getValue());
                }
            }
        }, () -> info, endpoint(settings, boundPort), containerizer, executorTokens, secrets, hooks);
        // before the link registers: the (re-)registration reports the tasks taken over
        this.recovery = recover(tasks);
    }

    private static RecoverySummary recover(AgentTasks tasks) {
        try {
            return tasks.recover();
        } catch (RuntimeException e) {
            // the agent still serves and registers, reporting what was recovered before the failure
            LOG.error("Recovery of the checkpointed tasks failed part way: {}", e.toString(), e);
            return new RecoverySummary(0, 0, 0, 0, 0, 1, java.time.Duration.ZERO);
        }
    }

    void link(MasterLink link) {
        this.link = link;
    }

    @Override
    public AgentInfo agentInfo() {
        return info;
    }

    @Override
    public void registered(AgentInfo registered, MasterInfo master, boolean reregistered) {
        boolean newId = !info.hasId() || !info.getId().equals(registered.getId());
        info = registered;
        if (newId) {
            try {
                idStore.write(registered.getId().getValue());
            } catch (IOException e) {
                // the agent runs on, but a restart will register afresh under a new id
                LOG.error("Cannot checkpoint agent id {}: {}", registered.getId().getValue(), e.toString());
            }
        }
        LOG.info("{} with master {} as agent {} offering {}", reregistered ? "Re-registered" : "Registered",
                master.getId(), registered.getId().getValue(), resources);
        tasks.registered();
    }

    @Override
    public void idRefused(String message) {
        LOG.warn("Forgetting agent id {}: {}", info.getId().getValue(), message);
        // as a Mesos agent the master shuts down: tasks of the forgotten agent are lost to the cluster
        tasks.shutdownAll("the master does not know agent " + info.getId().getValue());
        info = info.toBuilder().clearId().build();
        try {
            idStore.clear();
        } catch (IOException e) {
            LOG.error("Cannot remove the agent id checkpoint: {}", e.toString());
        }
    }

    @Override
    public void describeTasks(ReregisterAgent.Builder message) {
        tasks.describe(message);
    }

    @Override
    public void received(Envelope message) {
        tasks.received(message);
    }

    /** The agent's side of the v1 executor API, for the HTTP layer. */
    public ExecutorEndpoint executorApi() {
        return tasks.executorApi();
    }

    /** The operator API's KILL_CONTAINER (see {@link AgentTasks#killContainer}). */
    public ContainerKills.Outcome killContainer(ContainerID id, boolean force) {
        return tasks.killContainer(id, force);
    }

    /** The operator API's event stream; subscribers join it on the actor thread. */
    public OperatorEventStream operatorEvents() {
        return tasks.events();
    }

    /** The agent stops: kills the tasks that do not outlive it (see {@link AgentTasks#stop}). */
    void stop() {
        tasks.stop();
    }

    /** What this agent took over from the one before it on the same work directory. */
    public RecoverySummary recovery() {
        return recovery;
    }

    /** The command tasks whose process runs now, with its pid (for the shell). */
    public java.util.List<org.agora.agent.internal.task.AgentTasks.RunningTask> runningTasks() {
        return tasks.running();
    }

    public AgentSnapshot snapshot() {
        return new AgentSnapshot(info, resources, startTime, link.state(), link.registeredWith(), tasks.view(),
                tasks.endedTasks());
    }

    /** ip:port where tasks reach the agent (MESOS_AGENT_ENDPOINT). */
    private static String endpoint(AgentSettings settings, int port) {
        String ip = settings.ip();
        if (ip.isEmpty() || ip.equals("0.0.0.0")) {
            try {
                ip = InetAddress.getByName(settings.hostname()).getHostAddress();
            } catch (UnknownHostException e) {
                ip = "127.0.0.1";
            }
        }
        return ip + ":" + port;
    }

    /**
     * The agent at one instant, safe to read on any thread.
     *
     * @param endedTasks how many tasks ended in each terminal state since the agent started
     */
    public record AgentSnapshot(AgentInfo info, Resources resources, Instant startTime, MasterLink.State linkState,
            Optional<MasterInfo> master, TasksView tasks, Map<TaskState, Long> endedTasks) {
    }
}
