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

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.agora.agent.internal.events.OperatorEventStream;
import org.agora.agent.internal.hook.AgentHooks;
import org.agora.agent.internal.launcher.ContainerizerSlot;
import org.agora.agent.internal.launcher.SecretSlot;
import org.agora.agent.internal.security.ExecutorTokens;
import org.agora.agent.internal.status.DurableStatusUpdateManager;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the parts of the agent that run tasks share: settings, the actor thread, the status update manager, the
 * checkpoint, the launcher and the frameworks with work on the agent. Touched only on the agent's actor thread.
 */
final class AgentContext {
    private static final Logger LOG = LoggerFactory.getLogger(AgentContext.class);

    final TaskSettings settings;
    final ScheduledExecutorService actor;
    final MasterChannel master;
    final String agentEndpoint;
    final DurableStatusUpdateManager updates;
    final TaskCheckpoints checkpoints;
    final TaskLauncher launcher;
    final Frameworks frameworks = new Frameworks();
    /** The operator API's SUBSCRIBE streams: every status update reported goes there too. */
    final OperatorEventStream events;
    /** Signs the tokens custom executors get; empty when executors do not authenticate. */
    final Optional<ExecutorTokens> executorTokens;
    /** The agent hooks: environment decorators before launches, status decorators before updates are sent. */
    final AgentHooks hooks;
    private final Supplier<AgentInfo> agentInfo;
    /** Hands running tasks from one containerizer to the next; launches wait there while none is current. */
    ContainerizerHandover handover;
    /** The agent stops: no more launches, and statuses are left for the next agent to find. */
    boolean stopped;

    AgentContext(TaskSettings settings, ScheduledExecutorService actor, MasterChannel master,
            Supplier<AgentInfo> agentInfo, String agentEndpoint, ContainerizerSlot containerizer,
            Optional<ExecutorTokens> executorTokens, SecretSlot secrets, AgentHooks hooks) {
        this.settings = settings;
        this.hooks = hooks;
        this.executorTokens = executorTokens;
        this.actor = actor;
        this.master = master;
        this.agentInfo = agentInfo;
        this.agentEndpoint = agentEndpoint;
        this.updates = new DurableStatusUpdateManager(actor, master, settings.statusRetryMin(),
                settings.statusRetryMax());
        this.checkpoints = new TaskCheckpoints(settings.workDir());
        this.launcher = new TaskLauncher(settings, actor, containerizer, secrets);
        this.events = new OperatorEventStream(actor);
    }

    AgentInfo agentInfo() {
        return agentInfo.get();
    }

    /** {@code status} as the agent hooks decorate it (labels, container status), before it is recorded and sent. */
    TaskStatus decorated(FrameworkRecord fw, TaskStatus status) {
        AgentInfo info = agentInfo.get();
        return hooks.decorate(info != null ? info : AgentInfo.getDefaultInstance(),
                fw != null ? fw.info : FrameworkInfo.getDefaultInstance(), status);
    }

    /** The variables the agent hooks add to {@code task}'s environment on top of {@code agentVariables}. */
    Map<String, String> withHookVariables(FrameworkRecord fw, TaskInfo task,
            Map<String, String> agentVariables) {
        AgentInfo info = agentInfo.get();
        Map<String, String> all = new LinkedHashMap<>(agentVariables);
        all.putAll(hooks.taskEnvironment(info != null ? info : AgentInfo.getDefaultInstance(), fw.info, task,
                agentVariables));
        return all;
    }

    /** The agent's id as registered; an empty id before the first registration. */
    AgentID agentId() {
        AgentInfo info = agentInfo.get();
        return info != null && info.hasId() ? info.getId() : AgentID.newBuilder().setValue("").build();
    }

    /** Queues {@code r} on the actor; false when the agent stopped and the actor is gone. */
    boolean post(Runnable r) {
        try {
            actor.execute(r);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Hands a status to the status update manager, unless the agent stops (the next agent finds the end) or the
     * framework is shut down (nobody would acknowledge it, as in Mesos).
     */
    void report(FrameworkRecord fw, FrameworkID frameworkId, TaskStatus status) {
        if (stopped || (fw != null && fw.terminating)) {
            return;
        }
        updates.update(frameworkId, status);
        events.taskUpdated(frameworkId, status, userOf(fw, status));
    }

    /** The user the task of {@code status} runs as: its own, else its framework's; empty when unknown. */
    static String userOf(FrameworkRecord fw, TaskStatus status) {
        if (fw == null) {
            return "";
        }
        TaskRun run = fw.runs.get(status.getTaskId().getValue());
        if (run != null) {
            return run.user;
        }
        ExecutorRun executor = fw.executorTasks.get(status.getTaskId().getValue());
        return executor != null ? executor.user : fw.info.getUser();
    }

    /** A task's kill grace period: its kill policy's, else the agent's default. */
    Duration gracePeriod(TaskInfo task) {
        return task.hasKillPolicy() && task.getKillPolicy().hasGracePeriod()
                ? Duration.ofNanos(task.getKillPolicy().getGracePeriod().getNanoseconds())
                : settings.killGracePeriod();
    }

    /** Forgets a framework that has nothing left on the agent (Mesos removes idle frameworks). */
    void forgetIfIdle(FrameworkRecord fw) {
        if (!fw.isIdle()) {
            return;
        }
        if (fw.terminating) {
            updates.cleanup(fw.info.getId());
        }
        checkpoints.frameworkCompleted(fw);
        frameworks.complete(fw);
        LOG.info("Framework {} has no more tasks on this agent", fw.id());
    }
}
