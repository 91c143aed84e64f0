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
package org.agora.services.internal.app;

import java.util.Optional;

/**
 * One of an app's {@code healthChecks}; the agent runs it (a Mesos health check in {@code TaskInfo.health_check}),
 * so only Marathon's Mesos protocols and COMMAND are accepted.
 *
 * @param protocol               MESOS_HTTP, MESOS_HTTPS, MESOS_TCP or COMMAND
 * @param path                   the HTTP path (MESOS_HTTP/MESOS_HTTPS); Marathon's default {@code /}
 * @param portIndex              which of the instance's ports to check when {@code port} is not given; default 0
 * @param port                   a fixed port to check instead
 * @param command                the shell command of a COMMAND check
 * @param gracePeriodSeconds     failures in this time after the start are ignored until the first success; 300
 * @param intervalSeconds        between checks; 60
 * @param timeoutSeconds         a check taking longer fails; 20
 * @param maxConsecutiveFailures failures in a row that kill the instance (0: never); 3
 * @param delaySeconds           before the first check; 15
 */
public record HealthCheck(Protocol protocol, String path, int portIndex, Optional<Integer> port,
        Optional<String> command, int gracePeriodSeconds, int intervalSeconds, int timeoutSeconds,
        int maxConsecutiveFailures, int delaySeconds) {

    /** Marathon's defaults, documented in its health check docs. */
    public static final int DEFAULT_GRACE_PERIOD_SECONDS = 300;
    public static final int DEFAULT_INTERVAL_SECONDS = 60;
    public static final int DEFAULT_TIMEOUT_SECONDS = 20;
    public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 3;
    public static final int DEFAULT_DELAY_SECONDS = 15;

    /** The protocols the agent can run. */
    public enum Protocol { MESOS_HTTP, MESOS_HTTPS, MESOS_TCP, COMMAND }
}
