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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.agora.api.json.JsonTree;
import org.agora.secrets.file.internal.FileSecretResolver;
import org.agora.services.internal.ServicesComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v2/groups} with {@code dependencies}, Marathon's task kills ({@code scale}, {@code wipe},
 * {@code host}) and secrets in {@code env} (resolved by the agent's file resolver), against the in-process
 * cluster (ZooKeeper, master, agent running real processes) and the services scheduler over HTTP.
 */
class ServicesGroupsIT {
    @TempDir
    Path workDir;
    @TempDir
    Path secretsDir;

    private ZooKeeperCluster cluster;
    private ServicesComponent services;
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @BeforeEach
    void start() throws Exception {
        cluster = ZooKeeperCluster.start();
        cluster.offeringMaster();
        cluster.agent(workDir.resolve("agent-a"), "cpus:4;mem:4096;disk:1000;ports:[31000-31100]", "host-a")
                .useSecretResolver(new FileSecretResolver(Map.of("dir", secretsDir.toString())));
        services = ServicesInJvm.leading(cluster);
        base = ServicesInJvm.base(services);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/v2/info").body().get("frameworkId") != null);
    }

    @AfterEach
    void stop() throws Exception {
        if (services != null) {
            services.stop();
        }
        cluster.close();
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

    private boolean settled(String id, int running) throws Exception {
        Map<String, Object> app = app(id);
        return number(app, "tasksRunning") == running && ((List<?>) app.get("deployments")).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> tasks(String id) throws Exception {
        return (List<Map<String, Object>>) get("/v2/apps" + id + "/tasks").body().get("tasks");
    }

    private List<Object> taskIds(String id) throws Exception {
        return tasks(id).stream().map(t -> t.get("id")).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGroupStartsTheDependentAppOnlyOnceItsDependencyIsHealthy() throws Exception {
        Answer created = send("POST", "/v2/groups", """
                {"id": "/shop", "apps": [
                  {"id": "web", "cmd": "sleep 1000", "instances": 2, "cpus": 0.1, "mem": 32,
                   "dependencies": ["db"]},
                  {"id": "db", "cmd": "sleep 1000", "instances": 1, "cpus": 0.1, "mem": 32,
                   "healthChecks": [{"protocol": "COMMAND", "command": {"value": "true"},
                     "gracePeriodSeconds": 10, "intervalSeconds": 1, "delaySeconds": 0}]}]}""");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat((List<?>) created.body().get("deploymentIds")).hasSize(2);
        await().atMost(Duration.ofSeconds(90)).until(() -> settled("/shop/db", 1) && settled("/shop/web", 2)
                && ((List<?>) get("/v2/deployments").body().get("list")).isEmpty());
        Map<String, Object> db = tasks("/shop/db").get(0);
        Instant dbHealthy = Instant.parse((String) ((Map<String, Object>) ((List<?>) db.get("healthCheckResults"))
                .get(0)).get("firstSuccess"));
        assertThat(tasks("/shop/web")).hasSize(2).allSatisfy(t -> assertThat(Instant.parse((String) t.get("stagedAt")))
                .as("web launched after db was healthy").isAfterOrEqualTo(dbHealthy));

        Answer root = get("/v2/groups");
        assertThat(root.body().get("id")).isEqualTo("/");
        Map<String, Object> shop = ((List<Map<String, Object>>) root.body().get("groups")).get(0);
        assertThat(shop.get("id")).isEqualTo("/shop");
        assertThat((List<Map<String, Object>>) shop.get("apps")).extracting(a -> a.get("id"))
                .containsExactlyInAnyOrder("/shop/db", "/shop/web");
        assertThat((List<?>) get("/v2/groups/shop/versions").body().get("list")).hasSize(1);

        Answer scaled = send("PUT", "/v2/groups/shop", "{\"scaleBy\": 2}");
        assertThat(scaled.status()).as(scaled.body().toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(90)).until(() -> settled("/shop/db", 2) && settled("/shop/web", 4));

        assertThat(send("POST", "/v2/groups", """
                {"id": "/loop", "apps": [{"id": "a", "cmd": "sleep 1", "dependencies": ["b"]},
                 {"id": "b", "cmd": "sleep 1", "dependencies": ["a"]}]}""").status()).isEqualTo(422);
        assertThat(get("/v2/groups/loop").status()).isEqualTo(404);

        assertThat(send("DELETE", "/v2/groups/shop", null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/v2/groups/shop").status() == 404
                && ((List<?>) get("/v2/tasks").body().get("tasks")).isEmpty());
    }

    @Test
    void killsScaleDownOrWipeAsMarathonDoes() throws Exception {
        assertThat(send("POST", "/v2/apps", "{\"id\": \"/k\", \"cmd\": \"sleep 1000\", \"instances\": 3,"
                + " \"cpus\": 0.1, \"mem\": 32}").status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> settled("/k", 3));

        assertThat(send("DELETE", "/v2/apps/k/tasks?host=elsewhere", null).body().get("tasks"))
                .isEqualTo(List.of());
        String first = (String) taskIds("/k").get(0);
        assertThat(send("DELETE", "/v2/apps/k/tasks/" + first + "?scale=true&wipe=true", null).status())
                .isEqualTo(400);

        Answer scaled = send("DELETE", "/v2/apps/k/tasks/" + first + "?scale=true", null);
        assertThat(scaled.status()).isEqualTo(200);
        assertThat(scaled.body()).containsKeys("deploymentId", "version");
        await().atMost(Duration.ofSeconds(60)).until(() -> settled("/k", 2) && taskIds("/k").size() == 2);
        assertThat(number(app("/k"), "instances")).isEqualTo(2);
        assertThat(taskIds("/k")).doesNotContain(first);

        String second = (String) taskIds("/k").get(0);
        Answer wiped = send("DELETE", "/v2/apps/k/tasks/" + second + "?wipe=true", null);
        assertThat(wiped.status()).isEqualTo(200);
        assertThat(wiped.body()).containsKey("task");
        assertThat(taskIds("/k")).as("forgotten at once").doesNotContain(second);
        await().atMost(Duration.ofSeconds(60)).until(() -> settled("/k", 2) && taskIds("/k").size() == 2);
        assertThat(number(app("/k"), "instances")).isEqualTo(2);
        assertThat(taskIds("/k")).doesNotContain(second);

        Answer bulk = send("POST", "/v2/tasks/delete?scale=true", "{\"ids\": [\"" + taskIds("/k").get(0) + "\"]}");
        assertThat(bulk.body()).containsKey("deploymentId");
        await().atMost(Duration.ofSeconds(60)).until(() -> settled("/k", 1));
        assertThat(number(app("/k"), "instances")).isEqualTo(1);
    }

    private Optional<Path> seenFile() throws Exception {
        try (Stream<Path> files = Files.walk(workDir)) {
            return files.filter(p -> p.getFileName().toString().equals("seen")).filter(p -> p.toFile().length() > 0)
                    .findFirst();
        }
    }

    @Test
    void anEnvSecretReachesTheTaskAndOnlyItsReferenceIsShown() throws Exception {
        String value = "svc-secret-" + UUID.randomUUID();
        Files.createDirectories(secretsDir.resolve("db"));
        Files.writeString(secretsDir.resolve("db/password"), value);
        assertThat(send("POST", "/v2/apps", """
                {"id": "/nosecret", "cmd": "sleep 1", "env": {"DB": {"secret": "missing"}}}""").status())
                .isEqualTo(422);
        Answer created = send("POST", "/v2/apps", """
                {"id": "/withsecret", "cmd": "printf %s \\"$DB\\" > seen; exec sleep 1000", "cpus": 0.1, "mem": 32,
                 "env": {"DB": {"secret": "s1"}, "PLAIN": "x"}, "secrets": {"s1": {"source": "db@password"}}}""");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> settled("/withsecret", 1) && seenFile().isPresent());
        assertThat(Files.readString(seenFile().get())).isEqualTo(value);
        Map<String, Object> shown = app("/withsecret");
        assertThat(shown.get("env")).isEqualTo(Map.of("DB", Map.of("secret", "s1"), "PLAIN", "x"));
        assertThat(shown.get("secrets")).isEqualTo(Map.of("s1", Map.of("source", "db@password")));
        for (String path : List.of("/v2/apps", "/v2/apps/withsecret", "/v2/tasks", "/v2/groups")) {
            assertThat(get(path).body().toString()).as(path).doesNotContain(value);
        }
    }
}
