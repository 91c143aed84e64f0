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
package org.agora.api.health;

import java.util.Optional;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.HealthCheck;

/**
 * Mesos's validation of a task's {@code HealthCheck} ({@code common::validation::validateHealthCheck}): the type is
 * known and its part is present (a COMMAND check's command with a value, an HTTP check's {@code http} with a port, a
 * TCP check's {@code tcp} with a port), an HTTP scheme is {@code http} or {@code https}, a path starts with
 * {@code '/'}, and no duration is negative. Stricter than Mesos in two places, where Mesos would run a check that can
 * never pass: a port must be 1-65535, and a duration must be a finite number.
 */
public final class HealthCheckValidation {
    private HealthCheckValidation() {
    }

    /**
     * @return why the health check cannot run, in Mesos's words where Mesos has them; empty when it can
     */
    public static Optional<String> problem(HealthCheck check) {
        if (!check.hasType()) {
            return Optional.of("HealthCheck must specify 'type'");
        }
        Optional<String> typed = switch (check.getType()) {
            case COMMAND -> command(check);
            case HTTP -> http(check);
            case TCP -> tcp(check);
            default -> Optional.of("'" + check.getType().name() + "' is not a valid health check type");
        };
        if (typed.isPresent()) {
            return typed;
        }
        return duration("delay_seconds", check.hasDelaySeconds(), check.getDelaySeconds())
                .or(() -> duration("grace_period_seconds", check.hasGracePeriodSeconds(),
                        check.getGracePeriodSeconds()))
                .or(() -> duration("interval_seconds", check.hasIntervalSeconds(), check.getIntervalSeconds()))
                .or(() -> duration("timeout_seconds", check.hasTimeoutSeconds(), check.getTimeoutSeconds()));
    }

    private static Optional<String> command(HealthCheck check) {
        if (!check.hasCommand()) {
            return Optional.of("Expecting 'command' to be set for COMMAND health check");
        }
        CommandInfo command = check.getCommand();
        if (!command.hasValue() || command.getValue().isEmpty()) {
            return Optional.of("Command health check must contain "
                    + (command.getShell() ? "'shell command'" : "'executable path'"));
        }
        return Optional.empty();
    }

    private static Optional<String> http(HealthCheck check) {
        if (!check.hasHttp()) {
            return Optional.of("Expecting 'http' to be set for HTTP health check");
        }
        HealthCheck.HTTPCheckInfo http = check.getHttp();
        if (http.hasScheme() && !http.getScheme().equals("http") && !http.getScheme().equals("https")) {
            return Optional.of("Unsupported HTTP health check scheme: '" + http.getScheme() + "'");
        }
        if (http.hasPath() && !http.getPath().startsWith("/")) {
            return Optional.of("The path '" + http.getPath() + "' of HTTP health check must start with '/'");
        }
        return port("HTTP", http.hasPort(), http.getPort());
    }

    private static Optional<String> tcp(HealthCheck check) {
        if (!check.hasTcp()) {
            return Optional.of("Expecting 'tcp' to be set for TCP health check");
        }
        return port("TCP", check.getTcp().hasPort(), check.getTcp().getPort());
    }

    private static Optional<String> port(String type, boolean present, int port) {
        if (!present) {
            return Optional.of("Expecting 'port' to be set for " + type + " health check");
        }
        // uint32 on the wire: a Java int below 0 is a value above 2^31
        if (port < 1 || port > 65535) {
            return Optional.of("The port " + Integer.toUnsignedString(port) + " of " + type
                    + " health check is not in 1-65535");
        }
        return Optional.empty();
    }

    private static Optional<String> duration(String field, boolean present, double value) {
        if (!present) {
            return Optional.empty();
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Optional.of("Expecting '" + field + "' to be a finite number");
        }
        return value < 0.0 ? Optional.of("Expecting '" + field + "' to be non-negative") : Optional.empty();
    }
}
