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

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.agent.internal.checkpoint.CheckpointFiles;
import org.agora.agent.internal.checkpoint.CheckpointReader;
import org.agora.agent.internal.checkpoint.ExecutorCheckpoint;
import org.agora.agent.internal.checkpoint.KillMarker;
import org.agora.agent.internal.checkpoint.MetaLayout;
import org.agora.agent.internal.checkpoint.RecoveredState;
import org.agora.agent.internal.launcher.ProcessIdentity;
import org.agora.agent.internal.launcher.ProcessTree;
import org.agora.agent.internal.launcher.Sandbox;
import org.agora.agent.internal.status.DurableStatusUpdateManager;
import org.agora.agent.internal.status.StatusUpdateReplay;
import org.agora.agent.internal.status.TaskStates;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over the tasks an earlier agent left behind, from its checkpoint, before the agent registers (Mesos's
 * {@code Slave::recover}): every task of a checkpointing framework comes back with its statuses and its unacknowledged
 * updates (resent once a master registers the agent); a task whose process still runs, as the very process that was
 * started (same pid, start time and boot), is adopted; one whose process ended while no agent ran is reported with
 * the exit status its wrapper recorded. A default executor's tasks come back in their groups; a custom executor comes
 * back with its tasks, to subscribe again if its process still runs, with its tasks failed if it does not. Processes
 * nothing can manage any more are killed: those of shut-down
 * frameworks, of unreadable checkpoints, and of checkpoints left by a former agent id (as Mesos destroys orphan
 * containers). Runs on the actor thread.
 */
