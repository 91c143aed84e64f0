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
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.checkpoint.ExecutorCheckpoint;
import org.agora.agent.internal.checkpoint.KillMarker;
import org.agora.agent.internal.checkpoint.MetaLayout;
import org.agora.agent.internal.checkpoint.RunCheckpoint;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.TaskInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the checkpoint of checkpointing frameworks' tasks and executors in step with the agent: what a task or an
 * executor is before it launches, the kills under way, framework shutdowns, and removal once it is done with.
 * Runs on the actor thread;
 * apart from the launch, a failed write is logged and the agent goes on (only a restart would miss it).
 */
final class TaskCheckpoints {
    private static final Logger LOG = LoggerFactory.getLogger(TaskCheckpoints.class);

    private final MetaLayout layout;

    TaskCheckpoints(Path workDir) {
        this.layout = MetaLayout.of(workDir);
    }

    MetaLayout layout() {
        return layout;
    }

    /**
     * Checkpoints a task about to launch: its framework's FrameworkInfo (when new or changed) and its TaskInfo.
     *
     * @throws IOException when that cannot be written: the task must not run without it
     */
    RunCheckpoint launching(AgentID agentId, FrameworkRecord fw, TaskRun run) throws IOException {
        framework(agentId, fw);
        RunCheckpoint c = layout.run(agentId, run.frameworkId, run.executorId, run.containerId, run.info.getTaskId());
        c.writeTask(run.info);
        return c;
    }

    /** Writes the framework's FrameworkInfo when new or changed. */
    void framework(AgentID agentId, FrameworkRecord fw) throws IOException {
        if (fw.checkpoint == null) {
            fw.checkpoint = layout.framework(agentId, fw.info.getId());
        }
        if (!fw.info.equals(fw.checkpointedInfo)) {
            fw.checkpoint.writeInfo(fw.info);
            fw.checkpointedInfo = fw.info;
        }
    }

    /**
     * Checkpoints a custom or default executor about to start: its framework's FrameworkInfo and its ExecutorInfo.
     *
     * @throws IOException when that cannot be written: the executor must not run without it
     */
    ExecutorCheckpoint launchingExecutor(AgentID agentId, FrameworkRecord fw, ExecutorInfo executor,
            ContainerID containerId) throws IOException {
        framework(agentId, fw);
        ExecutorCheckpoint c = layout.executor(agentId, fw.info.getId(), executor.getExecutorId(), containerId);
        c.writeInfo(executor);
        return c;
    }

    /** Checkpoints a default executor's task about to launch: its TaskInfo and its group; sets its checkpoint. */
    void launchingInGroup(AgentID agentId, FrameworkRecord fw, TaskRun run, ExecutorCheckpoint executor)
            throws IOException {
        framework(agentId, fw);
        RunCheckpoint c = executor.task(run.info.getTaskId());
        c.writeTask(run.info);
        c.writeGroup(run.group.id);
        run.checkpoint = c;
    }

    /** Checkpoints a task handed to a custom executor: its TaskInfo, in the executor's run. */
    RunCheckpoint queued(ExecutorCheckpoint executor, TaskInfo task) throws IOException {
        RunCheckpoint c = executor.task(task.getTaskId());
        c.writeTask(task);
        return c;
    }

    /** A custom or default executor is done with: it ended and none of its tasks is left. */
    void executorCompleted(ExecutorCheckpoint executor, String what) {
        if (executor == null) {
            return;
        }
        try {
            executor.delete();
        } catch (IOException e) {
            LOG.warn("Cannot remove the checkpoint {} of {}: {}", executor.runDir(), what, e.toString());
        }
    }

    /** A kill of the task started or its deadline moved: a restarted agent finishes it. */
    void killing(TaskRun run) {
        if (run.checkpoint == null) {
            return;
        }
        long deadline = System.currentTimeMillis()
                + TimeUnit.NANOSECONDS.toMillis(Math.max(0, run.killDeadlineNanos - System.nanoTime()));
        try {
            run.checkpoint.writeKill(new KillMarker(deadline, run.killedForCompletionTime));
        } catch (IOException e) {
            LOG.error("Cannot checkpoint the kill of task {} of framework {}: {}", run.info.getTaskId().getValue(),
                    run.frameworkId.getValue(), e.toString());
        }
    }

    /** The framework is shut down: a restarted agent kills what is left of its tasks and reports nothing. */
    void shuttingDown(FrameworkRecord fw) {
        if (fw.checkpoint == null) {
            return;
        }
        try {
            fw.checkpoint.markShutdown();
        } catch (IOException e) {
            LOG.error("Cannot checkpoint the shutdown of framework {}: {}", fw.id(), e.toString());
        }
    }

    /** The task's end was acknowledged (or its framework shut down) and no process of it is left. */
    void completed(TaskRun run) {
        if (run.checkpoint == null) {
            return;
        }
        try {
            run.checkpoint.delete();
        } catch (IOException e) {
            LOG.warn("Cannot remove the checkpoint {} of completed task {}: {}", run.checkpoint.runDir(),
                    run.info.getTaskId().getValue(), e.toString());
        }
    }

    /** The framework has no task left on this agent. */
    void frameworkCompleted(FrameworkRecord fw) {
        if (fw.checkpoint == null) {
            return;
        }
        try {
            fw.checkpoint.delete();
        } catch (IOException e) {
            LOG.warn("Cannot remove the checkpoint {} of framework {}: {}", fw.checkpoint.dir(), fw.id(),
                    e.toString());
        }
        fw.checkpoint = null;
        fw.checkpointedInfo = null;
    }
}
