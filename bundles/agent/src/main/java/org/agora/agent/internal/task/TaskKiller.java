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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.launcher.ProcessTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills tasks as Mesos's command executor does: SIGTERM to the task's process tree, SIGKILL to whatever is left of it
 * when the grace period ends; a repeated kill may shorten the grace period, never extend it. Runs on the actor thread;
 * the signals go out on the launcher threads (finding a tree reads /proc).
 */
final class TaskKiller {
    private static final Logger LOG = LoggerFactory.getLogger(TaskKiller.class);

    private final ScheduledExecutorService actor;
    private final Executor launcher;

    TaskKiller(ScheduledExecutorService actor, Executor launcher) {
        this.actor = actor;
        this.launcher = launcher;
    }

    /**
     * Starts killing the run's process tree, or shortens the grace period of a kill under way.
     *
     * @return whether this call started the kill (the caller reports TASK_KILLING)
     */
    boolean kill(TaskRun run, Duration grace) {
        long now = System.nanoTime();
        long graceNanos = Math.max(0, grace.toNanos());
        if (run.killing) {
            long deadline = run.killStartNanos + graceNanos;
            if (deadline - run.killDeadlineNanos < 0) {
                run.killDeadlineNanos = deadline;
                scheduleEscalation(run, Math.max(0, deadline - now));
            }
            return false;
        }
        run.killing = true;
        run.killStartNanos = now;
        run.killDeadlineNanos = now + graceNanos;
        if (run.completionTimer != null) {
            run.completionTimer.cancel(false);
            run.completionTimer = null;
        }
        LOG.info("Killing task {} of framework {}: SIGTERM to its process tree (pid {}), SIGKILL after {} ms",
                run.info.getTaskId().getValue(), run.frameworkId.getValue(), run.process.pid(), grace.toMillis());
        ProcessHandle root = run.process;
        CompletableFuture<List<ProcessHandle>> signalled = new CompletableFuture<>();
        onLauncher(() -> signalled.complete(ProcessTree.terminate(root)));
        run.signalled = signalled;
        scheduleEscalation(run, graceNanos);
        return true;
    }

    /** The run's top process ended: if it was being killed, SIGKILL whatever of its tree outlived it. */
    void exited(TaskRun run) {
        if (run.killing) {
            forceKill(run);
        }
    }

    /** SIGKILL to a process tree at once: a process that appeared after its task was killed. */
    void killNow(ProcessHandle root) {
        onLauncher(() -> ProcessTree.kill(root, List.of()));
    }

    /** SIGTERM to a process tree at once, nothing after it: an operator's KILL_CONTAINER with SIGTERM. */
    void terminateNow(ProcessHandle root) {
        onLauncher(() -> ProcessTree.terminate(root));
    }

    private void scheduleEscalation(TaskRun run, long delayNanos) {
        if (run.escalation != null) {
            run.escalation.cancel(false);
        }
        run.escalation = actor.schedule(() -> escalate(run), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void escalate(TaskRun run) {
        run.escalation = null;
        if (run.exited) {
            return;
        }
        LOG.info("Task {} of framework {} outlived its grace period: SIGKILL to its process tree",
                run.info.getTaskId().getValue(), run.frameworkId.getValue());
        forceKill(run);
    }

    private void forceKill(TaskRun run) {
        ProcessHandle root = run.process;
        CompletableFuture<List<ProcessHandle>> signalled = run.signalled != null ? run.signalled
                : CompletableFuture.completedFuture(List.of());
        signalled.thenAccept(list -> onLauncher(() -> ProcessTree.kill(root, list)));
    }

    private void onLauncher(Runnable r) {
        try {
            launcher.execute(r);
        } catch (RejectedExecutionException e) {
            r.run(); // the agent is stopping: signal from here
        }
    }
}
