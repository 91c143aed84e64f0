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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.agora.api.json.JsonTree;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.HealthCheck;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.scheduler.client.ContentType;
import org.agora.testing.topology.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health checks end to end on a master and an agent: a framework launches a real HTTP server with an HTTP check and
 * sees it turn healthy, a task whose COMMAND check fails is killed with {@code healthy: false}, and both master and
 * agent show {@code healthy} in their state; a check without its type's fields is refused by the master.
 */
class HealthCheckIT {
    @TempDir
    static Path workDir;

    private static InProcessCluster.SingleAgent cluster;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws Exception {
        cluster = InProcessCluster.SingleAgent.start(workDir, "cpus:4;mem:4096;disk:1000");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static TaskInfo task(Offer offer, String id, String command, HealthCheck.Builder check) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(offer.getAgentId()).addAllResources(Resources.parse("cpus:0.1;mem:64").toList())
                .setCommand(CommandInfo.newBuilder().setValue(command)).setHealthCheck(check).build();
    }

    private static Offer.Operation launch(TaskInfo... tasks) {
        return Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(List.of(tasks))).build();
    }

    private static Optional<TaskStatus> health(Framework f, String taskId, boolean healthy) {
        return f.statuses.getOrDefault(taskId, List.of()).stream().filter(s -> s.getReason()
                == TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED && s.getHealthy() == healthy).findFirst();
    }

    /** The {@code healthy} values of the task's statuses in a Mesos state document ({@code /master/state}, {@code
     * /state}), wherever the task is listed. */
    @SuppressWarnings("unchecked")
    private static List<Object> healthyIn(String url, String taskId) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return findTask(JsonTree.parse(body), taskId).map(t -> ((List<Map<String, Object>>) t.get("statuses"))
                .stream().filter(s -> s.containsKey("healthy")).map(s -> s.get("healthy")).toList())
                .orElse(List.of());
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> findTask(Object node, String taskId) {
        if (node instanceof Map<?, ?> m) {
            if (taskId.equals(m.get("id")) && m.containsKey("statuses")) {
                return Optional.of((Map<String, Object>) m);
            }
            for (Object v : m.values()) {
                Optional<Map<String, Object>> found = findTask(v, taskId);
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node instanceof List<?> l) {
            for (Object v : l) {
                Optional<Map<String, Object>> found = findTask(v, taskId);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void anHttpServerTurnsHealthyAndAFailingCommandCheckGetsItsTaskKilled() throws Exception {
        int port;
        port = Ports.free(); // below the ephemeral range: no outgoing connection takes it meanwhile
        String agent = "127.0.0.1:" + cluster.agent().call(a -> a.snapshot().info().getPort())
                .get(10, TimeUnit.SECONDS);
        try (Framework f = new Framework(cluster.address(), ContentType.JSON)) {
            f.client.subscribe(Framework.info("health").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            HealthCheck.Builder http = HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP)
                    .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(port).setPath("/"))
                    .setDelaySeconds(0).setIntervalSeconds(0.2).setGracePeriodSeconds(30);
            HealthCheck.Builder failing = HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND)
                    .setCommand(CommandInfo.newBuilder().setValue("test -e never-there"))
                    .setDelaySeconds(0).setIntervalSeconds(0.2).setGracePeriodSeconds(0).setConsecutiveFailures(2);
            f.client.accept(List.of(o.getId()), List.of(launch(
                    task(o, "web", "exec python3 -m http.server " + port + " --bind 127.0.0.1", http),
                    task(o, "doomed", "exec sleep 300", failing))),
                    Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);

            await().atMost(Framework.patience()).until(() -> health(f, "web", true).isPresent());
            TaskStatus healthy = health(f, "web", true).orElseThrow();
            assertThat(healthy.getState()).isEqualTo(TaskState.TASK_RUNNING);
            assertThat(healthy.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);

            await().atMost(Framework.patience()).until(() -> f.state("doomed") == TaskState.TASK_KILLED);
            TaskStatus killed = f.last("doomed");
            assertThat(killed.hasHealthy()).isTrue();
            assertThat(killed.getHealthy()).isFalse();
            assertThat(killed.getMessage()).contains("2 consecutive failed health check(s)");
            assertThat(health(f, "doomed", false)).isPresent();

            // the master keeps healthy in the statuses it shows, and so does the agent
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(healthyIn("http://" + cluster.address() + "/master/state", "web")).containsExactly(true);
                assertThat(healthyIn("http://" + cluster.address() + "/master/state", "doomed")).contains(false);
                assertThat(healthyIn("http://" + agent + "/state", "web")).containsExactly(true);
            });
            assertThat(f.state("web")).isEqualTo(TaskState.TASK_RUNNING);
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHealthCheckWithoutItsTypesFieldsIsRefusedByTheMaster() throws Exception {
        try (Framework f = new Framework(cluster.address(), ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("health-bad").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            f.client.accept(List.of(o.getId()), List.of(launch(task(o, "no-http", "exec sleep 300",
                    HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP)))),
                    Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("no-http") == TaskState.TASK_ERROR);
            assertThat(f.last("no-http").getMessage())
                    .isEqualTo("Task uses invalid health check: Expecting 'http' to be set for HTTP health check");
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }
}
