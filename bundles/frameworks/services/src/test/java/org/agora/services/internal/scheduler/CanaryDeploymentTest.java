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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.http.ResponseStream;
import org.agora.http.Router;
import org.agora.services.internal.TestApps;
import org.agora.services.internal.app.AppJson;
import org.agora.services.internal.events.EventBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The canary step of {@code upgradeStrategy} with a real ZooKeeper store and actor, the test answering launches,
 * kills and health as the agent would: canaries start beside the old instances, are promoted once they held (by
 * the scheduler or through {@code POST /v2/deployments/{id}/promote}), and a canary that turns unhealthy or is
 * killed by its health check rolls the deployment back without the old instances ever being touched.
 */
class CanaryDeploymentTest {
    private static final String WEB = """
            {"id": "/web", "cmd": "serve", "instances": 3, "cpus": 0.1, "mem": 32,
             "portDefinitions": [{"port": 0}],
             "healthChecks": [{"protocol": "MESOS_HTTP", "gracePeriodSeconds": 30, "intervalSeconds": 2}],
             "upgradeStrategy": {"minimumHealthCapacity": 1.0, "maximumOverCapacity": 0.34}}""";

    private SchedulerFixture f;
    private Router api;
    private final StringBuilder stream = new StringBuilder();
    private int minHealthy = Integer.MAX_VALUE;
    private final Set<String> old = new HashSet<>();

