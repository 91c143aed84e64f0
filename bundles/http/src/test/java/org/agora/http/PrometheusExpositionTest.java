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
package org.agora.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrometheusExpositionTest {
    private final PrometheusExposition exposition = new PrometheusExposition();

    @Test
    void mesosKeysBecomeAgoraPrefixedNames() {
        assertThat(PrometheusExposition.name("master/tasks_running")).isEqualTo("agora_master_tasks_running");
        assertThat(PrometheusExposition.name("allocator/drf/allocation_run_ms/p99"))
                .isEqualTo("agora_allocator_drf_allocation_run_ms_p99");
        assertThat(PrometheusExposition.name("slave/cpus_total")).isEqualTo("agora_slave_cpus_total");
    }

    @Test
    void figuresAreGaugesInTheTextFormatByDefault() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("master/tasks_running", 3.0);
        figures.put("master/cpus_percent", 0.25);
        figures.put("master/elected", true);
        Response r = exposition.respond(figures, Optional.empty());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain; version=0.0.4");
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(body).contains("# TYPE agora_master_tasks_running gauge\n", "agora_master_tasks_running 3.0\n",
                "agora_master_cpus_percent 0.25\n", "agora_master_elected 1.0\n",
                "# HELP agora_master_tasks_running Mesos metric master/tasks_running\n");
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() {
        Response r = exposition.respond(Map.of("slave/tasks_running", 1.0), Optional.of(
                "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));

        assertThat(r.contentType()).startsWith("application/openmetrics-text; version=1.0.0");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("agora_slave_tasks_running 1.0\n")
                .endsWith("# EOF\n");
    }

    @Test
    void protobufIsNeverChosenEvenWhenPreferred() {
        Response r = exposition.respond(Map.of("slave/tasks_running", 1.0), Optional.of(
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,"
                        + "text/plain;version=0.0.4;q=0.3"));

        assertThat(r.contentType()).startsWith("text/plain; version=0.0.4");
    }

    @Test
    void aKeyWhoseNameIsTakenAndAValueThatIsNoNumberAreLeftOut() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("a/b", 1.0);
        figures.put("a_b", 2.0);
        figures.put("a/text", "not a figure");
        String body = new String(exposition.respond(figures, Optional.empty()).body(), StandardCharsets.UTF_8);

        assertThat(body).contains("agora_a_b 1.0\n").doesNotContain("agora_a_b 2.0", "agora_a_text");
    }
}
