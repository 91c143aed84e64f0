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

/**
 * How the agent treats executors it starts (custom executors speaking the v1 executor API), with Mesos's defaults.
 *
 * @param registrationTimeout an executor that has not subscribed this long after it started is killed and its tasks
 *     fail (Mesos: --executor_registration_timeout, 1 min)
 * @param reregistrationTimeout after an agent restart, how long a recovered executor has to subscribe again; also the
 *     most it should wait between tries (MESOS_SUBSCRIPTION_BACKOFF_MAX; Mesos: --executor_reregistration_timeout, 2 s)
 * @param shutdownGracePeriod from the SHUTDOWN event to killing the executor when its ExecutorInfo sets no
 *     shutdown_grace_period (Mesos: --executor_shutdown_grace_period, 5 s)
 * @param heartbeatInterval between HEARTBEAT events on an executor's subscription (Mesos: 30 min)
 * @param recoveryTimeout how long a disconnected executor of a checkpointing framework keeps trying to subscribe
 *     again before it gives up (MESOS_RECOVERY_TIMEOUT; Mesos: --recovery_timeout, 15 min)
 */
public record ExecutorSettings(Duration registrationTimeout, Duration reregistrationTimeout,
        Duration shutdownGracePeriod, Duration heartbeatInterval, Duration recoveryTimeout) {

    public static final ExecutorSettings DEFAULTS = new ExecutorSettings(Duration.ofMinutes(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofMinutes(30), Duration.ofMinutes(15));

    public ExecutorSettings {
        for (Duration d : new Duration[] {registrationTimeout, reregistrationTimeout, heartbeatInterval,
            recoveryTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("executor timeouts and intervals must be positive: " + d);
            }
        }
        if (shutdownGracePeriod.isNegative()) {
            throw new IllegalArgumentException("executor shutdown grace period " + shutdownGracePeriod
                    + " is negative");
        }
    }
}
