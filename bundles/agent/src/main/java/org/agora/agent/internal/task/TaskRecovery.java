package org.agora.agent.internal.task;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.agora.agent.internal.checkpoint.CheckpointFiles;
import org.agora.agent.internal.checkpoint.CheckpointReader;
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
 * the exit status its wrapper recorded. Processes nothing can manage any more are killed: those of shut-down
 * frameworks, of unreadable checkpoints, and of checkpoints left by a former agent id (as Mesos destroys orphan
 * containers). Runs on the actor thread.
 */
final class TaskRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRecovery.class);

    /** What recovery asks of {@link CommandTasks} for each task it brings back. */
    interface Host {
        /** The task's process still runs: watch it from now on, and finish a kill that was under way. */
        void adopt(FrameworkRecord fw, TaskRun run, ProcessHandle process, ProcessIdentity identity,
                Optional<KillMarker> kill);

        /** The task's process ended while no agent ran: report how, if its wrapper recorded it. */
        void endedWhileDown(FrameworkRecord fw, TaskRun run, Optional<Integer> exitStatus, Optional<KillMarker> kill);
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
        for (RecoveredState.Run r : f.runs()) {
            recoverRun(agentId, fw, r);
        }
        if (fw.runs.isEmpty()) {
            frameworks.complete(fw);
            delete(f.checkpoint().dir());
            return false;
        }
        return true;
    }

    private void recoverRun(AgentID agentId, FrameworkRecord fw, RecoveredState.Run r) {
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
        TaskRun run = new TaskRun(fw.info.getId(), task, r.executorId(), r.containerId(), sandbox, user);
        run.checkpoint = r.checkpoint();
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
            host.endedWhileDown(fw, run, Sandbox.readExitStatus(sandbox), r.kill());
        }
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
