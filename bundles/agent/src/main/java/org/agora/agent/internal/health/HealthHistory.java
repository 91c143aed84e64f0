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
package org.agora.agent.internal.health;

import java.util.Optional;

/**
 * How one task's check results turn into health reports, as Mesos's health checker counts them: the first success
 * is reported healthy, and so is the first success after failures; every failure counted is reported unhealthy, and
 * the one that makes {@code consecutive_failures} in a row asks for the kill. Failures are not counted while the
 * task is in its grace period (measured from its start, delay included), unless a check has succeeded already.
 * Not thread-safe: one task's results arrive on one thread (the agent's actor).
 */
public final class HealthHistory {
    private final HealthTiming timing;
    private final long startNanos;
    /** No check has succeeded yet: the grace period applies, and the first success is reported. */
    private boolean initializing = true;
    private long consecutiveFailures;

    /**
     * @param startNanos when the task started ({@link System#nanoTime()} scale), for the grace period
     */
    public HealthHistory(HealthTiming timing, long startNanos) {
        this.timing = timing;
        this.startNanos = startNanos;
    }

    /** A check passed: a healthy report when it is the first or follows failures. */
    public Optional<HealthReport> succeeded() {
        boolean report = initializing || consecutiveFailures > 0;
        initializing = false;
        consecutiveFailures = 0;
        return report ? Optional.of(new HealthReport(true, 0, false, "")) : Optional.empty();
    }

    /**
     * A check failed at {@code nowNanos}: nothing while in the grace period, else an unhealthy report.
     *
     * @param reason why, for the report and the log
     */
    public Optional<HealthReport> failed(String reason, long nowNanos) {
        if (inGracePeriod(nowNanos)) {
            return Optional.empty();
        }
        consecutiveFailures++;
        return Optional.of(new HealthReport(false, consecutiveFailures,
                consecutiveFailures >= timing.consecutiveFailures(), reason));
    }

    /** Whether a failure at {@code nowNanos} would be ignored. */
    public boolean inGracePeriod(long nowNanos) {
        long grace = timing.gracePeriod().toNanos();
        return initializing && grace > 0 && nowNanos - startNanos <= grace;
    }

    public long consecutiveFailures() {
        return consecutiveFailures;
    }
}
