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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.json.Json;
import org.agora.services.internal.TestApps;
import org.junit.jupiter.api.Test;

class AppJsonTest {

    private static Map<String, Object> json(String text) {
        return TestApps.json(text);
    }

    @Test
    void missingFieldsTakeMarathonsDefaults() {
        AppDefinition a = AppJson.parse(json("""
                {"id": "group//web/", "cmd": "sleep 100",
                 "healthChecks": [{"protocol": "MESOS_HTTP"}], "portDefinitions": [{"port": 0}]}"""),
                Optional.empty());
        assertThat(a.id()).isEqualTo("/group/web");
        assertThat(a.instances()).isEqualTo(1);
        assertThat(a.cpus()).isEqualTo(1.0);
        assertThat(a.mem()).isEqualTo(128.0);
        assertThat(a.upgradeStrategy()).isEqualTo(new UpgradeStrategy(1.0, 1.0));
        assertThat(a.backoff()).isEqualTo(new BackoffStrategy(1, 1.15, 300));
        assertThat(a.killSelection()).isEqualTo(KillSelection.YOUNGEST_FIRST);
        HealthCheck h = a.healthChecks().get(0);
        assertThat(List.of(h.gracePeriodSeconds(), h.intervalSeconds(), h.timeoutSeconds(),
                h.maxConsecutiveFailures(), h.portIndex())).containsExactly(300, 60, 20, 3, 0);
        assertThat(h.path()).isEqualTo("/");
        assertThat(a.portDefinitions().get(0).protocol()).isEqualTo("tcp");
    }

    @Test
    void renderedDefinitionReadsBackEqual() {
        AppDefinition a = AppJson.parse(json("""
                {"id": "/a", "args": ["/bin/server", "--port", "1"], "instances": 3, "cpus": 0.5, "mem": 64,
                 "env": {"A": "1"}, "labels": {"team": "x"}, "constraints": [["hostname", "UNIQUE"],
                 ["rack", "GROUP_BY", "2"]], "portDefinitions": [{"port": 0, "name": "http"}],
                 "healthChecks": [{"protocol": "COMMAND", "command": {"value": "true"}, "intervalSeconds": 2}],
                 "upgradeStrategy": {"minimumHealthCapacity": 0.5, "maximumOverCapacity": 0.2},
                 "killSelection": "OLDEST_FIRST", "container": {"type": "MESOS", "docker": {"image": "alpine"}},
                 "fetch": [{"uri": "http://x/y.tgz"}]}"""), Optional.empty()).versioned("v1", true, "v1");
        Map<String, Object> rendered = json(Json.write(AppJson.render(a)));
        assertThat(AppJson.parseStored(rendered)).isEqualTo(a);
        assertThat(rendered.get("version")).isEqualTo("v1");
    }

    @Test
    void wrongTypesAreNamedByPath() {
        assertThatThrownBy(() -> AppJson.parse(json("""
                {"id": "/a", "cmd": "x", "instances": "three", "env": {"A": 1}, "constraints": [["h", "NEAR"]]}"""),
                Optional.empty()))
                .isInstanceOfSatisfying(InvalidAppException.class, e -> assertThat(e.details())
                        .extracting(d -> d.get("path"))
                        .containsExactlyInAnyOrder("/instances", "/env/A", "/constraints(0)"));
    }

    @Test
    void aRenderedDefinitionMergedWithAPartialUpdateChangesOnlyTheGivenFields() {
        AppDefinition a = TestApps.app("""
                {"id": "/a", "cmd": "x", "instances": 3, "cpus": 0.5, "env": {"V": "1"},
                 "backoffSeconds": 2, "portDefinitions": [{"port": 0}]}""", "v1");
        Map<String, Object> merged = new java.util.LinkedHashMap<>(AppJson.render(a));
        merged.put("instances", java.math.BigDecimal.ONE);
        AppDefinition b = AppJson.parse(merged, Optional.empty());
        assertThat(b.instances()).isEqualTo(1);
        assertThat(b.scaled(3, "").sameConfig(a)).isTrue();
        assertThat(b.backoff().backoffSeconds()).isEqualTo(2.0);
    }

    @Test
    void scaleKeepsTheConfigurationVersion() {
        AppDefinition a = AppJson.parse(json("{\"id\": \"/a\", \"cmd\": \"x\"}"), Optional.empty())
                .versioned("v1", true, "v1");
        AppDefinition scaled = a.scaled(5, "v2");
        assertThat(scaled.sameConfig(a)).isTrue();
        assertThat(scaled.lastConfigChangeAt()).isEqualTo("v1");
        assertThat(scaled.lastScalingAt()).isEqualTo("v2");
    }
}
