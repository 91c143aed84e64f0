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
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.agora.api.json.JsonTree;
import org.agora.services.internal.ServicesComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary step of the services scheduler against a real master, a real agent and real ZooKeeper, the health
 * checks run by the agent: a new version whose canary fails its health check is rolled back by itself, and the old
 * instances stay healthy and untouched all along.
 */
class ServicesCanaryIT {
    /** The old version marks itself healthy; the new one never does, so its COMMAND health check fails. */
    private static final String APP = """
            {"id": "/it/canary", "cmd": "touch ok && exec sleep 1000", "instances": 2, "cpus": 0.1, "mem": 32,
             "healthChecks": [{"protocol": "COMMAND", "command": {"value": "test -e ok"},
               "gracePeriodSeconds": 2, "intervalSeconds": 1, "timeoutSeconds": 5, "maxConsecutiveFailures": 2,
               "delaySeconds": 0}],
             "upgradeStrategy": {"minimumHealthCapacity": 1.0, "maximumOverCapacity": 0.5,
               "canary": {"instances": 1, "holdSeconds": 5}}}""";

    @TempDir
    Path workDir;

    private ZooKeeperCluster cluster;
    private ServicesComponent services;
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @BeforeEach
    void start() throws Exception {
        cluster = ZooKeeperCluster.start();
        cluster.offeringMaster();
        cluster.agent(workDir.resolve("agent-a"), "cpus:4;mem:4096;disk:1000;ports:[31000-31100]", "host-a");
        services = ServicesInJvm.leading(cluster);
        base = ServicesInJvm.base(services);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/v2/info").get("frameworkId") != null);
    }

    @AfterEach
    void stop() throws Exception {
        if (services != null) {
            services.stop();
        }
        cluster.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCanaryWhoseHealthCheckFailsRollsBackAndTheOldVersionKeepsServing() throws Exception {
        assertThat(send("POST", "/v2/apps", APP).statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<String, Object> a = app();
            return number(a, "tasksHealthy") == 2 && ((List<?>) a.get("deployments")).isEmpty();
        });
        Set<Object> old = tasks().stream().map(t -> t.get("id")).collect(Collectors.toSet());

        assertThat(send("PUT", "/v2/apps/it/canary", "{\"cmd\": \"exec sleep 1001\"}").statusCode())
                .isEqualTo(200);
        boolean sawCanary = false;
        boolean sawCanaryStep = false;
        Map<String, Object> now;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        do {
            now = app();
            List<Map<String, Object>> tasks = (List<Map<String, Object>>) now.get("tasks");
            // sampled throughout: every old instance is there and healthy
            Set<Object> healthyOld = tasks.stream().filter(t -> old.contains(t.get("id")) && alive(t))
                    .map(t -> t.get("id")).collect(Collectors.toSet());
            assertThat(healthyOld).as("the old instances keep serving: " + tasks).isEqualTo(old);
            sawCanary |= tasks.stream().anyMatch(t -> !old.contains(t.get("id")));
            sawCanaryStep |= get("/v2/deployments").toString().contains("CanaryApplication");
        } while (!("touch ok && exec sleep 1000".equals(now.get("cmd")) && ((List<?>) now.get("deployments"))
                .isEmpty() && ((List<?>) now.get("tasks")).size() == 2) && System.nanoTime() < deadline);
        assertThat(now.get("cmd")).as("rolled back by itself: " + now).isEqualTo("touch ok && exec sleep 1000");
        assertThat((List<?>) now.get("deployments")).isEmpty();
        assertThat(sawCanary).as("a canary was launched").isTrue();
        assertThat(sawCanaryStep).as("the deployment had a canary step").isTrue();
        assertThat(tasks()).extracting(t -> t.get("id")).containsExactlyInAnyOrderElementsOf(old);
        assertThat(number(app(), "tasksHealthy")).isEqualTo(2);
    }

    @SuppressWarnings("unchecked")
    private static boolean alive(Map<String, Object> task) {
        List<Map<String, Object>> results = (List<Map<String, Object>>) task.get("healthCheckResults");
        return results != null && !results.isEmpty() && Boolean.TRUE.equals(results.get(0).get("alive"));
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        Object parsed = JsonTree.parse(r.body());
        return parsed instanceof Map ? (Map<String, Object>) parsed : Map.of("list", parsed);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> app() throws Exception {
        return (Map<String, Object>) get("/v2/apps/it/canary?embed=apps.tasks").get("app");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> tasks() throws Exception {
        return (List<Map<String, Object>>) get("/v2/apps/it/canary/tasks").get("tasks");
    }

    private static int number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).intValue();
    }
}
