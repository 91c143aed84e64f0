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

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.agora.api.json.JsonTree;
import org.agora.services.internal.ServicesComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services scheduler against a real master, real agents (tasks are real processes) and a real ZooKeeper,
 * through Marathon's REST API: an app is created, runs, scales, is updated by a rolling replacement and removed;
 * a restarted scheduler takes its apps and instances back from ZooKeeper without launching duplicates; the errors
 * come in Marathon's shapes; constraints hold on two agents.
 */
class ServicesIT {
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
        services = startServices();
    }

    @AfterEach
    void stop() throws Exception {
        if (services != null) {
            services.stop();
        }
        cluster.close();
    }

    private ServicesComponent startServices() {
        ServicesComponent s = ServicesInJvm.leading(cluster);
        base = ServicesInJvm.base(s);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/v2/info").body().get("frameworkId") != null);
        return s;
    }

    private record Answer(int status, Map<String, Object> body) {
    }

    @SuppressWarnings("unchecked")
    private Answer send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        Object parsed = r.body().isBlank() ? Map.of() : JsonTree.parse(r.body());
        return new Answer(r.statusCode(), parsed instanceof Map ? (Map<String, Object>) parsed
                : Map.of("list", parsed));
    }

    private Answer get(String path) throws Exception {
        return send("GET", path, null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> app(String id) throws Exception {
        Answer a = get("/v2/apps" + id);
        assertThat(a.status()).as("GET /v2/apps" + id + ": " + a.body()).isEqualTo(200);
        return (Map<String, Object>) a.body().get("app");
    }

    private static int number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).intValue();
    }

    private static boolean settled(Map<String, Object> app, int running) {
        return number(app, "tasksRunning") == running && ((List<?>) app.get("deployments")).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> tasks(String id) throws Exception {
        return (List<Map<String, Object>>) get("/v2/apps" + id + "/tasks").body().get("tasks");
    }

    @Test
    void appIsCreatedScaledRolledAndRemoved() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Thread reader = readEvents(events);
        await().atMost(Duration.ofSeconds(10)).until(() -> subscribers() == 1);

        Answer created = send("POST", "/v2/apps", """
                {"id": "/it/sleeper", "cmd": "sleep 1000", "instances": 2, "cpus": 0.1, "mem": 32,
                 "portDefinitions": [{"port": 0, "name": "http"}]}""");
        assertThat(created.status()).isEqualTo(201);
        assertThat((List<?>) created.body().get("deployments")).hasSize(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> settled(app("/it/sleeper"), 2));
        List<Map<String, Object>> first = tasks("//it/sleeper");
        assertThat(first).hasSize(2).allSatisfy(t -> {
            assertThat(t.get("state")).isEqualTo("TASK_RUNNING");
            assertThat(t.get("host")).isEqualTo("host-a");
            int port = ((Number) ((List<?>) t.get("ports")).get(0)).intValue();
            assertThat(port).isBetween(31000, 31100);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("deployment_success"));
        assertThat(events).contains("api_post_event", "deployment_info", "status_update_event",
                "instance_changed_event");

        assertThat(send("PUT", "/v2/apps/it/sleeper", "{\"instances\": 3}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> settled(app("/it/sleeper"), 3));
        Set<Object> kept = tasks("/it/sleeper").stream().map(t -> t.get("id")).collect(Collectors.toSet());
        assertThat(kept).as("a scale keeps the instances").containsAll(first.stream().map(t -> t.get("id")).toList());
        assertThat(app("/it/sleeper").get("cpus")).isEqualTo(new java.math.BigDecimal("0.1"));

        assertThat(send("PUT", "/v2/apps/it/sleeper", "{\"cmd\": \"sleep 1001\"}").status()).isEqualTo(200);
        int maxRunning = 0;
        Map<String, Object> now;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        do {
            now = app("/it/sleeper");
            maxRunning = Math.max(maxRunning, number(now, "tasksRunning") + number(now, "tasksStaged"));
        } while (!settled(now, 3) && System.nanoTime() < deadline);
        assertThat(settled(now, 3)).as("the rolling replacement finished: " + now).isTrue();
        String version = (String) now.get("version");
        assertThat(now.get("cmd")).isEqualTo("sleep 1001");
        assertThat(now.get("instances")).isEqualTo(new java.math.BigDecimal(3));
        assertThat(tasks("/it/sleeper")).hasSize(3).allSatisfy(t -> assertThat(t.get("version")).isEqualTo(version))
                .noneMatch(t -> kept.contains(t.get("id")));
        assertThat(maxRunning).as("maximumOverCapacity 1: at most 6 instances").isLessThanOrEqualTo(6);
        assertThat((List<?>) get("/v2/apps/it/sleeper/versions").body().get("versions")).hasSize(3);

        assertThat(send("DELETE", "/v2/apps/it/sleeper", null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/v2/apps/it/sleeper").status() == 404
                && ((List<?>) get("/v2/tasks").body().get("tasks")).isEmpty()
                && ((List<?>) get("/v2/deployments").body().get("list")).isEmpty());
        reader.interrupt();
    }

    @Test
    void aRestartedSchedulerTakesItsInstancesBackWithoutDuplicates() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/kept\", \"cmd\": \"sleep 1000\", \"instances\": 2, \"cpus\": 0.1,"
                + " \"mem\": 32}");
        await().atMost(Duration.ofSeconds(60)).until(() -> settled(app("/kept"), 2));
        Set<Object> before = tasks("/kept").stream().map(t -> t.get("id")).collect(Collectors.toSet());
        Object frameworkId = get("/v2/info").body().get("frameworkId");

        services.stop();
        services = startServices();
        assertThat(get("/v2/info").body().get("frameworkId")).isEqualTo(frameworkId);
        await().atMost(Duration.ofSeconds(30)).until(() -> settled(app("/kept"), 2));
        // a few more seconds of offers: nothing is launched on top of the instances taken back
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                tasks("/kept").stream().map(t -> t.get("id")).collect(Collectors.toSet()).equals(before));
    }

    @Test
    void aFollowerRedirectsToTheLeaderAndTakesOverWhenItGoes() throws Exception {
        ServicesComponent follower = ServicesInJvm.create(cluster);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> follower.port().isPresent());
            String leaderBase = base;
            String followerBase = ServicesInJvm.base(follower);
            assertThat(follower.isLeader()).isFalse();
            HttpResponse<String> redirect = http.send(HttpRequest.newBuilder(URI.create(followerBase
                    + "/v2/apps/x?force=true")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(redirect.statusCode()).isEqualTo(307);
            assertThat(redirect.headers().firstValue("Location")).contains(leaderBase + "/v2/apps/x?force=true");
            base = followerBase;
            assertThat(get("/v2/leader").body().get("leader")).isEqualTo(leaderBase.substring(7));
            base = leaderBase;

            send("POST", "/v2/apps", "{\"id\": \"/ha\", \"cmd\": \"sleep 1000\", \"instances\": 2,"
                    + " \"cpus\": 0.1, \"mem\": 32}");
            await().atMost(Duration.ofSeconds(60)).until(() -> settled(app("/ha"), 2));
            Set<Object> before = tasks("/ha").stream().map(t -> t.get("id")).collect(Collectors.toSet());

            services.stop();
            services = follower;
            base = followerBase;
            await().atMost(Duration.ofSeconds(30)).until(follower::isLeader);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> settled(app("/ha"), 2));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                    tasks("/ha").stream().map(t -> t.get("id")).collect(Collectors.toSet()).equals(before));
        } finally {
            if (services != follower) {
                follower.stop();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void errorsComeInMarathonsShapes() throws Exception {
        Answer invalid = send("POST", "/v2/apps", "{\"id\": \"/bad\", \"cmd\": \"x\", \"instances\": -1,"
                + " \"constraints\": [[\"hostname\", \"NEAR\"]]}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat((List<Map<String, Object>>) invalid.body().get("details")).extracting(d -> d.get("path"))
                .contains("/instances", "/constraints(0)");
        assertThat(send("POST", "/v2/apps", "{not json").status()).isEqualTo(400);
        assertThat(get("/v2/apps/nope").status()).isEqualTo(404);
        assertThat(get("/v2/apps/nope").body()).containsKey("message");

        // a health check the agent never reports healthy keeps the deployment, and so the lock, open
        String locked = "{\"id\": \"/locked\", \"cmd\": \"sleep 1000\", \"instances\": 1, \"cpus\": 0.1, \"mem\": 32,"
                + " \"healthChecks\": [{\"protocol\": \"COMMAND\", \"command\": {\"value\": \"false\"}}]}";
        assertThat(send("POST", "/v2/apps", locked).status()).isEqualTo(201);
        assertThat(send("POST", "/v2/apps", locked).status()).as("create twice").isEqualTo(409);
        Answer conflict = send("PUT", "/v2/apps/locked", "{\"cmd\": \"sleep 1001\"}");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat((List<?>) conflict.body().get("deployments")).hasSize(1);
        assertThat(send("PUT", "/v2/apps/locked?force=true", "{\"cmd\": \"sleep 1001\"}").status()).isEqualTo(200);
        List<Map<String, Object>> deployments = (List<Map<String, Object>>) get("/v2/deployments").body()
                .get("list");
        assertThat(deployments).hasSize(1);
        String id = (String) deployments.get(0).get("id");
        // cancelling rolls back: a new deployment brings the first command back
        Answer rollback = send("DELETE", "/v2/deployments/" + id, null);
        assertThat(rollback.status()).isEqualTo(200);
        assertThat(app("/locked").get("cmd")).isEqualTo("sleep 1000");
        assertThat(send("DELETE", "/v2/apps/locked?force=true", null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/v2/apps/locked").status() == 404
                && ((List<?>) get("/v2/tasks").body().get("tasks")).isEmpty());
    }

    @Test
    @SuppressWarnings("unchecked")
    void uniqueHostnameNeverPutsTwoInstancesOnOneAgent() throws Exception {
        cluster.agent(workDir.resolve("agent-b"), "cpus:4;mem:4096;disk:1000;ports:[31000-31100]", "host-b");
        send("POST", "/v2/apps", "{\"id\": \"/spread\", \"cmd\": \"sleep 1000\", \"instances\": 3, \"cpus\": 0.1,"
                + " \"mem\": 32, \"constraints\": [[\"hostname\", \"UNIQUE\"]]}");
        await().atMost(Duration.ofSeconds(60)).until(() -> number(app("/spread"), "tasksRunning") == 2);
        assertThat(tasks("/spread")).extracting(t -> t.get("host")).containsExactlyInAnyOrder("host-a", "host-b");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Map<String, Object>> queue = (List<Map<String, Object>>) get("/v2/queue").body().get("queue");
            return queue.size() == 1 && number(queue.get(0), "count") == 1 && "UnfulfilledConstraint".equals(
                    ((Map<String, Object>) queue.get(0).get("processedOffersSummary")).get("lastUnusedOfferReason"));
        });
        assertThat(tasks("/spread")).hasSize(2);
    }

    @SuppressWarnings("unchecked")
    private int subscribers() throws Exception {
        Map<String, Object> gauges = (Map<String, Object>) get("/metrics").body().get("gauges");
        return number((Map<String, Object>) gauges.get("services.events.subscribers"), "value");
    }

    private Thread readEvents(List<String> events) {
        Thread t = new Thread(() -> {
            try {
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/events"))
                        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("event: ")) {
                            events.add(line.substring(7));
                        }
                    }
                }
            } catch (Exception e) {
                events.add("!" + e);
            }
        }, "services-it-events");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
