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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Environment;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.Secret;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.scheduler.client.ContentType;
import org.agora.secrets.file.internal.FileSecretResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret from a framework's LAUNCH to the task's environment, through a real master and agent with the file
 * resolver: the task sees the value; the master's and the agent's state endpoints, the statuses and the agent's work
 * directory do not. An unknown secret fails the task, naming it, as the framework sees it.
 */
class SecretsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String VALUE = "it-secret-" + UUID.randomUUID();

    @TempDir
    static Path workDir;
    @TempDir
    static Path secretsDir;

    private static InProcessCluster.SingleAgent cluster;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(secretsDir.resolve("svc"));
        Files.writeString(secretsDir.resolve("svc/token"), VALUE);
        cluster = InProcessCluster.SingleAgent.start(workDir, "cpus:2;mem:1024;disk:1000");
        cluster.agent().useSecretResolver(new FileSecretResolver(Map.of("dir", secretsDir.toString())));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static TaskInfo task(Offer offer, String id, String command, String secretName, String key) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(offer.getAgentId()).addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                .setCommand(CommandInfo.newBuilder().setValue(command).setEnvironment(Environment.newBuilder()
                        .addVariables(Environment.Variable.newBuilder().setName("TOKEN")
                                .setType(Environment.Variable.Type.SECRET).setSecret(Secret.newBuilder()
                                        .setType(Secret.Type.REFERENCE).setReference(Secret.Reference.newBuilder()
                                                .setName(secretName).setKey(key)))))).build();
    }

    static Offer.Operation launch(TaskInfo task) {
        return Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(task)).build();
    }

    static String get(String hostPort, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + hostPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    static String post(String hostPort, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + hostPort + "/api/v1"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static Optional<Path> seenFile() throws IOException {
        try (Stream<Path> files = Files.walk(workDir)) {
            return files.filter(p -> p.getFileName().toString().equals("seen")).findFirst();
        }
    }

    @Test
    void theTaskGetsTheValueAndNoEndpointOrFileOfTheAgentHasIt() throws Exception {
        try (Framework f = new Framework(cluster.address(), ContentType.JSON)) {
            f.client.subscribe(Framework.info("secrets").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            f.client.accept(List.of(o.getId()), List.of(launch(task(o, "s-ok", "printf %s \"$TOKEN\" > seen; "
                    + "exec sleep 60", "svc", "token"))), Filters.newBuilder().setRefuseSeconds(0).build())
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("s-ok") == TaskState.TASK_RUNNING);
            await().atMost(Framework.patience()).until(() -> seenFile().map(p -> p.toFile().length() > 0)
                    .orElse(false));
            Path seen = seenFile().orElseThrow();
            assertThat(Files.readString(seen)).isEqualTo(VALUE);

            String agent = "127.0.0.1:" + cluster.agent().call(a -> a.snapshot().info().getPort())
                    .get(10, TimeUnit.SECONDS);
            for (String body : List.of(get(cluster.address(), "/master/state"), post(cluster.address(),
                    "{\"type\":\"GET_STATE\"}"), get(agent, "/state"), post(agent, "{\"type\":\"GET_STATE\"}"))) {
                assertThat(body).contains("s-ok").doesNotContain(VALUE);
            }
            try (Stream<Path> files = Files.walk(workDir)) {
                assertThat(files.filter(Files::isRegularFile).filter(p -> !p.equals(seen)).filter(p -> {
                    try {
                        return Files.readString(p, StandardCharsets.ISO_8859_1).contains(VALUE);
                    } catch (IOException e) {
                        return false;
                    }
                }).toList()).as("files under the work directory holding the value").isEmpty();
            }
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnknownSecretFailsTheTaskNamingIt() throws Exception {
        try (Framework f = new Framework(cluster.address(), ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("secrets-missing").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            f.client.accept(List.of(o.getId()), List.of(launch(task(o, "s-missing", "exec sleep 60", "svc",
                    "nope"))), Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("s-missing") == TaskState.TASK_FAILED);
            TaskStatus s = f.last("s-missing");
            assertThat(s.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            assertThat(s.getMessage()).contains("TOKEN", "'svc'", "'nope'", "does not exist");
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }
}
