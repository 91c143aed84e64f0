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

import java.util.ArrayList;
import java.util.List;
import org.agora.api.v1.Protos.ContainerID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator API's KILL_CONTAINER: a signal to every process of a container, by its id, as Mesos's agent has its
 * containerizer kill it. A container is a command task's run, a default executor's task group (its tasks share the
 * container) or a custom executor. The processes end as if something else had killed them: the agent sees them exit
 * and reports their tasks as it would then (a command task killed by SIGKILL is TASK_FAILED, "terminated with signal
 * SIGKILL"). Actor thread only; the signals go out on the launcher threads.
 */
public final class ContainerKills {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerKills.class);

    /** What a KILL_CONTAINER found. */
    public enum Outcome {
        /** Its processes were signalled. */
        SIGNALLED,
        /** The agent knows the container, but no process of it runs (not started yet, or ended). */
        NOT_RUNNING,
        /** No container of that id is on this agent. */
        UNKNOWN
    }

    private final AgentContext ctx;

    ContainerKills(AgentContext ctx) {
        this.ctx = ctx;
    }

    /** Sends SIGKILL ({@code force}) or SIGTERM to the process trees of the container {@code id}. */
    Outcome kill(ContainerID id, boolean force) {
        boolean known = false;
        List<ProcessHandle> roots = new ArrayList<>();
        for (FrameworkRecord fw : ctx.frameworks.live()) {
            for (TaskRun run : fw.runs.values()) {
                if (run.containerId.equals(id)) {
                    known = true;
                    if (run.process != null && !run.exited && !run.isTerminal()) {
                        roots.add(run.process);
                    }
                }
            }
            for (ExecutorRun executor : fw.executors.values()) {
                if (executor.containerId.equals(id)) {
                    known = true;
                    if (executor.process != null && !executor.terminated()) {
                        roots.add(executor.process);
                    }
                }
            }
        }
        if (!known) {
            return Outcome.UNKNOWN;
        }
        if (roots.isEmpty()) {
            return Outcome.NOT_RUNNING;
        }
        LOG.info("Operator kills container {}: {} to the process tree(s) of pid(s) {}", id.getValue(),
                force ? "SIGKILL" : "SIGTERM", roots.stream().map(ProcessHandle::pid).toList());
        for (ProcessHandle root : roots) {
            if (force) {
                ctx.launcher.killer().killNow(root);
            } else {
                ctx.launcher.killer().terminateNow(root);
            }
        }
        return Outcome.SIGNALLED;
    }
}
