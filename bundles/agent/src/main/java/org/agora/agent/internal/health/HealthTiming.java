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

import java.time.Duration;
import org.agora.api.v1.Protos.HealthCheck;

/**
 * When a task's health check runs and how its results count, from its {@code HealthCheck} (proto2 defaults apply to
 * fields not set: delay 15 s, interval 10 s, timeout 20 s, 3 consecutive failures, grace period 10 s).
 *
 * @param delay from the task's TASK_RUNNING to the first check
 * @param interval from the end of one check (or its timeout) to the start of the next
 * @param timeout how long one check may take before it counts as failed; zero for no limit (as Mesos)
 * @param gracePeriod from the task's TASK_RUNNING, the time failures are ignored until a first success
 * @param consecutiveFailures how many failures in a row get the task killed (the field is a uint32, read unsigned);
 *     0 kills at the first failure counted,
 *     as Mesos's health checker does ({@code consecutive_failures >= 0})
 */
public record HealthTiming(Duration delay, Duration interval, Duration timeout, Duration gracePeriod,
        long consecutiveFailures) {

    /** The timing of {@code check}, which must have passed {@code HealthCheckValidation}. */
    public static HealthTiming of(HealthCheck check) {
        return new HealthTiming(seconds(check.getDelaySeconds()), seconds(check.getIntervalSeconds()),
                seconds(check.getTimeoutSeconds()), seconds(check.getGracePeriodSeconds()),
                Integer.toUnsignedLong(check.getConsecutiveFailures())); // a uint32: 2^32-1 is not -1
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (Math.max(0, s) * 1e9));
    }
}
