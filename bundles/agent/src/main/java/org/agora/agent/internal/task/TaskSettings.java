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

import java.nio.file.Path;
import java.time.Duration;

/**
 * What command tasks need from the agent's options.
 *
 * @param workDir where sandboxes go
 * @param switchUser run each task as its user (when the agent runs as root); false runs every task as the agent's user
 * @param killGracePeriod between SIGTERM and SIGKILL when a kill carries no kill policy
 * @param statusRetryMin first wait before an unacknowledged status update is resent
 * @param statusRetryMax longest wait between resends
 * @param launcherThreads threads that create sandboxes, start processes and signal them
 * @param fetcherThreads threads that fetch URIs (downloads block)
 * @param recovery whether checkpointed tasks outlive the agent and are adopted by the next one
 * @param executors how custom executors are treated
 */
public record TaskSettings(Path workDir, boolean switchUser, Duration killGracePeriod, Duration statusRetryMin,
        Duration statusRetryMax, int launcherThreads, int fetcherThreads, RecoveryMode recovery,
        ExecutorSettings executors) {

    /** Mesos's status update retry interval: 10 s doubling up to 10 minutes. */
    public static final Duration STATUS_RETRY_MIN = Duration.ofSeconds(10);
    public static final Duration STATUS_RETRY_MAX = Duration.ofMinutes(10);

    public TaskSettings {
        if (killGracePeriod.isNegative()) {
            throw new IllegalArgumentException("kill grace period " + killGracePeriod + " is negative");
        }
        if (launcherThreads < 1 || fetcherThreads < 1) {
            throw new IllegalArgumentException("launcher and fetcher need at least one thread each");
        }
        if (recovery == null || executors == null) {
            throw new IllegalArgumentException("no recovery mode or executor settings");
        }
    }

    /** Settings with Mesos's executor timeouts. */
    public TaskSettings(Path workDir, boolean switchUser, Duration killGracePeriod, Duration statusRetryMin,
            Duration statusRetryMax, int launcherThreads, int fetcherThreads, RecoveryMode recovery) {
        this(workDir, switchUser, killGracePeriod, statusRetryMin, statusRetryMax, launcherThreads, fetcherThreads,
                recovery, ExecutorSettings.DEFAULTS);
    }

    /** Settings that reconnect to checkpointed tasks after a restart (Mesos's default). */
    public TaskSettings(Path workDir, boolean switchUser, Duration killGracePeriod, Duration statusRetryMin,
            Duration statusRetryMax, int launcherThreads, int fetcherThreads) {
        this(workDir, switchUser, killGracePeriod, statusRetryMin, statusRetryMax, launcherThreads, fetcherThreads,
                RecoveryMode.RECONNECT);
    }

    /** Settings with Mesos's retry intervals and a thread count fit for the machine. */
    public static TaskSettings of(Path workDir, boolean switchUser, Duration killGracePeriod,
            RecoveryMode recovery, ExecutorSettings executors) {
        return new TaskSettings(workDir, switchUser, killGracePeriod, STATUS_RETRY_MIN, STATUS_RETRY_MAX,
                Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())), 4, recovery, executors);
    }

    /** The same settings with another recovery mode. */
    public TaskSettings withRecovery(RecoveryMode mode) {
        return new TaskSettings(workDir, switchUser, killGracePeriod, statusRetryMin, statusRetryMax, launcherThreads,
                fetcherThreads, mode, executors);
    }

    /** The same settings with other executor timeouts. */
    public TaskSettings withExecutors(ExecutorSettings executorSettings) {
        return new TaskSettings(workDir, switchUser, killGracePeriod, statusRetryMin, statusRetryMax, launcherThreads,
                fetcherThreads, recovery, executorSettings);
    }
}
