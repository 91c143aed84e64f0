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
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.http.ResponseStream;
import org.agora.http.Router;
import org.agora.scheduler.client.EventHandler;
import org.agora.services.internal.TestApps;
import org.agora.services.internal.api.Leadership;
import org.agora.services.internal.api.V2Api;
import org.agora.services.internal.app.AppJson;
import org.agora.services.internal.events.EventBus;
import org.agora.services.internal.store.ServiceStore;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;
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

    private TestingServer zk;
    private CuratorFramework curator;
    private ScheduledExecutorService actor;
    private ServicesScheduler scheduler;
    private Router api;
    private final RecordingSchedulerClient client = new RecordingSchedulerClient();
    private final MovableClock clock = new MovableClock();
    private final EventBus events = new EventBus();
    private final StringBuilder stream = new StringBuilder();
    private volatile EventHandler handler;
    private int offers;
    private int minHealthy = Integer.MAX_VALUE;
    private final Set<String> old = new HashSet<>();

    @BeforeEach
    void start() throws Exception {
        zk = new TestingServer(true);
        curator = CuratorFrameworkFactory.builder().connectString(zk.getConnectString()).sessionTimeoutMs(10000)
                .retryPolicy(new RetryNTimes(1, 100)).build();
        curator.start();
        curator.blockUntilConnected();
        actor = Executors.newSingleThreadScheduledExecutor();
        scheduler = new ServicesScheduler(actor, new ServiceStore(curator, "/services"), events, clock,
                new ServicesScheduler.Settings("marathon", "*", "root", Duration.ofDays(7), "http://localhost:8080",
                        Duration.ofSeconds(10)),
                (h, executor) -> {
                    handler = h;
                    return client;
                });
        api = new V2Api(scheduler, events, new Leadership() {
            @Override
            public boolean isLeader() {
                return true;
            }

            @Override
            public Optional<String> leader() {
                return Optional.of("localhost:8080");
            }

            @Override
            public void abdicate() {
                throw new UnsupportedOperationException();
            }
        }, new V2Api.Info("marathon", "1", "m", "zk", 8080, 1)).router();
        events.subscribe(new Recorder(), -1);
        scheduler.lead().get(10, TimeUnit.SECONDS);
        send(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1"))).build());
        createHealthy();
    }

    @AfterEach
    void stop() throws Exception {
        scheduler.close();
        curator.close();
        zk.close();
    }

    @Test
    void canariesThatHoldAreThenPromotedAndTheRollingUpgradeGoesOn() throws Exception {
        update("""
                {"cmd": "serve v2", "upgradeStrategy": {"minimumHealthCapacity": 1.0, "maximumOverCapacity": 0.34,
                 "canary": {"instances": 1, "holdSeconds": 60}}}""");
        assertThat(currentAction()).isEqualTo("CanaryApplication");
        offer();
        assertThat(client.launched).as("one canary beside the three old instances").hasSize(4);
        TaskInfo canary = client.launched.get(3);
        status(canary, TaskState.TASK_RUNNING, Optional.of(true));
        offer();
        clock.advance(Duration.ofSeconds(59));
        offer();
        assertThat(currentAction()).as("held for 59 of 60 s").isEqualTo("CanaryApplication");
        assertThat(client.launched).as("no more than the canary").hasSize(4);
        assertThat(client.killed).as("the old instances are left alone while the canary holds").isEmpty();
        clock.advance(Duration.ofSeconds(2));
        offer();
        assertThat(events()).contains("\"action\":\"CanaryApplication\"").contains("event: deployment_step_success");
        roll();
        Map<String, Object> a = app();
        assertThat(deploying(a)).isFalse();
        assertThat(a.get("cmd")).isEqualTo("serve v2");
        assertThat(client.killed).containsExactlyInAnyOrderElementsOf(old);
        assertThat(taskIds(a)).as("the canary stays as an instance of the new version")
                .contains(canary.getTaskId().getValue()).hasSize(3);
        assertThat(minHealthy).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aCanaryThatTurnsUnhealthyRollsBackAndTheOldInstancesAreUntouched() throws Exception {
        update("""
                {"cmd": "serve --broken", "upgradeStrategy": {"minimumHealthCapacity": 1.0,
                 "maximumOverCapacity": 0.34, "canary": {"instances": 2, "holdSeconds": 30}}}""");
        offer();
        assertThat(client.launched).as("two canaries beside the three old instances").hasSize(5);
        status(client.launched.get(3), TaskState.TASK_RUNNING, Optional.of(true));
        status(client.launched.get(4), TaskState.TASK_RUNNING, Optional.of(false));
        Map<String, Object> a = app();
        assertThat(a.get("cmd")).as("rolled back").isEqualTo("serve");
        assertThat(client.killed).containsExactlyInAnyOrder(client.launched.get(3).getTaskId().getValue(),
                client.launched.get(4).getTaskId().getValue());
        assertThat(events()).contains("event: deployment_failed").contains("canary step: instance "
                + client.launched.get(4).getTaskId().getValue());
        killed(client.launched.get(3).getTaskId().getValue());
        killed(client.launched.get(4).getTaskId().getValue());
        offer();
        a = app();
        assertThat(deploying(a)).isFalse();
        assertThat(taskIds(a)).containsExactlyInAnyOrderElementsOf(old);
        assertThat(client.launched).as("nothing relaunched").hasSize(5);
        assertThat(minHealthy).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aCanaryKilledByItsHealthCheckRollsBack() throws Exception {
        update("""
                {"cmd": "serve --broken", "upgradeStrategy": {"canary": {"instances": 1}}}""");
        offer();
        TaskInfo canary = client.launched.get(3);
        status(canary, TaskState.TASK_RUNNING, Optional.empty());
        send(Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(
                TaskStatus.newBuilder().setTaskId(canary.getTaskId()).setAgentId(canary.getAgentId())
                        .setState(TaskState.TASK_KILLED).setMessage("Task killed: health check failed")))
                .build());
        offer();
        Map<String, Object> a = app();
        assertThat(a.get("cmd")).isEqualTo("serve");
        assertThat(deploying(a)).isFalse();
        assertThat(taskIds(a)).containsExactlyInAnyOrderElementsOf(old);
        assertThat(client.killed).isEmpty();
        assertThat(events()).contains("event: deployment_failed").contains("health check failed");
    }

    @Test
    void aManualCanaryWaitsForAnOperatorToPromoteIt() throws Exception {
        update("""
                {"cmd": "serve v2", "upgradeStrategy": {"minimumHealthCapacity": 1.0, "maximumOverCapacity": 0.34,
                 "canary": {"instances": 1, "holdSeconds": 0, "promote": "manual"}}}""");
        String id = deploymentId();
        assertThat(post("/v2/deployments/" + id + "/promote").status()).as("no canary ready yet").isEqualTo(409);
        offer();
        status(client.launched.get(3), TaskState.TASK_RUNNING, Optional.of(true));
        clock.advance(Duration.ofHours(1));
        offer();
        assertThat(currentAction()).isEqualTo("CanaryApplication");
        assertThat(scheduler.deployments().get(10, TimeUnit.SECONDS).get(0).toString())
                .contains("canary={instances=1, ready=1, holdSeconds=0");
        assertThat(post("/v2/deployments/nope/promote").status()).isEqualTo(404);
        Response promoted = post("/v2/deployments/" + id + "/promote");
        assertThat(promoted.status()).isEqualTo(200);
        assertThat(currentAction()).isEqualTo("RestartApplication");
        assertThat(post("/v2/deployments/" + id + "/promote").status()).as("promoted once").isEqualTo(409);
        roll();
        assertThat(deploying(app())).isFalse();
        assertThat(client.killed).containsExactlyInAnyOrderElementsOf(old);
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
        scheduler.create(AppJson.parseValid(TestApps.json(WEB), Optional.empty()), false, false)
                .get(10, TimeUnit.SECONDS);
        offer();
        for (TaskInfo t : client.launched) {
            status(t, TaskState.TASK_RUNNING, Optional.of(true));
            old.add(t.getTaskId().getValue());
        }
        assertThat(deploying(app())).isFalse();
        minHealthy = Integer.MAX_VALUE;
    }

    /** Answers launches as healthy and kills as done until the deployment is over. */
    private void roll() throws Exception {
        Set<String> answered = new HashSet<>();
        for (int round = 0; round < 20 && deploying(app()); round++) {
            offer();
            for (TaskInfo t : new ArrayList<>(client.launched)) {
                if (!old.contains(t.getTaskId().getValue()) && answered.add(t.getTaskId().getValue())) {
                    status(t, TaskState.TASK_RUNNING, Optional.of(true));
                }
            }
            for (String k : new ArrayList<>(client.killed)) {
                if (answered.add("killed " + k)) {
                    killed(k);
                }
            }
        }
    }

    private void update(String json) throws Exception {
        scheduler.update("/web", TestApps.json(json), false, false).get(10, TimeUnit.SECONDS);
        sample();
    }

    private void send(Event e) throws Exception {
        actor.submit(() -> handler.event(e)).get(10, TimeUnit.SECONDS);
        sample();
    }

    private void sample() throws Exception {
        if (!scheduler.apps("/", Set.of()).get(10, TimeUnit.SECONDS).isEmpty()) {
            minHealthy = Math.min(minHealthy, (Integer) app().get("tasksHealthy"));
        }
    }

    private void offer() throws Exception {
        offers++;
        send(Event.newBuilder().setType(Event.Type.OFFERS).setOffers(Event.Offers.newBuilder()
                .addOffers(ResourcePoolTest.offer("h" + offers, 10, 10_000, 31000, 32000).toBuilder()
                        .setAgentId(AgentID.newBuilder().setValue("agent-1")))).build());
    }

    private void status(TaskInfo task, TaskState state, Optional<Boolean> healthy) throws Exception {
        TaskStatus.Builder s = TaskStatus.newBuilder().setTaskId(task.getTaskId()).setState(state)
                .setAgentId(task.getAgentId());
        healthy.ifPresent(s::setHealthy);
        send(Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(s))
                .build());
    }

    private void killed(String taskId) throws Exception {
        send(Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(
                TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId))
                        .setState(TaskState.TASK_KILLED).setAgentId(AgentID.newBuilder().setValue("agent-1"))))
                .build());
    }

    private Map<String, Object> app() throws Exception {
        return scheduler.app("/web", Set.of("tasks")).get(10, TimeUnit.SECONDS);
    }

    private static boolean deploying(Map<String, Object> app) {
        return !((List<?>) app.get("deployments")).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> taskIds(Map<String, Object> app) {
        return ((List<Map<String, Object>>) app.get("tasks")).stream().map(t -> t.get("id")).toList();
    }

    private String deploymentId() throws Exception {
        return (String) scheduler.deployments().get(10, TimeUnit.SECONDS).get(0).get("id");
    }

    @SuppressWarnings("unchecked")
    private String currentAction() throws Exception {
        List<Map<String, Object>> current = (List<Map<String, Object>>) scheduler.deployments()
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

    /** A clock the test moves, for the hold. */
    private static final class MovableClock extends java.time.Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
