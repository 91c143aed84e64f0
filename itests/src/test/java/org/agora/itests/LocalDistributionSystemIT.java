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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.agora.api.json.ProtoJson;
import org.agora.api.v1.master.Protos.Call;
import org.agora.api.v1.master.Protos.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built local distribution as a user runs it: bin/start, a master and an agent that find each other through the
 * embedded ZooKeeper, the state and operator APIs over real HTTP, the shell through bin/client, then bin/stop.
 */
class LocalDistributionSystemIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static LocalDistribution dist;

    @BeforeAll
    static void start() throws Exception {
        dist = new LocalDistribution("system-test");
        long t0 = System.nanoTime();
        dist.start();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> get("/master/state").body().contains("\"activated_slaves\":1"));
        System.out.printf("local distribution: bin/start until /master/state lists the agent: %d ms%n",
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }

    @AfterAll
    static void stop() throws Exception {
        if (dist != null) {
            dist.close();
        }
    }

    @Test
    void stateListsTheAgentWithItsDetectedResources() throws Exception {
        HttpResponse<String> r = get("/master/state");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        String cpus = "\"cpus\":" + Runtime.getRuntime().availableProcessors() + ".0";
        assertThat(r.body()).contains("\"leader\":\"master@127.0.0.1:" + dist.masterPort + "\"")
                .contains("\"port\":" + dist.agentPort).contains(cpus).contains("\"ports\":\"[31000-32000]\"");
    }

    @Test
    void operatorApiAnswersInJsonAndProtobuf() throws Exception {
        HttpResponse<String> json = post("/api/v1", "application/json", "application/json",
                "{\"type\":\"GET_AGENTS\"}");
        assertThat(json.statusCode()).isEqualTo(200);
        Response agents = ProtoJson.merge(json.body(), Response.newBuilder()).build();
        assertThat(agents.getGetAgents().getAgentsList()).hasSize(1);
        assertThat(agents.getGetAgents().getAgents(0).getAgentInfo().getPort()).isEqualTo(dist.agentPort);

        HttpResponse<byte[]> proto = HTTP.send(HttpRequest.newBuilder(URI.create(dist.master() + "/api/v1"))
                .header("Content-Type", "application/x-protobuf").header("Accept", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Call.newBuilder().setType(Call.Type.GET_HEALTH).build()
                        .toByteArray())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(proto.statusCode()).isEqualTo(200);
        assertThat(proto.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
        assertThat(Response.parseFrom(proto.body()).getGetHealth().getHealthy()).isTrue();
    }

    @Test
    void getMetricsAnswersTheMetricsSnapshotsFigures() throws Exception {
        HttpResponse<String> r = post("/api/v1", "application/json", "application/json",
                "{\"type\":\"GET_METRICS\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        java.util.Map<String, Double> metrics = new java.util.HashMap<>();
        ProtoJson.merge(r.body(), Response.newBuilder()).build().getGetMetrics().getMetricsList()
                .forEach(m -> metrics.put(m.getName(), m.getValue()));
        assertThat(metrics).containsEntry("master/elected", 1.0).containsEntry("master/slaves_active", 1.0)
                .containsKey("master/uptime_secs");
    }

    @Test
    void masterAndAgentServeTheirMetricsAsJsonAndForPrometheus() throws Exception {
        String agent = "http://127.0.0.1:" + dist.agentPort;
        HttpResponse<String> snapshot = HTTP.send(HttpRequest.newBuilder(URI.create(agent + "/metrics/snapshot"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(snapshot.statusCode()).isEqualTo(200);
        assertThat(snapshot.body()).contains("\"slave/registered\":1.0", "\"slave/tasks_running\":0.0",
                "\"slave/executors_running\":");

        for (String base : List.of(dist.master(), agent)) {
            HttpResponse<String> text = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics/prometheus"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(text.statusCode()).as(base).isEqualTo(200);
            assertThat(text.headers().firstValue("Content-Type")).as(base)
                    .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
            assertThat(text.body()).as(base).contains("# TYPE agora_")
                    .contains(base.equals(agent) ? "agora_slave_registered 1.0" : "agora_master_elected 1.0");
        }
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(agent + "/api/v1"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"GET_METRICS\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("\"name\":\"slave/registered\"");
    }

    @Test
    void theOperatorEventStreamStartsWithTheStateInJsonAndProtobuf() throws Exception {
        for (String accept : List.of("application/json", "application/x-protobuf")) {
            HttpResponse<java.io.InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(dist.master()
                    + "/api/v1")).header("Content-Type", "application/json").header("Accept", accept)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"SUBSCRIBE\"}")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream in = r.body()) {
                assertThat(r.statusCode()).isEqualTo(200);
                byte[] first = RecordIoRecords.next(in);
                org.agora.api.v1.master.Protos.Event e = accept.endsWith("json")
                        ? ProtoJson.merge(new String(first, java.nio.charset.StandardCharsets.UTF_8),
                                org.agora.api.v1.master.Protos.Event.newBuilder()).build()
                        : org.agora.api.v1.master.Protos.Event.parseFrom(first);
                assertThat(e.getType()).isEqualTo(org.agora.api.v1.master.Protos.Event.Type.SUBSCRIBED);
                assertThat(e.getSubscribed().getHeartbeatIntervalSeconds()).isEqualTo(15.0);
                assertThat(e.getSubscribed().getGetState().getGetAgents().getAgentsList()).singleElement()
                        .satisfies(a -> assertThat(a.getAgentInfo().getPort()).isEqualTo(dist.agentPort));
            }
        }
    }

    @Test
    void unknownAgentsAndCallTypesAreNamed() throws Exception {
        HttpResponse<String> drain = post("/api/v1", "application/json", "application/json",
                "{\"type\":\"DRAIN_AGENT\",\"drain_agent\":{\"agent_id\":{\"value\":\"no-such-agent\"}}}");
        assertThat(drain.statusCode()).isEqualTo(404);
        assertThat(drain.body()).isEqualTo("Agent no-such-agent is unknown to this master");
        HttpResponse<String> bogus = post("/api/v1", "application/json", "application/json",
                "{\"type\":\"GET_BOGUS\"}");
        assertThat(bogus.statusCode()).isEqualTo(400);
        assertThat(bogus.body()).isEqualTo("Unknown operator call type 'GET_BOGUS'");
    }

    @Test
    void badRequestsGetClearStatusCodesAndMessages() throws Exception {
        assertThat(get("/no/such/endpoint").statusCode()).isEqualTo(404);
        HttpResponse<String> wrongMethod = get("/api/v1");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).contains("POST");
        HttpResponse<String> malformed = post("/api/v1", "application/json", "application/json", "{\"type\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("Failed to parse");
        assertThat(post("/api/v1", "text/xml", "application/json", "<call/>").statusCode()).isEqualTo(415);
        assertThat(post("/api/v1", "application/json", "text/html", "{\"type\":\"GET_HEALTH\"}").statusCode())
                .isEqualTo(406);
        HttpResponse<String> badWindow = post("/api/v1", "application/json", "application/json",
                "{\"type\":\"UPDATE_MAINTENANCE_SCHEDULE\",\"update_maintenance_schedule\":{\"schedule\":"
                + "{\"windows\":[{\"machine_ids\":[],\"unavailability\":{\"start\":{\"nanoseconds\":0}}}]}}}");
        assertThat(badWindow.statusCode()).isEqualTo(400);
        assertThat(badWindow.body()).contains("'schedule.windows[0].machine_ids' is empty");
    }

    @Test
    void theWebUiIsServedFromItsBundle() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/app.js\">");
        for (String module : List.of("app.js", "api.js", "stream.js", "model.js", "views.js", "sandbox.js", "dom.js")) {
            HttpResponse<String> js = get("/ui/" + module);
            assertThat(js.statusCode()).as(module).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type")).as(module).hasValue("text/javascript; charset=utf-8");
        }
        assertThat(get("/ui/style.css").statusCode()).isEqualTo(200);
        assertThat(get("/ui/nope.js").statusCode()).isEqualTo(404);
    }

    @Test
    void redirectPointsAtTheLeader() throws Exception {
        HttpResponse<String> r = get("/master/redirect");
        assertThat(r.statusCode()).isEqualTo(307);
        assertThat(r.headers().firstValue("Location")).hasValue("//localhost:" + dist.masterPort);
    }

    @Test
    void shellCommandsWorkThroughBinClient() throws Exception {
        // batch mode reads the commands from stdin: a command argument with stdin at EOF runs nothing
        StringBuilder out = new StringBuilder();
        int code = dist.run(Duration.ofSeconds(60), out, "agora:agents\n", List.of("bin/client", "-a",
                Integer.toString(dist.sshPort), "-u", "karaf", "-p", "karaf", "-r", "30", "-b"));
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains(":" + dist.agentPort).contains("active");
    }

    @Test
    void agoraExecuteArchivesItsClassesAndUsesOnlyAnArchiveItCheckedWhole(@TempDir Path cache) throws Exception {
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
        Path archives = cache.resolve("agora");
        String written = "agora-execute-\\d+\\.jsa\\.\\d+";

        // a --help writes an archive of too few classes: it is not marked, and the next run removes it
        StringBuilder help = new StringBuilder();
        assertThat(dist.run(Duration.ofSeconds(60), help, "", List.of("bin/agora-execute", "--help"), env))
                .as(help.toString()).isZero();
        assertThat(names(archives)).singleElement().asString().matches(written);
        String unmarked = names(archives).get(0);

        // a run that worked writes the archive as it exits, under its pid, and marks it
        assertThat(execute(env)).contains("2 tasks: 2 TASK_FINISHED").doesNotContain("cds");
        List<String> first = names(archives);
        assertThat(first).doesNotContain(unmarked).hasSize(2);
        assertThat(first.get(0)).matches(written);
        assertThat(first.get(1)).isEqualTo(first.get(0) + ".ok");

        // the next run checks it and takes it into use, its size in its name
        assertThat(execute(env)).contains("2 tasks: 2 TASK_FINISHED");
        String name = names(archives).get(0);
        Matcher sized = Pattern.compile("agora-execute-\\d+-(\\d+)\\.jsa").matcher(name);
        assertThat(names(archives)).hasSize(1);
        assertThat(sized.matches()).as(name).isTrue();
        Path archive = archives.resolve(name);
        assertThat(Files.size(archive)).isEqualTo(Long.parseLong(sized.group(1)));

        // the JVM would crash on a truncated archive: it is removed instead, and the run writes a new one
        truncate(archive);
        assertThat(execute(env)).contains("2 tasks: 2 TASK_FINISHED").doesNotContain("fatal error");
        List<String> again = names(archives);
        assertThat(again).hasSize(2);
        assertThat(again.get(0)).matches(written);
        truncate(archives.resolve(again.get(0)));
        assertThat(execute(env)).contains("2 tasks: 2 TASK_FINISHED");
        assertThat(names(archives)).as("a written archive that fails the check is not taken into use").hasSize(2)
                .doesNotContain(again.get(0)).noneMatch(n -> n.endsWith(".crash"));
        assertThat(names(dist.home)).as("the check's crash leaves no report in the working directory")
                .noneMatch(n -> n.startsWith("hs_err"));

        // a jar replaced within the same minute by one of the same size (a rebuild, an upgrade) makes a key of its
        // own: the JVM refuses, silently, an archive whose jar times differ, so the old key would keep that archive
        Path replaced = cache.resolve("replaced");
        Map<String, String> replacedEnv = Map.of("XDG_CACHE_HOME", replaced.toString());
        Path jar = dist.home.resolve("lib/agora-execute/agora-scheduler-client-0.1.0-SNAPSHOT.jar");
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Files.setLastModifiedTime(jar, FileTime.from(minute.plusSeconds(10)));
        execute(replacedEnv);
        execute(replacedEnv);
        String kept = names(replaced.resolve("agora")).get(0);
        assertThat(kept).matches("agora-execute-\\d+-\\d+\\.jsa");
        Files.setLastModifiedTime(jar, FileTime.from(minute.plusSeconds(11)));
        execute(replacedEnv);
        assertThat(names(replaced.resolve("agora"))).as("a new archive, written for the replaced jar").hasSize(3)
                .contains(kept).anyMatch(n -> n.matches(written));

        Path off = cache.resolve("off");
        assertThat(execute(Map.of("XDG_CACHE_HOME", off.toString(), "AGORA_EXECUTE_CDS", "off")))
                .contains("2 tasks: 2 TASK_FINISHED");
        assertThat(off).doesNotExist();
    }

    private static void truncate(Path file) throws IOException {
        try (FileChannel f = FileChannel.open(file, StandardOpenOption.WRITE)) {
            f.truncate(Files.size(file) / 2);
        }
    }

    /** bin/agora-execute with two {@code true} tasks and {@code env}; its output, after asserting it exited 0. */
    private static String execute(Map<String, String> env) throws Exception {
        StringBuilder out = new StringBuilder();
        int code = dist.run(Duration.ofSeconds(60), out, "", List.of("bin/agora-execute", "--master", "127.0.0.1:"
                + dist.masterPort, "--command", "true", "--instances", "2", "--cpus", "0.01", "--mem", "8"), env);
        assertThat(code).as(out.toString()).isZero();
        return out.toString();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** One command through a real shell session (SSH, bin/client); its output and exit code. */
    private static String shell(String command, int[] code) throws Exception {
        StringBuilder out = new StringBuilder();
        code[0] = dist.run(Duration.ofSeconds(60), out, command + "\n", List.of("bin/client", "-a",
                Integer.toString(dist.sshPort), "-u", "karaf", "-p", "karaf", "-r", "30", "-b"));
        return out.toString();
    }

    @Test
    void rolesOffersAndUnknownIdsInTheShell() throws Exception {
        int[] code = new int[1];
        String roles = shell("agora:roles", code);
        assertThat(code[0]).as(roles).isZero();
        assertThat(roles).contains("Role").contains("Weight").contains("Guarantee").contains("Frameworks");
        String offers = shell("agora:offers", code);
        assertThat(code[0]).as(offers).isZero();
        assertThat(offers).contains("Offer").contains("Resources");
        String unknown = shell("agora:tasks --framework no-such-framework", code);
        assertThat(unknown).contains("Unknown framework 'no-such-framework'");
    }

    @Test
    void theMaintenanceScheduleInTheShell() throws Exception {
        int[] code = new int[1];
        assertThat(shell("agora:maintenance", code)).contains("No maintenance scheduled.");
        String window = "\"unavailability\":{\"start\":{\"nanoseconds\":1796090400000000000},"
                + "\"duration\":{\"nanoseconds\":7200000000000}}";
        // a machine no agent is on is refused, naming the field
        HttpResponse<String> unknown = post("/maintenance/schedule", "application/json", "application/json",
                "{\"windows\":[{\"machine_ids\":[{\"hostname\":\"spare.example\",\"ip\":\"10.9.9.9\"}]," + window
                        + "}]}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("'schedule.windows[0].machine_ids[0]'").contains("spare.example");
        // the agent's machine: its hostname (case does not matter) and the address it connects from
        HttpResponse<String> json = post("/api/v1", "application/json", "application/json",
                "{\"type\":\"GET_AGENTS\"}");
        String hostname = ProtoJson.merge(json.body(), Response.newBuilder()).build().getGetAgents().getAgents(0)
                .getAgentInfo().getHostname();
        String machine = "{\"hostname\":\"" + hostname.toUpperCase(java.util.Locale.ROOT) + "\",\"ip\":\"127.0.0.1\"}";
        HttpResponse<String> scheduled = post("/maintenance/schedule", "application/json", "application/json",
                "{\"windows\":[{\"machine_ids\":[" + machine + "]," + window + "}]}");
        assertThat(scheduled.statusCode()).as(scheduled.body()).isEqualTo(200);
        try {
            String table = shell("agora:maintenance", code);
            assertThat(code[0]).as(table).isZero();
            assertThat(table).contains("Machine").contains("Mode")
                    .contains(hostname.toLowerCase(java.util.Locale.ROOT) + "/127.0.0.1")
                    .contains("DRAINING").contains("2026-12-01T02:00:00Z").contains("2h");
            assertThat(get("/maintenance/status").body()).contains("\"draining_machines\"")
                    .contains(hostname.toLowerCase(java.util.Locale.ROOT));
        } finally {
            assertThat(post("/maintenance/schedule", "application/json", "application/json", "{}").statusCode())
                    .isEqualTo(200);
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(dist.master() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String contentType, String accept, String body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(dist.master() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
