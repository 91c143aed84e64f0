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

import static org.assertj.core.api.Assertions.assertThat;

import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.HealthCheck;
import org.junit.jupiter.api.Test;

class HealthCheckValidationTest {
    private static HealthCheck.Builder http(int port) {
        return HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP)
                .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(port).setPath("/health"));
    }

    @Test
    void acceptsEachTypeWithItsPart() {
        assertThat(HealthCheckValidation.problem(http(8080).build())).isEmpty();
        assertThat(HealthCheckValidation.problem(HealthCheck.newBuilder().setType(HealthCheck.Type.TCP)
                .setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(1)).build())).isEmpty();
        assertThat(HealthCheckValidation.problem(HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND)
                .setCommand(CommandInfo.newBuilder().setValue("true")).setConsecutiveFailures(0)
                .setDelaySeconds(0).build())).isEmpty();
    }

    @Test
    void refusesACheckWithoutTheFieldsItsTypeNeeds() {
        assertThat(HealthCheckValidation.problem(HealthCheck.newBuilder().build()))
                .contains("HealthCheck must specify 'type'");
        assertThat(HealthCheckValidation.problem(HealthCheck.newBuilder().setType(HealthCheck.Type.UNKNOWN).build()))
                .contains("'UNKNOWN' is not a valid health check type");
        assertThat(HealthCheckValidation.problem(HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND).build()))
                .contains("Expecting 'command' to be set for COMMAND health check");
        assertThat(HealthCheckValidation.problem(HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND)
                .setCommand(CommandInfo.newBuilder().setShell(true)).build()))
                .contains("Command health check must contain 'shell command'");
        assertThat(HealthCheckValidation.problem(HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP).build()))
                .contains("Expecting 'http' to be set for HTTP health check");
        assertThat(HealthCheckValidation.problem(HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP)
                .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPath("/").buildPartial()).buildPartial()))
                .contains("Expecting 'port' to be set for HTTP health check");
        assertThat(HealthCheckValidation.problem(HealthCheck.newBuilder().setType(HealthCheck.Type.TCP).build()))
                .contains("Expecting 'tcp' to be set for TCP health check");
    }

    @Test
    void refusesBadSchemesPathsPortsAndDurations() {
        assertThat(HealthCheckValidation.problem(http(80).setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(80)
                .setScheme("ftp")).build())).contains("Unsupported HTTP health check scheme: 'ftp'");
        assertThat(HealthCheckValidation.problem(http(80).setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(80)
                .setPath("health")).build()))
                .contains("The path 'health' of HTTP health check must start with '/'");
        assertThat(HealthCheckValidation.problem(http(0).build()))
                .contains("The port 0 of HTTP health check is not in 1-65535");
        assertThat(HealthCheckValidation.problem(http(70000).build())).get().asString().contains("70000");
        assertThat(HealthCheckValidation.problem(http(80).setDelaySeconds(-1).build()))
                .contains("Expecting 'delay_seconds' to be non-negative");
        assertThat(HealthCheckValidation.problem(http(80).setGracePeriodSeconds(-0.5).build()))
                .contains("Expecting 'grace_period_seconds' to be non-negative");
        assertThat(HealthCheckValidation.problem(http(80).setIntervalSeconds(Double.NaN).build()))
                .contains("Expecting 'interval_seconds' to be a finite number");
        assertThat(HealthCheckValidation.problem(http(80).setTimeoutSeconds(-3).build()))
                .contains("Expecting 'timeout_seconds' to be non-negative");
    }
}