final class TaskRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRecovery.class);

    /** What recovery asks of the rest of the agent for each task and executor it brings back. */
    interface Host {
        /** The task's process still runs: watch it from now on, and finish a kill that was under way. */
        void adopt(FrameworkRecord fw, TaskRun run, ProcessHandle process, ProcessIdentity identity,
                Optional<KillMarker> kill);

        /** The task's process ended while no agent ran: report how, if its wrapper recorded it. */
        void endedWhileDown(FrameworkRecord fw, TaskRun run, Optional<Integer> exitStatus, Optional<KillMarker> kill);

        /** The group of a default executor's task, the executor made again if need be. */
        DefaultExecutor.TaskGroup group(FrameworkRecord fw, ExecutorInfo executor, ContainerID containerId,
                String groupId);

        /**
         * A custom executor and its tasks: its process still runs ({@code live}; it is to subscribe again) or it
         * ended while no agent ran.
         */
        void executor(FrameworkRecord fw, ExecutorInfo executor, ContainerID containerId,
                ExecutorCheckpoint checkpoint, List<ExecutorTask> tasks, Optional<ProcessHandle> live,
                Optional<ProcessIdentity> identity);
    }

    private final Path workDir;
    private final MetaLayout layout;
    private final Frameworks frameworks;
    private final DurableStatusUpdateManager updates;
    private final Host host;

    private int adopted;
    private int ended;
    private int awaiting;
    private int killed;
    private int errors;

    TaskRecovery(Path workDir, MetaLayout layout, Frameworks frameworks, DurableStatusUpdateManager updates,
            Host host) {
        this.workDir = workDir;
        this.layout = layout;
        this.frameworks = frameworks;
        this.updates = updates;
        this.host = host;
    }

    /** Recovers the checkpoint of agent {@code agentId} (empty value: none) and discards other agents'. */
    RecoverySummary recover(AgentID agentId) {
        long start = System.nanoTime();
        for (AgentID other : CheckpointReader.agents(layout)) {
            if (!other.equals(agentId)) {
                discardAgent(other, agentId);
            }
        }
        int recoveredFrameworks = 0;
        if (!agentId.getValue().isEmpty()) {
            RecoveredState state = CheckpointReader.read(layout, agentId);
            errors += state.errors();
            for (RecoveredState.Framework f : state.frameworks()) {
                recoveredFrameworks += recoverFramework(agentId, f) ? 1 : 0;
            }
        }
        RecoverySummary summary = new RecoverySummary(recoveredFrameworks, adopted, ended, awaiting, killed, errors,
                Duration.ofNanos(System.nanoTime() - start));
        if (summary.tasks() + summary.killed() + summary.errors() > 0) {
            LOG.info("Recovered agent {} in {} ms: {} task(s) of {} framework(s) back ({} still running and adopted, "
                    + "{} ended while the agent was down, {} awaiting the acknowledgement of their end); {} leftover "
                    + "process(es) killed; {} malformed checkpoint file(s) skipped", agentId.getValue(),
                    summary.took().toMillis(), summary.tasks(), recoveredFrameworks, adopted, ended, awaiting, killed,
                    errors);
        }
        return summary;
    }

    /** @return whether the framework came back with tasks */
    private boolean recoverFramework(AgentID agentId, RecoveredState.Framework f) {
        String why = f.shutDown() ? "it was being shut down"
                : f.info().isEmpty() ? "its framework.info is unreadable"
                : !f.info().get().getCheckpoint() ? "it does not checkpoint" : null;
        if (why != null) {
            LOG.warn("Not recovering framework {}: {}; killing what is left of its {} task(s)", f.id().getValue(), why,
                    f.runs().size());
            f.runs().forEach(r -> killLeftover(r, why));
            delete(f.checkpoint().dir());
            return false;
        }
        FrameworkInfo info = f.info().get().toBuilder().setId(f.id()).build();
        FrameworkRecord fw = frameworks.add(info);
        fw.checkpoint = f.checkpoint();
        fw.checkpointedInfo = f.info().get();
        Map<String, List<RecoveredState.Run>> customExecutors = new LinkedHashMap<>();
        List<Runnable> endings = new ArrayList<>();
        for (RecoveredState.Run r : f.runs()) {
            if (r.executor().isPresent() && r.executor().get().getType() != ExecutorInfo.Type.DEFAULT) {
                customExecutors.computeIfAbsent(r.checkpoint().runDir().toString(), k -> new ArrayList<>()).add(r);
            } else {
                recoverRun(agentId, fw, r, endings);
            }
        }
        // a group's tasks all belong to it before one that ended meanwhile has the rest killed
        endings.forEach(Runnable::run);
        customExecutors.values().forEach(runs -> recoverExecutor(fw, runs));
        if (fw.isIdle()) {
            frameworks.complete(fw);
            delete(f.checkpoint().dir());
            return false;
        }
        return true;
    }

    /** @param endings collects the reports of tasks that ended while the agent was down, to run after the others */
    private void recoverRun(AgentID agentId, FrameworkRecord fw, RecoveredState.Run r, List<Runnable> endings) {
        String taskId = r.taskId().getValue();
        if (r.info().isEmpty()) {
            killLeftover(r, "its task.info is unreadable");
            deleteRun(r);
            return;
        }
        StatusUpdateReplay.Replayed replayed = StatusUpdateReplay.replay(r.updates());
        if (replayed.terminalAcknowledged()) {
            // it was done with before the agent stopped; only its checkpoint was left to remove
            killLeftover(r, "its end was acknowledged");
            deleteRun(r);
            return;
        }
        TaskInfo task = r.info().get();
        String user = task.getCommand().hasUser() ? task.getCommand().getUser() : fw.info.getUser();
        Path sandbox = Sandbox.directory(workDir, agentId, fw.info.getId(), r.executorId(), r.containerId());
        if (r.executor().isPresent()) {
            sandbox = Sandbox.taskDirectory(sandbox, r.taskId());
        }
        TaskRun run = new TaskRun(fw.info.getId(), task, r.executorId(), r.containerId(), sandbox, user);
        run.checkpoint = r.checkpoint();
        if (r.executor().isPresent()) {
            run.group = host.group(fw, r.executor().get(), r.containerId(), r.group().orElse("recovered"));
            run.group.members.add(run);
        }
        for (StatusUpdate u : replayed.updates()) {
            run.statuses.add(u.getStatus());
        }
        StatusUpdate latest = replayed.latest();
        run.state = latest == null ? TaskState.TASK_STAGING : latest.getStatus().getState();
        fw.runs.put(taskId, run);
        updates.recover(fw.info.getId(), r.taskId(), r.checkpoint(), replayed);
        if (TaskStates.isTerminal(run.state)) {
            // it ended before the agent stopped; its terminal update waits for the acknowledgement
            run.phase = TaskRun.Phase.DONE;
            killLeftover(r, "it already ended");
            awaiting++;
            return;
        }
        run.phase = TaskRun.Phase.RUNNING;
        Optional<ProcessHandle> live = r.forked().flatMap(p -> verify(p, taskId));
        if (live.isPresent()) {
            adopted++;
            host.adopt(fw, run, live.get(), r.forked().get(), r.kill());
        } else {
            ended++;
            Path dir = sandbox;
            endings.add(() -> host.endedWhileDown(fw, run, Sandbox.readExitStatus(dir), r.kill()));
        }
    }

    /**
     * A custom executor's run and the tasks it had: taken over with its process if that still runs as itself (it is
     * to subscribe again), else its tasks that had not ended are failed. Tasks whose end was acknowledged are gone.
     */
    private void recoverExecutor(FrameworkRecord fw, List<RecoveredState.Run> runs) {
        RecoveredState.Run first = runs.get(0);
        ExecutorInfo info = first.executor().get();
        ExecutorCheckpoint checkpoint = new ExecutorCheckpoint(first.checkpoint().executorDir(),
                first.checkpoint().runDir());
        String what = "executor " + first.executorId().getValue();
        Optional<ProcessIdentity> identity = first.forked();
        if (!info.hasExecutorId()) {
            // its executor.info is unreadable (counted as an error): nothing can manage it any more
            identity.flatMap(p -> verify(p, what)).ifPresent(p -> kill(p, what, "its executor.info is unreadable"));
            deleteExecutor(checkpoint);
            return;
        }
        List<ExecutorTask> tasks = new ArrayList<>();
        for (RecoveredState.Run r : runs) {
            if (r.info().isEmpty()) {
                if (!r.taskId().getValue().equals(CheckpointReader.NO_TASK)) {
                    deleteRun(r); // unreadable task.info, counted as an error
                }
                continue;
            }
            StatusUpdateReplay.Replayed replayed = StatusUpdateReplay.replay(r.updates());
            if (replayed.terminalAcknowledged()) {
                deleteRun(r);
                continue;
            }
            ExecutorTask t = new ExecutorTask(r.info().get());
            t.checkpoint = r.checkpoint();
            replayed.updates().forEach(u -> t.record(u.getStatus()));
            // a task without any status may never have reached the executor: it is offered again on subscription
            t.delivered = !t.statuses.isEmpty();
            updates.recover(fw.info.getId(), r.taskId(), r.checkpoint(), replayed);
            tasks.add(t);
        }
        Optional<ProcessHandle> live = identity.flatMap(p -> verify(p, what));
        if (tasks.isEmpty() && live.isEmpty()) {
            deleteExecutor(checkpoint);
            return;
        }
        for (ExecutorTask t : tasks) {
            if (t.isTerminal()) {
                awaiting++;
            } else if (live.isPresent()) {
                adopted++;
            } else {
                ended++;
            }
        }
        host.executor(fw, info, first.containerId(), checkpoint, tasks, live, identity);
    }

    /**
     * The recorded process, when it still runs as itself; never a pid that another process took over since.
     * The handle is taken before the check, so it cannot refer to a process that appeared after it.
     */
    private static Optional<ProcessHandle> verify(ProcessIdentity recorded, String taskId) {
        Optional<ProcessHandle> handle = ProcessHandle.of(recorded.pid());
        if (handle.isPresent() && recorded.isRunning()) {
            return handle;
        }
        if (!recorded.bootId().equals(ProcessIdentity.currentBootId())) {
            LOG.info("Process {} of task {} ran before the machine rebooted", recorded.pid(), taskId);
        } else {
            Optional<Long> now = recorded.currentStartTicks();
            if (handle.isPresent() && now.isPresent() && now.get() != recorded.startTicks()) {
                LOG.warn("Not adopting pid {} for task {}: it now belongs to another process (started at tick {}, "
                        + "the task's at tick {})", recorded.pid(), taskId, now.get(), recorded.startTicks());
            }
        }
        return Optional.empty();
    }

    private void kill(ProcessHandle process, String what, String why) {
        LOG.warn("Killing process {} of {}: {}", process.pid(), what, why);
        ProcessTree.kill(process, List.of());
        killed++;
    }

    private void deleteExecutor(ExecutorCheckpoint checkpoint) {
        try {
            checkpoint.delete();
        } catch (IOException e) {
            LOG.warn("Cannot remove checkpoint {}: {}", checkpoint.runDir(), e.toString());
        }
    }

    /** Kills the run's process, if it still runs as itself: nothing will manage it. */
    private void killLeftover(RecoveredState.Run r, String why) {
        Optional<ProcessHandle> live = r.forked().flatMap(p -> verify(p, r.taskId().getValue()));
        if (live.isPresent()) {
            LOG.warn("Killing process {} of task {} ({}): {}", live.get().pid(), r.taskId().getValue(),
                    r.checkpoint().runDir(), why);
            ProcessTree.kill(live.get(), List.of());
            killed++;
        }
    }

    /** A checkpoint of another agent id: the cluster forgot that agent, so its tasks are lost; kill and forget. */
    private void discardAgent(AgentID other, AgentID current) {
        RecoveredState state = CheckpointReader.read(layout, other);
        LOG.warn("Discarding the checkpoint of former agent {} ({} task(s)): this agent is {}", other.getValue(),
                state.runs(), current.getValue().isEmpty() ? "a new one" : current.getValue());
        for (RecoveredState.Framework f : state.frameworks()) {
            f.runs().forEach(r -> killLeftover(r, "it belongs to former agent " + other.getValue()));
        }
        delete(layout.agent(other));
    }

    private void deleteRun(RecoveredState.Run r) {
        try {
            r.checkpoint().delete();
        } catch (IOException e) {
            LOG.warn("Cannot remove checkpoint {}: {}", r.checkpoint().runDir(), e.toString());
        }
    }

    private static void delete(Path dir) {
        try {
            CheckpointFiles.deleteTree(dir);
        } catch (IOException e) {
            LOG.warn("Cannot remove checkpoint {}: {}", dir, e.toString());
        }
    }
}