    @BeforeEach
    void start() throws Exception {
        EventBus events = new EventBus();
        events.subscribe(new Recorder(), -1);
        f = new SchedulerFixture(events);
        f.afterEachEvent(this::sample);
        api = f.v2Api().router();
        createHealthy();
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void canariesThatHoldAreThenPromotedAndTheRollingUpgradeGoesOn() throws Exception {
        update("""
                {"cmd": "serve v2", "upgradeStrategy": {"minimumHealthCapacity": 1.0, "maximumOverCapacity": 0.34,
                 "canary": {"instances": 1, "holdSeconds": 60}}}""");
        assertThat(currentAction()).isEqualTo("CanaryApplication");
        f.offer();
        assertThat(f.client.launched).as("one canary beside the three old instances").hasSize(4);
        TaskInfo canary = f.client.launched.get(3);
        f.status(canary, TaskState.TASK_RUNNING, Optional.of(true));
        f.offer();
        f.clock.advance(Duration.ofSeconds(59));
        f.offer();
        assertThat(currentAction()).as("held for 59 of 60 s").isEqualTo("CanaryApplication");
        assertThat(f.client.launched).as("no more than the canary").hasSize(4);
        assertThat(f.client.killed).as("the old instances are left alone while the canary holds").isEmpty();
        f.clock.advance(Duration.ofSeconds(2));
        f.offer();
        assertThat(events()).contains("\"action\":\"CanaryApplication\"").contains("event: deployment_step_success");
        roll();
        Map<String, Object> a = app();
        assertThat(deploying(a)).isFalse();
        assertThat(a.get("cmd")).isEqualTo("serve v2");
        assertThat(f.client.killed).containsExactlyInAnyOrderElementsOf(old);
        assertThat(taskIds(a)).as("the canary stays as an instance of the new version")
                .contains(canary.getTaskId().getValue()).hasSize(3);
        assertThat(minHealthy).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aCanaryThatTurnsUnhealthyRollsBackAndTheOldInstancesAreUntouched() throws Exception {
        update("""
                {"cmd": "serve --broken", "upgradeStrategy": {"minimumHealthCapacity": 1.0,
                 "maximumOverCapacity": 0.34, "canary": {"instances": 2, "holdSeconds": 30}}}""");
        f.offer();
        assertThat(f.client.launched).as("two canaries beside the three old instances").hasSize(5);
        f.status(f.client.launched.get(3), TaskState.TASK_RUNNING, Optional.of(true));
        f.status(f.client.launched.get(4), TaskState.TASK_RUNNING, Optional.of(false));
        Map<String, Object> a = app();
        assertThat(a.get("cmd")).as("rolled back").isEqualTo("serve");
        assertThat(f.client.killed).containsExactlyInAnyOrder(f.client.launched.get(3).getTaskId().getValue(),
                f.client.launched.get(4).getTaskId().getValue());
        assertThat(events()).contains("event: deployment_failed").contains("canary step: instance "
                + f.client.launched.get(4).getTaskId().getValue());
        f.killed(f.client.launched.get(3).getTaskId().getValue());
        f.killed(f.client.launched.get(4).getTaskId().getValue());
        f.offer();
        a = app();
        assertThat(deploying(a)).isFalse();
        assertThat(taskIds(a)).containsExactlyInAnyOrderElementsOf(old);
        assertThat(f.client.launched).as("nothing relaunched").hasSize(5);
        assertThat(minHealthy).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aCanaryKilledByItsHealthCheckRollsBack() throws Exception {
        update("""
                {"cmd": "serve --broken", "upgradeStrategy": {"canary": {"instances": 1}}}""");
        f.offer();
        TaskInfo canary = f.client.launched.get(3);
        f.status(canary, TaskState.TASK_RUNNING, Optional.empty());
        f.send(Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(
                TaskStatus.newBuilder().setTaskId(canary.getTaskId()).setAgentId(canary.getAgentId())
                        .setState(TaskState.TASK_KILLED).setMessage("Task killed: health check failed")))
                .build());
        f.offer();
        Map<String, Object> a = app();
        assertThat(a.get("cmd")).isEqualTo("serve");
        assertThat(deploying(a)).isFalse();
        assertThat(taskIds(a)).containsExactlyInAnyOrderElementsOf(old);
        assertThat(f.client.killed).isEmpty();
        assertThat(events()).contains("event: deployment_failed").contains("health check failed");
    }

    @Test
    void aManualCanaryWaitsForAnOperatorToPromoteIt() throws Exception {
        update("""
                {"cmd": "serve v2", "upgradeStrategy": {"minimumHealthCapacity": 1.0, "maximumOverCapacity": 0.34,
                 "canary": {"instances": 1, "holdSeconds": 0, "promote": "manual"}}}""");
        String id = deploymentId();
        assertThat(post("/v2/deployments/" + id + "/promote").status()).as("no canary ready yet").isEqualTo(409);
        f.offer();
        f.status(f.client.launched.get(3), TaskState.TASK_RUNNING, Optional.of(true));
        f.clock.advance(Duration.ofHours(1));
        f.offer();
        assertThat(currentAction()).isEqualTo("CanaryApplication");
        assertThat(f.scheduler.deployments().get(10, TimeUnit.SECONDS).get(0).toString())
                .contains("canary={instances=1, ready=1, holdSeconds=0");
        assertThat(post("/v2/deployments/nope/promote").status()).isEqualTo(404);
        Response promoted = post("/v2/deployments/" + id + "/promote");
        assertThat(promoted.status()).isEqualTo(200);
        assertThat(currentAction()).isEqualTo("RestartApplication");
        assertThat(post("/v2/deployments/" + id + "/promote").status()).as("promoted once").isEqualTo(409);
        roll();
        assertThat(deploying(app())).isFalse();
        assertThat(f.client.killed).containsExactlyInAnyOrderElementsOf(old);
        assertThat(minHealthy).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aCanaryIsRenderedBackAndABadOneIsA422() throws Exception {
        update("""
                {"upgradeStrategy": {"canary": {"instances": 2, "holdSeconds": 5, "promote": "manual"}}}""");
        assertThat(app().get("upgradeStrategy").toString())
                .contains("canary={instances=2, holdSeconds=5, promote=manual}");
        Response bad = router("PUT", "/v2/apps/web?force=true", """
                {"upgradeStrategy": {"canary": {"instances": 0, "holdSeconds": -1, "promote": "later"}}}""");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.bodyText()).contains("/upgradeStrategy/canary/instances")
                .contains("/upgradeStrategy/canary/holdSeconds").contains("/upgradeStrategy/canary/promote");
    }

    // ---- the test's part of the agent ----

    private void createHealthy() throws Exception {
        f.scheduler.create(AppJson.parseValid(TestApps.json(WEB), Optional.empty()), false, false)
                .get(10, TimeUnit.SECONDS);
        f.offer();
        for (TaskInfo t : f.client.launched) {
            f.status(t, TaskState.TASK_RUNNING, Optional.of(true));
            old.add(t.getTaskId().getValue());
        }
        assertThat(deploying(app())).isFalse();
        minHealthy = Integer.MAX_VALUE;
    }

    /** Answers launches as healthy and kills as done until the deployment is over. */
    private void roll() throws Exception {
        Set<String> answered = new HashSet<>();
        for (int round = 0; round < 20 && deploying(app()); round++) {
            f.offer();
            for (TaskInfo t : new ArrayList<>(f.client.launched)) {
                if (!old.contains(t.getTaskId().getValue()) && answered.add(t.getTaskId().getValue())) {
                    f.status(t, TaskState.TASK_RUNNING, Optional.of(true));
                }
            }
            for (String k : new ArrayList<>(f.client.killed)) {
                if (answered.add("killed " + k)) {
                    f.killed(k);
                }
            }
        }
    }

    private void update(String json) throws Exception {
        f.scheduler.update("/web", TestApps.json(json), false, false).get(10, TimeUnit.SECONDS);
        sample();
    }

    private void sample() throws Exception {
        if (!f.scheduler.apps("/", Set.of()).get(10, TimeUnit.SECONDS).isEmpty()) {
            minHealthy = Math.min(minHealthy, (Integer) app().get("tasksHealthy"));
        }
    }

    private Map<String, Object> app() throws Exception {
        return f.scheduler.app("/web", Set.of("tasks")).get(10, TimeUnit.SECONDS);
    }

    private static boolean deploying(Map<String, Object> app) {
        return !((List<?>) app.get("deployments")).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> taskIds(Map<String, Object> app) {
        return ((List<Map<String, Object>>) app.get("tasks")).stream().map(t -> t.get("id")).toList();
    }

    private String deploymentId() throws Exception {
        return (String) f.scheduler.deployments().get(10, TimeUnit.SECONDS).get(0).get("id");
    }

    @SuppressWarnings("unchecked")
    private String currentAction() throws Exception {
        List<Map<String, Object>> current = (List<Map<String, Object>>) f.scheduler.deployments()
                .get(10, TimeUnit.SECONDS).get(0).get("currentActions");
        return (String) current.get(0).get("action");
    }

    private Response post(String path) throws Exception {
        return router("POST", path, "");
    }

    private Response router(String method, String pathAndQuery, String body) throws Exception {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?'))
                : pathAndQuery;
        String[] param = pathAndQuery.contains("?") ? pathAndQuery.substring(pathAndQuery.indexOf('?') + 1)
                .split("=") : new String[0];
        Map<String, List<String>> query = param.length == 2 ? Map.of(param[0], List.of(param[1])) : Map.of();
        return api.dispatch(new Request(method, path, query, h -> null, body.getBytes(StandardCharsets.UTF_8),
                null)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private String events() {
        synchronized (stream) {
            return stream.toString();
        }
    }

    /** The event stream as an SSE client would read it. */
    private final class Recorder implements ResponseStream {
        @Override
        public void send(byte[] chunk) {
            synchronized (stream) {
                stream.append(new String(chunk, StandardCharsets.UTF_8));
            }
        }

        @Override
        public void close() {
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void onClose(Runnable action) {
        }
    }
}
