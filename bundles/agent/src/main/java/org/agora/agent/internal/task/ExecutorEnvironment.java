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

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.agora.agent.internal.security.ExecutorTokens;
import org.agora.api.v1.Protos.AgentID;

/**
 * The environment the agent gives a custom executor, as Mesos's agent does (docs/executor-http-api.md): who it is,
 * where the agent's executor API is, where its sandbox is, and how to behave when the agent goes away. Durations are
 * written as Mesos writes them ("15mins", "2secs", "500ms").
 */
final class ExecutorEnvironment {
    private static final String[] UNITS = {"weeks", "days", "hrs", "mins", "secs", "ms", "us", "ns"};
    private static final long[] NANOS = {604_800_000_000_000L, 86_400_000_000_000L, 3_600_000_000_000L,
        60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};

    private ExecutorEnvironment() {
    }

    static Map<String, String> of(ExecutorRun executor, AgentID agentId, String agentEndpoint, boolean checkpoint,
            ExecutorSettings settings, Optional<String> token) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("MESOS_FRAMEWORK_ID", executor.frameworkId.getValue());
        v.put("MESOS_EXECUTOR_ID", executor.id());
        v.put("MESOS_SLAVE_ID", agentId.getValue());
        v.put("MESOS_AGENT_ID", agentId.getValue());
        v.put("MESOS_SLAVE_PID", "slave(1)@" + agentEndpoint);
        v.put("MESOS_AGENT_ENDPOINT", agentEndpoint);
        v.put("MESOS_DIRECTORY", executor.sandbox.toString());
        v.put("MESOS_SANDBOX", executor.sandbox.toString());
        v.put("MESOS_CHECKPOINT", checkpoint ? "1" : "0");
        v.put("MESOS_HTTP_COMMAND_EXECUTOR", "0");
        v.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", duration(shutdownGracePeriod(executor, settings)));
        if (checkpoint) {
            v.put("MESOS_RECOVERY_TIMEOUT", duration(settings.recoveryTimeout()));
            v.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", duration(settings.reregistrationTimeout()));
        }
        executor.info.getResourcesList().stream().filter(r -> r.hasAllocationInfo()).findFirst()
                .ifPresent(r -> v.put("MESOS_ALLOCATION_ROLE", r.getAllocationInfo().getRole()));
        token.ifPresent(t -> v.put(ExecutorTokens.ENVIRONMENT_VARIABLE, t));
        return v;
    }

    /** The executor's own shutdown grace period, else the agent's. */
    static Duration shutdownGracePeriod(ExecutorRun executor, ExecutorSettings settings) {
        return executor.info.hasShutdownGracePeriod()
                ? Duration.ofNanos(executor.info.getShutdownGracePeriod().getNanoseconds())
                : settings.shutdownGracePeriod();
    }

    /** Mesos's way of writing a duration: in the largest unit it is at least one of. */
    static String duration(Duration d) {
        long nanos = d.toNanos();
        for (int i = 0; i < UNITS.length; i++) {
            if (nanos >= NANOS[i] || i == UNITS.length - 1) {
                BigDecimal value = BigDecimal.valueOf(nanos)
                        .divide(BigDecimal.valueOf(NANOS[i]), 3, RoundingMode.HALF_UP);
                return value.stripTrailingZeros().toPlainString() + UNITS[i];
            }
        }
        throw new AssertionError();
    }
}
