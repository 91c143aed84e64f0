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
package org.agora.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.agora.api.json.JsonTree;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.scheduler.client.ContentType;
import org.agora.testing.topology.Ports;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code prometheus}, started by the test on a free loopback port) scrapes
 * {@code /metrics/prometheus} of a master and an agent that run a task: PromQL queries answer the number of running
 * tasks, on both, and follow the task as it is killed. CI installs the package (.ci/run); without it the test fails
 * under CI and is skipped elsewhere.
 */
class PrometheusScrapeIT {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path workDir;
    @TempDir
    Path prometheusDir;

    @Test
    void prometheusQueriesTheRunningTasksOfMasterAndAgent() throws Exception {
        requirePrometheus();
        try (InProcessCluster.SingleAgent cluster = InProcessCluster.SingleAgent.start(workDir,
                "cpus:2;mem:1024;disk:100");
                Framework f = new Framework(cluster.address(), ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("prometheus-scrape").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            f.client.launch(List.of(o.getId()), List.of(task(o, "sleeper", "sleep 300"), task(o, "failer", "exit 3")),
                    Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("sleeper") == TaskState.TASK_RUNNING
                    && f.state("failer") == TaskState.TASK_FAILED);
            int agentPort = cluster.master().snapshot().get(5, TimeUnit.SECONDS).agents().get(0).info().getPort();

            try (PrometheusServer prometheus = new PrometheusServer(prometheusDir, cluster.address(),
                    "127.0.0.1:" + agentPort)) {
                prometheus.awaitValue("agora_master_tasks_running{job=\"agora-master\"}", 1);
                prometheus.awaitValue("agora_slave_tasks_running{job=\"agora-agent\"}", 1);
                prometheus.awaitValue("agora_master_tasks_failed", 1);
                prometheus.awaitValue("agora_slave_tasks_failed", 1);
                prometheus.awaitValue("agora_master_cpus_used", 0.1);
                prometheus.awaitValue("agora_slave_cpus_used", 0.1);
                prometheus.awaitValue("agora_slave_executors_running", 1);

                f.client.kill(TaskID.newBuilder().setValue("sleeper").build(), o.getAgentId())
                        .get(10, TimeUnit.SECONDS);
                prometheus.awaitValue("agora_master_tasks_running", 0);
                prometheus.awaitValue("agora_master_tasks_killed", 1);
                prometheus.awaitValue("agora_slave_tasks_killed", 1);
                assertThat(prometheus.query("up")).as("both targets up").containsOnly(1.0, 1.0).hasSize(2);
            }
        }
    }

    private static TaskInfo task(Offer offer, String id, String command) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(offer.getAgentId()).addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                .setCommand(CommandInfo.newBuilder().setValue(command)).build();
    }

    /** Prometheus must be there in CI, where .ci/run installs it; elsewhere its absence skips the test. */
    private static void requirePrometheus() {
        String why = "needs Debian's prometheus at " + PROMETHEUS + " (apt-get install prometheus; .ci/run does)";
        if (Files.isExecutable(PROMETHEUS)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(why);
        }
        assumeTrue(false, why);
    }

    /** {@code /usr/bin/prometheus} scraping the master and the agent every second, ended by its pid on close. */
    private static final class PrometheusServer implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final String base;

        PrometheusServer(Path dir, String master, String agent) throws IOException {
            int port;
            port = Ports.free(); // below the ephemeral range: no outgoing connection takes it meanwhile
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                    scrape_configs:
                      - job_name: agora-master
                        metrics_path: /metrics/prometheus
                        static_configs:
                          - targets: ['%s']
                      - job_name: agora-agent
                        metrics_path: /metrics/prometheus
                        static_configs:
                          - targets: ['%s']
                    """.formatted(master, agent));
            log = dir.resolve("prometheus.log");
            base = "http://127.0.0.1:" + port;
            process = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        }

        /** Waits until {@code promql} answers exactly one sample, equal to {@code expected}. */
        void awaitValue(String promql, double expected) throws IOException {
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> query(promql), values -> values.size() == 1
                                && Math.abs(values.get(0) - expected) < 1e-9);
            } catch (ConditionTimeoutException e) {
                String last;
                try {
                    last = query(promql).toString();
                } catch (Exception q) {
                    last = q.toString();
                }
                throw new AssertionError(promql + " never answered " + expected + " (last: " + last
                        + "); prometheus alive: " + process.isAlive() + ", its log ends:\n" + tail(), e);
            }
        }

        /** The values of the instant vector {@code promql} answers now. */
        List<Double> query(String promql) throws IOException, InterruptedException {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("query " + promql + ": " + r.statusCode() + " " + r.body());
            }
            Map<?, ?> data = (Map<?, ?>) ((Map<?, ?>) JsonTree.parse(r.body())).get("data");
            return ((List<?>) data.get("result")).stream()
                    .map(sample -> Double.parseDouble((String) ((List<?>) ((Map<?, ?>) sample).get("value")).get(1)))
                    .toList();
        }

        private String tail() throws IOException {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }

        @Override
        public void close() throws InterruptedException {
            Optional<ProcessHandle> handle = ProcessHandle.of(process.pid());
            handle.ifPresent(ProcessHandle::destroy);
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
