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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.agora.agent.internal.checkpoint.ExecutorCheckpoint;
import org.agora.agent.internal.checkpoint.KillMarker;
import org.agora.agent.internal.events.OperatorEventStream;
import org.agora.agent.internal.hook.AgentHooks;
import org.agora.agent.internal.launcher.ContainerizerSlot;
import org.agora.agent.internal.launcher.SecretSlot;
import org.agora.agent.internal.launcher.ProcessIdentity;
import org.agora.agent.internal.security.ExecutorTokens;
import org.agora.agent.internal.status.StatusUpdateManager;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.FrameworkMessage;
import org.agora.api.channel.Channel.KillTask;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.channel.Channel.RunTask;
import org.agora.api.channel.Channel.RunTaskGroup;
import org.agora.api.channel.Channel.RunTasks;
import org.agora.api.channel.Channel.ShutdownExecutor;
import org.agora.api.channel.Channel.StatusUpdateAcknowledgement;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the agent runs for frameworks, and the one place the master's task messages arrive: command tasks
 * ({@link CommandTasks}, the agent plays Mesos's command executor), task groups ({@link TaskGroups}, the agent plays
 * the default executor) and frameworks' own executors ({@link CustomExecutors}, speaking the v1 executor API through
 * {@link #executorApi}). Every method runs on the agent's actor thread.
 *
 * <p>Tasks and executors of frameworks that checkpoint ({@code FrameworkInfo.checkpoint}) outlive the agent: they are
 * checkpointed under {@code <work_dir>/meta} before they launch, their status updates are journaled before they are
 * sent, and {@link #stop} leaves them running for the next agent, which takes them over with {@link #recover}. Other
 * frameworks' tasks die with the agent, as in Mesos.
 */
public final class AgentTasks {
    private static final Logger LOG = LoggerFactory.getLogger(AgentTasks.class);

    private final AgentContext ctx;
    private final CommandTasks commands;
    private final TaskGroups groups;
    private final CustomExecutors executors;
    private final ExecutorApiCalls executorApi;
    private final ContainerKills containerKills;

    /**
     * @param master where status updates, executors' ends and messages go (the master link)
     * @param agentInfo the agent as registered (its id set once it has one)
     * @param agentEndpoint the agent's ip:port, for MESOS_AGENT_ENDPOINT
     */
    public AgentTasks(TaskSettings settings, ScheduledExecutorService actor, MasterChannel master,
            Supplier<AgentInfo> agentInfo, String agentEndpoint, ContainerizerSlot containerizer) {
        this(settings, actor, master, agentInfo, agentEndpoint, containerizer, Optional.empty(), new SecretSlot(),
                new AgentHooks());
    }

    /**
     * @param executorTokens signs the token each custom executor gets; empty when executors do not authenticate
     * @param secrets resolves the secrets tasks and executors name in their environment
     */
    public AgentTasks(TaskSettings settings, ScheduledExecutorService actor, MasterChannel master,
            Supplier<AgentInfo> agentInfo, String agentEndpoint, ContainerizerSlot containerizer,
            Optional<ExecutorTokens> executorTokens, SecretSlot secrets) {
        this(settings, actor, master, agentInfo, agentEndpoint, containerizer, executorTokens, secrets,
                new AgentHooks());
    }

    /** @param hooks the agent hooks, called around launches and status updates */
    public AgentTasks(TaskSettings settings, ScheduledExecutorService actor, MasterChannel master,
            Supplier<AgentInfo> agentInfo, String agentEndpoint, ContainerizerSlot containerizer,
            Optional<ExecutorTokens> executorTokens, SecretSlot secrets, AgentHooks hooks) {
        this.ctx = new AgentContext(settings, actor, master, agentInfo, agentEndpoint, containerizer,
                executorTokens, secrets, hooks);
        this.commands = new CommandTasks(ctx);
        this.groups = new TaskGroups(ctx, commands);
        this.executors = new CustomExecutors(ctx);
        // a launch waits for a containerizer as long as Mesos lets an executor take to register (60 s by default)
        ctx.handover = new ContainerizerHandover(ctx, containerizer, settings.executors().registrationTimeout(),
                (run, exitValue) -> commands.processes().containerEnded(run, exitValue),
                (executor, exitValue) -> executors.processes().onExited(executor, exitValue));
        containerizer.onArrival(c -> ctx.post(() -> ctx.handover.arrived(c)));
        containerizer.onDeparture(c -> ctx.post(() -> ctx.handover.departed(c)));
        this.executorApi = new ExecutorApiCalls(ctx, executors);
        this.containerKills = new ContainerKills(ctx);
        commands.events(groups);
        // a failed health check kills as the master's KILL does: a default executor's task takes its group along
        commands.health().killWith((fw, run) -> {
            if (run.group != null) {
                groups.kill(fw, run, ctx.gracePeriod(run.info));
            } else {
                commands.kill(fw, run, ctx.gracePeriod(run.info));
            }
        });
    }

    /** The agent's side of the v1 executor API. */
    public ExecutorEndpoint executorApi() {
        return executorApi;
    }

    /** A task message from the master. */
    public void received(Envelope e) {
        switch (e.getMessageCase()) {
            case RUN_TASK -> runTask(e.getRunTask());
            case RUN_TASKS -> runTasks(e.getRunTasks());
            case RUN_TASK_GROUP -> runTaskGroup(e.getRunTaskGroup());
            case KILL_TASK -> killTask(e.getKillTask());
            case SHUTDOWN_FRAMEWORK -> shutdownFramework(e.getShutdownFramework().getFrameworkId(),
                    "the master shut it down");
            case SHUTDOWN_EXECUTOR -> shutdownExecutor(e.getShutdownExecutor());
            case STATUS_UPDATE_ACKNOWLEDGEMENT -> acknowledge(e.getStatusUpdateAcknowledgement());
            case FRAMEWORK_MESSAGE -> frameworkMessage(e.getFrameworkMessage());
            default -> LOG.warn("Ignoring unexpected {} from the master", e.getMessageCase());
        }
    }

    /** How many launches wait for a containerizer now. */
    int waitingLaunches() {
        return ctx.handover.waiting();
    }

    /** A master (re)registered the agent: every unacknowledged update goes out again now. */
    public void registered() {
        ctx.updates.resume();
    }

    /**
     * Takes over the checkpointed tasks an earlier agent with this agent's id left behind (and kills those left under
     * another id). Call once, before the agent registers, so that the registration reports them.
     */
    public RecoverySummary recover() {
        RecoverySummary summary = new TaskRecovery(ctx.settings.workDir(), ctx.checkpoints.layout(), ctx.frameworks,
                ctx.updates, new TaskRecovery.Host() {
                    @Override
                    public void adopt(FrameworkRecord fw, TaskRun run, ProcessHandle process,
                            ProcessIdentity identity, Optional<KillMarker> kill) {
                        commands.processes().adopted(fw, run, process, identity, kill);
                    }

                    @Override
                    public void endedWhileDown(FrameworkRecord fw, TaskRun run, Optional<Integer> exitStatus,
                            Optional<KillMarker> kill) {
                        commands.processes().endedWhileDown(fw, run, exitStatus, kill);
                    }

                    @Override
                    public DefaultExecutor.TaskGroup group(FrameworkRecord fw, ExecutorInfo executor,
                            ContainerID containerId, String groupId) {
                        return groups.recovered(fw, executor, containerId, groupId);
                    }

                    @Override
                    public void executor(FrameworkRecord fw, ExecutorInfo executor, ContainerID containerId,
                            ExecutorCheckpoint checkpoint, List<ExecutorTask> tasks, Optional<ProcessHandle> live,
                            Optional<ProcessIdentity> identity) {
                        executors.processes().recovered(fw, executor, containerId, checkpoint, tasks, live, identity);
                    }
                }).recover(ctx.agentId());
        groups.recoveryDone();
        ctx.launcher.containerizer().bound().ifPresent(ctx.handover::arrived);
        return summary;
    }

    /** The framework of a task message, added (or its FrameworkInfo updated); null when the message is refused. */
    private FrameworkRecord frameworkFor(FrameworkInfo info, String what) {
        if (!info.hasId()) {
            LOG.warn("Ignoring {}: its FrameworkInfo has no id", what);
            return null;
        }
        FrameworkRecord fw = ctx.frameworks.get(info.getId());
        if (fw != null && fw.terminating) {
            LOG.warn("Ignoring {} of framework {}: the framework is shutting down", what, info.getId().getValue());
            return null;
        }
        return ctx.frameworks.add(info);
    }

    private boolean forThisAgent(TaskInfo task, FrameworkInfo framework) {
        AgentID me = ctx.agentId();
        if (!task.getAgentId().equals(me)) {
            LOG.warn("Ignoring task {} of framework {}: it is meant for agent {}, not {}",
                    task.getTaskId().getValue(), framework.getId().getValue(), task.getAgentId().getValue(),
                    me.getValue());
            return false;
        }
        return true;
    }

    public void runTask(RunTask m) {
        TaskInfo task = m.getTask();
        String taskId = task.getTaskId().getValue();
        if (!forThisAgent(task, m.getFramework())) {
            return;
        }
        FrameworkRecord existing = m.getFramework().hasId() ? ctx.frameworks.get(m.getFramework().getId()) : null;
        if (existing != null && existing.knowsTask(taskId)) {
            LOG.warn("Ignoring task {} of framework {}: a task with that id is already here", taskId,
                    existing.id());
            return;
        }
        FrameworkRecord fw = frameworkFor(m.getFramework(), "task " + taskId);
        if (fw == null) {
            return;
        }
        added(fw, task, task.hasExecutor() && !task.hasCommand() ? task.getExecutor().getExecutorId() : null);
        if (task.hasExecutor() && !task.hasCommand()) {
            executors.runTask(fw, task);
        } else {
            commands.run(fw, task);
        }
    }

    /**
     * The tasks of one ACCEPT: each taken on as a RunTask of its own, in order. Taking a task on only hands its launch
     * to the launcher threads, so none waits for another to start.
     */
    public void runTasks(RunTasks m) {
        for (TaskInfo task : m.getTasksList()) {
            runTask(RunTask.newBuilder().setFramework(m.getFramework()).setTask(task).build());
        }
    }

    public void runTaskGroup(RunTaskGroup m) {
        String what = "a task group of executor " + m.getExecutor().getExecutorId().getValue();
        for (TaskInfo t : m.getTaskGroup().getTasksList()) {
            FrameworkRecord existing = m.getFramework().hasId() ? ctx.frameworks.get(m.getFramework().getId()) : null;
            if (!forThisAgent(t, m.getFramework())) {
                return;
            }
            if (existing != null && existing.knowsTask(t.getTaskId().getValue())) {
                LOG.warn("Ignoring {}: task {} is already here", what, t.getTaskId().getValue());
                return;
            }
        }
        FrameworkRecord fw = frameworkFor(m.getFramework(), what);
        if (fw == null) {
            return;
        }
        for (TaskInfo t : m.getTaskGroup().getTasksList()) {
            added(fw, t, m.getExecutor().getExecutorId());
        }
        if (m.getExecutor().getType() == ExecutorInfo.Type.DEFAULT) {
            groups.run(fw, m);
        } else {
            executors.runGroup(fw, m.getExecutor(), m.getTaskGroup());
        }
    }

    /** Tells the operator event stream the agent took on {@code task}, in TASK_STAGING. */
    private void added(FrameworkRecord fw, TaskInfo task, ExecutorID executorId) {
        if (ctx.events.subscribers() == 0) {
            return;
        }
        String user = task.getCommand().hasUser() ? task.getCommand().getUser() : fw.info.getUser();
        Task.Builder t = TaskViews.task(task, fw.info.getId(), ctx.agentId(), TaskState.TASK_STAGING, List.of(),
                user, Optional.empty());
        if (executorId != null) {
            t.setExecutorId(executorId);
        }
        ctx.events.taskAdded(t.build(), fw.info.getUser());
    }

    /**
     * The operator API's KILL_CONTAINER: SIGKILL ({@code force}) or SIGTERM to every process of the container
     * {@code id}; its tasks are then reported as their processes' ends say.
     */
    public ContainerKills.Outcome killContainer(ContainerID id, boolean force) {
        return containerKills.kill(id, force);
    }

    /** The agent's operator event stream (SUBSCRIBE on its {@code /api/v1}). */
    public OperatorEventStream events() {
        return ctx.events;
    }

    public void killTask(KillTask m) {
        String frameworkId = m.getFrameworkId().getValue();
        String taskId = m.getTaskId().getValue();
        FrameworkRecord fw = ctx.frameworks.get(m.getFrameworkId());
        if (fw == null) {
            LOG.warn("Ignoring kill of task {}: framework {} has no tasks on this agent", taskId, frameworkId);
            return;
        }
        if (fw.terminating) {
            LOG.warn("Ignoring kill of task {} of framework {}: the framework is shutting down", taskId, frameworkId);
            return;
        }
        TaskRun run = fw.runs.get(taskId);
        ExecutorRun executor = fw.executorTasks.get(taskId);
        if (run == null && executor == null) {
            // as Mesos's agent: the task was never launched here
            TaskState state = fw.hasCapability(FrameworkInfo.Capability.Type.PARTITION_AWARE)
                    ? TaskState.TASK_DROPPED : TaskState.TASK_LOST;
            LOG.warn("Cannot kill task {} of framework {}: no such task here; answering {}", taskId, frameworkId,
                    state);
            TaskStatus unknown = TaskStatuses.create(m.getTaskId(), state, TaskStatus.Source.SOURCE_AGENT,
                    ctx.agentId(), null, "Cannot find executor", TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
            ctx.updates.update(m.getFrameworkId(), unknown);
            ctx.events.taskUpdated(m.getFrameworkId(), unknown, fw.info.getUser());
            return;
        }
        if (executor != null) {
            executors.kill(fw, executor, executor.task(taskId), m.hasKillPolicy() ? m.getKillPolicy() : null);
            return;
        }
        Duration grace = m.hasKillPolicy() && m.getKillPolicy().hasGracePeriod()
                ? Duration.ofNanos(m.getKillPolicy().getGracePeriod().getNanoseconds()) : ctx.gracePeriod(run.info);
        if (run.group != null) {
            groups.kill(fw, run, grace);
        } else {
            commands.kill(fw, run, grace);
        }
    }

    /** SHUTDOWN of an executor; a command task's executor is named after its task, which is killed. */
    private void shutdownExecutor(ShutdownExecutor m) {
        FrameworkRecord fw = ctx.frameworks.get(m.getFrameworkId());
        String id = m.getExecutorId().getValue();
        if (fw == null || fw.terminating) {
            LOG.info("Ignoring shutdown of executor {}: framework {} has nothing running here", id,
                    m.getFrameworkId().getValue());
            return;
        }
        ExecutorRun executor = fw.executors.get(id);
        DefaultExecutor defaultExecutor = fw.defaultExecutors.get(id);
        if (executor != null) {
            executors.shutdown(fw, executor);
        } else if (defaultExecutor != null) {
            for (TaskRun run : defaultExecutor.runs()) {
                if (!run.isTerminal()) {
                    run.group.killing = true;
                    commands.kill(fw, run, ctx.gracePeriod(run.info));
                }
            }
        } else if (fw.runs.containsKey(id)) {
            TaskRun run = fw.runs.get(id);
            commands.kill(fw, run, ctx.gracePeriod(run.info));
        } else {
            LOG.info("Ignoring shutdown of executor {} of framework {}: no such executor here", id, fw.id());
        }
    }

    /** Kills every task and executor of the framework, without status updates, then forgets the framework. */
    public void shutdownFramework(FrameworkID frameworkId, String why) {
        FrameworkRecord fw = ctx.frameworks.get(frameworkId);
        if (fw == null) {
            LOG.info("Framework {} to shut down has no tasks on this agent", frameworkId.getValue());
            return;
        }
        if (fw.terminating) {
            LOG.info("Framework {} is already shutting down", frameworkId.getValue());
            return;
        }
        LOG.info("Shutting down framework {} ({}): killing its {} task(s) and {} executor(s)", frameworkId.getValue(),
                why, fw.runs.size() + fw.executorTasks.size(), fw.executors.size() + fw.defaultExecutors.size());
        fw.terminating = true;
        ctx.checkpoints.shuttingDown(fw);
        for (TaskRun run : List.copyOf(fw.runs.values())) {
            commands.shutdown(fw, run);
        }
        for (ExecutorRun executor : List.copyOf(fw.executors.values())) {
            executors.shutdown(fw, executor);
        }
        for (TaskRun run : List.copyOf(fw.runs.values())) {
            commands.completeIfDone(fw, run);
        }
        ctx.forgetIfIdle(fw);
    }

    /** The master refused the agent's id: its tasks belong to an agent the cluster has forgotten. */
    public void shutdownAll(String why) {
        for (FrameworkRecord fw : ctx.frameworks.all()) {
            shutdownFramework(fw.info.getId(), why);
        }
    }

    public void acknowledge(StatusUpdateAcknowledgement ack) {
        StatusUpdateManager.Acknowledged result = ctx.updates.acknowledge(ack.getFrameworkId(), ack.getTaskId(),
                ack.getUuid());
        if (result != StatusUpdateManager.Acknowledged.TERMINAL) {
            return;
        }
        FrameworkRecord fw = ctx.frameworks.get(ack.getFrameworkId());
        if (fw == null) {
            return;
        }
        String taskId = ack.getTaskId().getValue();
        TaskRun run = fw.runs.get(taskId);
        ExecutorRun executor = fw.executorTasks.get(taskId);
        if (run != null) {
            commands.acknowledged(fw, run);
        } else if (executor != null) {
            executors.acknowledged(fw, executor, executor.task(taskId));
        }
    }

    public void frameworkMessage(FrameworkMessage m) {
        FrameworkRecord fw = ctx.frameworks.get(m.getFrameworkId());
        ExecutorRun executor = fw == null ? null : fw.executors.get(m.getExecutorId().getValue());
        if (executor == null) {
            // Mesos's command and default executors ignore framework messages; so does the agent playing them
            LOG.info("Dropping a framework message of {} bytes for executor {} of framework {}: no custom executor "
                    + "of that id runs here", m.getData().size(), m.getExecutorId().getValue(),
                    m.getFrameworkId().getValue());
            return;
        }
        executors.frameworkMessage(executor, m.getData());
    }

    /** Adds every task not yet terminal-and-acknowledged, its framework and running executors to a re-registration. */
    public void describe(ReregisterAgent.Builder message) {
        TaskViews.describe(message, ctx.frameworks, ctx.agentId(), ctx.updates::inFlight);
    }

    /**
     * A command task whose process runs now (for the shell's {@code agora:containers}).
     *
     * @param containerId the id the containerizer knows its container by, when it runs in one
     */
    public record RunningTask(String frameworkId, String taskId, String name, String containerId, long pid,
            String user) {
    }

    /** The command tasks whose process runs now, with its pid. Actor thread only. */
    public List<RunningTask> running() {
        List<RunningTask> out = new ArrayList<>();
        for (FrameworkRecord fw : ctx.frameworks.all()) {
            for (TaskRun run : fw.runs.values()) {
                if (run.process != null && !run.exited) {
                    out.add(new RunningTask(run.frameworkId.getValue(), run.info.getTaskId().getValue(),
                            run.info.getName(), ContainerizerSlot.containerId(run.sandbox, run.group != null),
                            run.process.pid(), run.user));
                }
            }
        }
        return out;
    }

    public TasksView view() {
        return TaskViews.view(ctx.frameworks, ctx.agentId(), ctx.updates::inFlight);
    }

    /** How many tasks ended in each terminal state since the agent started, each task once. */
    public Map<TaskState, Long> endedTasks() {
        return ctx.updates.ended();
    }

    /** How many tasks have status updates not yet acknowledged. */
    public int pendingStatusUpdates() {
        return ctx.updates.pendingTasks();
    }

    /**
     * The agent stops and no more tasks start. Checkpointed tasks and executors keep running for the next agent (in
     * {@link RecoveryMode#RECONNECT}); every other task's and executor's processes are killed at once.
     */
    public void stop() {
        ctx.stopped = true;
        ctx.events.closeAll();
        ctx.handover.stop();
        commands.stop();
        executors.processes().stop();
        ctx.launcher.stop();
    }
}
