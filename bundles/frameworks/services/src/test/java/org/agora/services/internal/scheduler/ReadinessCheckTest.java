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
package org.agora.services.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.services.internal.TestApps;
import org.agora.services.internal.app.AppJson;
import org.agora.services.internal.app.InvalidAppException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Readiness checks run by the scheduler against a real HTTP server on loopback standing in for the instance: a new
 * instance counts for the deployment only once healthy and ready, and {@code readinessCheckResults} shows the
 * last answer as Marathon does.
 */
class ReadinessCheckTest {
    private SchedulerFixture f;
    private HttpServer server;
    private final AtomicInteger answer = new AtomicInteger(503);
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().getPath());
            byte[] body = (answer.get() == 200 ? "warm" : "warming up").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(answer.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        f = new SchedulerFixture();
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
        server.stop(0);
    }

    @Test
    void aNewInstanceCountsOnlyOnceHealthyAndReady() throws Exception {
        f.scheduler.create(AppJson.parseValid(TestApps.json("""
                {"id": "/api", "cmd": "serve", "instances": 1, "cpus": 0.1, "mem": 32,
                 "portDefinitions": [{"port": 0, "name": "http-api"}],
                 "healthChecks": [{"protocol": "MESOS_HTTP", "portIndex": 0}],
                 "readinessChecks": [{"path": "/ready", "intervalSeconds": 5, "timeoutSeconds": 2,
                   "preserveLastResponse": true}]}"""), Optional.empty()), false, false).get(10, TimeUnit.SECONDS);
        int port = server.getAddress().getPort();
        f.send(Event.newBuilder().setType(Event.Type.OFFERS).setOffers(Event.Offers.newBuilder()
                .addOffers(ResourcePoolTest.offer("127.0.0.1", 10, 10_000, port, port).toBuilder()
                        .setAgentId(AgentID.newBuilder().setValue("agent-1")))).build());
        assertThat(f.client.launched).hasSize(1);
        TaskInfo task = f.client.launched.get(0);
        f.status(task, TaskState.TASK_RUNNING, Optional.empty());
        assertThat(readinessResults()).as("not asked before it is healthy").isEmpty();
        f.status(task, TaskState.TASK_RUNNING, Optional.of(true));
        await().atMost(Duration.ofSeconds(20)).until(() -> readinessResults().toString()
                .contains("lastResponse={status=503, contentType=text/plain, body=warming up}"));
        assertThat(readinessResults()).singleElement().satisfies(r -> {
            assertThat(r.get("name")).isEqualTo("readinessCheck");
            assertThat(r.get("taskId")).isEqualTo(task.getTaskId().getValue());
            assertThat(r.get("ready")).isEqualTo(false);
        });
        assertThat(asked).containsOnly("/ready");
        assertThat(deploying()).as("healthy is not enough while it is not ready").isTrue();

        answer.set(200);
        f.clock.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(20)).until(() -> !deploying());
        int checks = asked.size();
        f.clock.advance(Duration.ofSeconds(60));
        f.scheduler.deployments().get(10, TimeUnit.SECONDS);
        assertThat(asked).as("a ready instance is not asked again").hasSize(checks);
    }

    @Test
    void aReadinessCheckMustNameAPortAndTimeOutWithinItsInterval() {
        assertThatThrownBy(() -> AppJson.parseValid(TestApps.json("""
                {"id": "/api", "cmd": "serve", "portDefinitions": [{"port": 0, "name": "web"}],
                 "readinessChecks": [{"protocol": "FTP", "intervalSeconds": 5, "timeoutSeconds": 5,
                   "httpStatusCodesForReady": [700]}]}"""), Optional.empty()))
                .isInstanceOfSatisfying(InvalidAppException.class, e -> assertThat(e.details().toString())
                        .contains("/readinessChecks(0)/portName", "no port definition is named 'http-api'")
                        .contains("/readinessChecks(0)/protocol").contains("/readinessChecks(0)/timeoutSeconds")
                        .contains("/readinessChecks(0)/httpStatusCodesForReady"));
        Map<String, Object> rendered = AppJson.render(AppJson.parseValid(TestApps.json("""
                {"id": "/api", "cmd": "serve", "portDefinitions": [{"port": 0, "name": "http-api"}],
                 "readinessChecks": [{}]}"""), Optional.empty()));
        assertThat(rendered.get("readinessChecks").toString()).isEqualTo("[{name=readinessCheck, protocol=HTTP, "
                + "path=/, portName=http-api, intervalSeconds=30, timeoutSeconds=10, httpStatusCodesForReady=[200], "
                + "preserveLastResponse=false}]");
    }

    private boolean deploying() throws Exception {
        return !((List<?>) f.scheduler.app("/api", Set.of()).get(10, TimeUnit.SECONDS).get("deployments")).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> readinessResults() throws Exception {
        List<Map<String, Object>> deployments = f.scheduler.deployments().get(10, TimeUnit.SECONDS);
        if (deployments.isEmpty()) {
            return List.of();
        }
        Map<String, Object> current = ((List<Map<String, Object>>) deployments.get(0).get("currentActions")).get(0);
        return (List<Map<String, Object>>) current.get("readinessCheckResults");
    }
}
