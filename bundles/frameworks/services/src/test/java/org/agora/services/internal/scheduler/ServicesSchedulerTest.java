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
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.agora.api.json.JsonTree;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.http.Router;
import org.agora.services.internal.TestApps;
import org.agora.services.internal.api.V2Api;
import org.agora.services.internal.app.AppJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler with a real ZooKeeper store and actor, the test answering its launches and kills as an agent
 * whose health checks report {@code TaskStatus.healthy}: deployments complete only with healthy instances, a
 * rolling update keeps Marathon's bounds at every update, a new leadership term reconciles before it launches,
 * and with ZooKeeper down the API answers 503 and nothing is applied.
 */
class ServicesSchedulerTest {
    private static final String WEB = """
            {"id": "/web", "cmd": "serve", "instances": 3, "cpus": 0.1, "mem": 32,
             "portDefinitions": [{"port": 0}],
             "healthChecks": [{"protocol": "MESOS_HTTP", "gracePeriodSeconds": 30, "intervalSeconds": 2}],
             "upgradeStrategy": {"minimumHealthCapacity": 1.0, "maximumOverCapacity": 0.34}}""";

    private SchedulerFixture f;
    private int minHealthy = Integer.MAX_VALUE;
    private int maxInstances;

    @BeforeEach
    void start() throws Exception {
        f = new SchedulerFixture();
        f.afterEachEvent(this::sample);
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private void sample() throws Exception {
        if (f.scheduler.apps("/web", Set.of()).get(10, TimeUnit.SECONDS).isEmpty()) {
            return;
        }
        Map<String, Object> a = app();
        minHealthy = Math.min(minHealthy, (Integer) a.get("tasksHealthy"));
        maxInstances = Math.max(maxInstances, (Integer) a.get("tasksRunning") + (Integer) a.get("tasksStaged"));
    }

    private Map<String, Object> app() throws Exception {
        return f.app("/web");
    }

    private static boolean deploying(Map<String, Object> app) {
        return !((List<?>) app.get("deployments")).isEmpty();
    }

    private void createHealthy() throws Exception {
        f.scheduler.create(AppJson.parseValid(TestApps.json(WEB), Optional.empty()), false, false)
                .get(10, TimeUnit.SECONDS);
        f.offer();
        assertThat(f.client.launched).hasSize(3);
        for (TaskInfo t : f.client.launched) {
            f.status(t, TaskState.TASK_RUNNING, Optional.empty());
        }
        assertThat(app().get("tasksRunning")).isEqualTo(3);
        assertThat(deploying(app())).as("running is not enough with health checks").isTrue();
        for (TaskInfo t : f.client.launched) {
            f.status(t, TaskState.TASK_RUNNING, Optional.of(true));
        }
    }

    @Test
    void aDeploymentCompletesWhenEveryInstanceIsHealthy() throws Exception {
        createHealthy();
        Map<String, Object> a = app();
        assertThat(a.get("tasksHealthy")).isEqualTo(3);
        assertThat(deploying(a)).isFalse();
        assertThat(f.client.launched.get(0).getHealthCheck().getHttp().getPort())
                .isBetween(31000, 32000);
        assertThat(f.client.acknowledged).hasSize(6);
    }

    @Test
    void aRollingUpdateKeepsThreeHealthyAndAtMostFourInstances() throws Exception {
        createHealthy();
        minHealthy = Integer.MAX_VALUE;
        maxInstances = 0;
        f.scheduler.update("/web", TestApps.json("{\"env\": {\"VERSION\": \"2\"}}"), false, false)
                .get(10, TimeUnit.SECONDS);
        String version = (String) app().get("version");
        Set<String> old = new HashSet<>();
        f.client.launched.forEach(t -> old.add(t.getTaskId().getValue()));
        int answeredLaunches = 3;
        int answeredKills = 0;
        for (int round = 0; round < 20 && deploying(app()); round++) {
            f.offer();
            List<TaskInfo> launched = new ArrayList<>(f.client.launched);
            for (TaskInfo t : launched.subList(answeredLaunches, launched.size())) {
                f.status(t, TaskState.TASK_RUNNING, Optional.empty());
                f.status(t, TaskState.TASK_RUNNING, Optional.of(true));
            }
            answeredLaunches = launched.size();
            List<String> kills = new ArrayList<>(f.client.killed);
            for (String k : kills.subList(answeredKills, kills.size())) {
                f.killed(k);
            }
            answeredKills = kills.size();
        }
        Map<String, Object> a = app();
        assertThat(deploying(a)).isFalse();
        assertThat(f.client.killed).containsExactlyInAnyOrderElementsOf(old);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) a.get("tasks");
        assertThat(tasks).hasSize(3).allSatisfy(t -> assertThat(t.get("version")).isEqualTo(version));
        assertThat(minHealthy).isGreaterThanOrEqualTo(3);
        assertThat(maxInstances).isLessThanOrEqualTo(4);
    }

    @Test
    void anUnhealthyNewVersionLeavesTheOldInstancesAlone() throws Exception {
        createHealthy();
        f.scheduler.update("/web", TestApps.json("{\"cmd\": \"serve --broken\"}"), false, false)
                .get(10, TimeUnit.SECONDS);
        f.offer();
        assertThat(f.client.launched).hasSize(4);
        TaskInfo fresh = f.client.launched.get(3);
        f.status(fresh, TaskState.TASK_RUNNING, Optional.of(false));
        f.offer();
        assertThat(f.client.launched).as("no room beyond 4 instances").hasSize(4);
        assertThat(f.client.killed).isEmpty();
        Map<String, Object> a = app();
        assertThat(a.get("tasksHealthy")).isEqualTo(3);
        assertThat(a.get("tasksUnhealthy")).isEqualTo(1);
        assertThat(deploying(a)).isTrue();
    }

    @Test
    void aNewTermReconcilesTheStoredInstancesBeforeItLaunches() throws Exception {
        createHealthy();
        f.scheduler.abdicate().get(10, TimeUnit.SECONDS);
        f.scheduler.lead().get(10, TimeUnit.SECONDS);
        f.client.reconciled.clear();
        f.subscribed();
        assertThat(f.client.reconciled).hasSize(1);
        assertThat(f.client.reconciled.get(0)).extracting(t -> t.getTaskId().getValue())
                .containsExactlyInAnyOrderElementsOf(f.client.launched.stream().map(t -> t.getTaskId().getValue())
                        .toList());
        // one instance is gone: while the others are unanswered no offer is used
        TaskInfo lost = f.client.launched.get(0);
        f.status(lost, TaskState.TASK_LOST, Optional.empty());
        f.offer();
        assertThat(f.client.launched).hasSize(3);
        f.status(f.client.launched.get(1), TaskState.TASK_RUNNING, Optional.of(true));
        f.status(f.client.launched.get(2), TaskState.TASK_RUNNING, Optional.of(true));
        assertThat(f.client.reconciled).as("then the implicit reconciliation").hasSize(2);
        assertThat(f.client.reconciled.get(1)).isEmpty();
        // the loss started the app's launch delay (backoffSeconds 1); the queue's delay reset ends it
        f.scheduler.resetDelay("/web").get(10, TimeUnit.SECONDS);
        f.offer();
        assertThat(f.client.launched).as("the lost instance is replaced, once").hasSize(4);
    }

    @Test
    @SuppressWarnings("unchecked")
    void withZooKeeperDownChangesAnswer503AndNothingIsApplied() throws Exception {
        V2Api api = f.v2Api();
        Router router = api.router();
        f.zk.stop();
        await().atMost(Duration.ofSeconds(20)).until(() -> !f.curator.getZookeeperClient().isConnected());
        Response r = router.dispatch(new Request("POST", "/v2/apps", Map.of(), h -> null,
                WEB.getBytes(StandardCharsets.UTF_8), null)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.bodyText()).contains("\"message\"", "ZooKeeper");
        f.zk.restart();
        await().atMost(Duration.ofSeconds(20)).until(() -> f.curator.getZookeeperClient().isConnected());
        assertThat(f.scheduler.apps("/", Set.of()).get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(f.scheduler.deployments().get(10, TimeUnit.SECONDS)).isEmpty();
        Response created = router.dispatch(new Request("POST", "/v2/apps", Map.of(), h -> null,
                WEB.getBytes(StandardCharsets.UTF_8), null)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(created.status()).isEqualTo(201);
        Map<String, Object> body = (Map<String, Object>) JsonTree.parse(created.bodyText());
        assertThat((List<?>) body.get("deployments")).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDryRunAnswersThePlanAndChangesNothing() throws Exception {
        createHealthy();
        String version = (String) app().get("version");
        Map<String, Object> plan = f.scheduler.update("/web", TestApps.json("{\"cmd\": \"serve v2\"}"), false, true)
                .get(10, TimeUnit.SECONDS);
        assertThat(plan.get("dryRun")).isEqualTo(true);
        assertThat((List<Map<String, Object>>) plan.get("steps")).singleElement()
                .satisfies(step -> assertThat(step.toString()).contains("RestartApplication"));
        assertThat(((Map<String, Object>) plan.get("target")).get("cmd")).isEqualTo("serve v2");
        assertThat(((Map<String, Object>) plan.get("original")).get("cmd")).isEqualTo("serve");
        Map<String, Object> a = app();
        assertThat(a.get("version")).isEqualTo(version);
        assertThat(a.get("cmd")).isEqualTo("serve");
        assertThat(deploying(a)).isFalse();
        assertThat(f.scheduler.versions("/web").get(10, TimeUnit.SECONDS).get("versions")).asList().hasSize(1);
    }

    @Test
    void aDeploymentPastItsDeadlineRollsBackAndKeepsTheOldInstances() throws Exception {
        createHealthy();
        Set<String> old = new HashSet<>();
        f.client.launched.forEach(t -> old.add(t.getTaskId().getValue()));
        f.scheduler.update("/web", TestApps.json("""
                {"cmd": "serve --broken", "upgradeStrategy": {"minimumHealthCapacity": 1.0,
                 "maximumOverCapacity": 0.34, "deadlineSeconds": 60}}"""), false, false).get(10, TimeUnit.SECONDS);
        f.offer();
        TaskInfo broken = f.client.launched.get(3);
        f.status(broken, TaskState.TASK_RUNNING, Optional.of(false));
        f.clock.advance(Duration.ofSeconds(30));
        f.offer();
        assertThat(app().get("cmd")).as("within the deadline").isEqualTo("serve --broken");
        f.clock.advance(Duration.ofSeconds(31));
        f.offer();
        Map<String, Object> a = app();
        assertThat(a.get("cmd")).isEqualTo("serve");
        assertThat(f.client.killed).containsExactly(broken.getTaskId().getValue());
        f.killed(broken.getTaskId().getValue());
        f.offer();
        a = app();
        assertThat(deploying(a)).as("the rollback is done once the broken instance is gone").isFalse();
        assertThat(f.client.launched).as("the old instances were kept, nothing relaunched").hasSize(4);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) a.get("tasks");
        assertThat(tasks).extracting(t -> t.get("id")).containsExactlyInAnyOrderElementsOf(old);
    }

    @Test
    void aCrashLoopingNewVersionStopsRelaunchingFailsAndRollsBack() throws Exception {
        createHealthy();
        StringBuilder stream = new StringBuilder();
        f.events.subscribe(new org.agora.http.ResponseStream() {
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
        }, -1);
        f.scheduler.update("/web", TestApps.json("""
                {"cmd": "serve --crash", "upgradeStrategy": {"minimumHealthCapacity": 1.0,
                 "maximumOverCapacity": 0.34, "crashLoopLimit": 2}}"""), false, false).get(10, TimeUnit.SECONDS);
        for (int crash = 1; crash <= 2; crash++) {
            f.scheduler.resetDelay("/web").get(10, TimeUnit.SECONDS);
            f.offer();
            assertThat(f.client.launched).hasSize(3 + crash);
            TaskInfo t = f.client.launched.get(2 + crash);
            f.send(Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(
                    TaskStatus.newBuilder().setTaskId(t.getTaskId()).setAgentId(t.getAgentId())
                            .setState(TaskState.TASK_FAILED).setMessage("Command exited with status 3"))).build());
        }
        Map<String, Object> a = app();
        assertThat(a.get("cmd")).as("rolled back").isEqualTo("serve");
        f.scheduler.resetDelay("/web").get(10, TimeUnit.SECONDS);
        f.offer();
        assertThat(f.client.launched).as("the crashing version is not launched again").hasSize(5);
        assertThat(deploying(app())).isFalse();
        @SuppressWarnings("unchecked")
        Map<String, Object> failure = (Map<String, Object>) f.scheduler.app("/web", Set.of("lastTaskFailure"))
                .get(10, TimeUnit.SECONDS).get("lastTaskFailure");
        assertThat(failure.get("message")).isEqualTo("Command exited with status 3");
        synchronized (stream) {
            assertThat(stream.toString()).contains("event: deployment_failed").contains("crash loop: 2 instances")
                    .contains("Command exited with status 3");
        }
    }

    private Map<String, Object> kill(TaskKill k) throws Exception {
        return f.scheduler.kill(k).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aKillWithScaleLowersTheInstanceCountAndLaunchesNoReplacement() throws Exception {
        createHealthy();
        String victim = f.client.launched.get(0).getTaskId().getValue();
        Map<String, Object> result = kill(new TaskKill("/web", List.of(victim), null, true, false));
        assertThat(result).containsKeys("deploymentId", "version");
        assertThat(f.client.killed).contains(victim);
        f.killed(victim);
        f.offer();
        assertThat(app().get("instances")).isEqualTo(2);
        assertThat(f.client.launched).as("no replacement").hasSize(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> !deploying(app()));
    }

    @Test
    void aKillWithoutScaleIsReplacedAndTheInstanceStaysListedUntilMesosConfirms() throws Exception {
        createHealthy();
        String victim = f.client.launched.get(0).getTaskId().getValue();
        Map<String, Object> result = kill(new TaskKill("/web", List.of(victim), null, false, false));
        assertThat(((List<?>) result.get("tasks"))).hasSize(1);
        assertThat(taskIds()).contains(victim);
        assertThat(f.curator.checkExists().forPath("/services/instances/" + victim)).isNotNull();
        f.offer();
        assertThat(f.client.launched).as("replaced").hasSize(4);
        assertThat(app().get("instances")).isEqualTo(3);
    }

    @Test
    void aWipedInstanceIsForgottenAtOnceAndReplaced() throws Exception {
        createHealthy();
        String victim = f.client.launched.get(0).getTaskId().getValue();
        kill(new TaskKill("/web", List.of(victim), null, false, true));
        assertThat(f.client.killed).contains(victim);
        assertThat(taskIds()).doesNotContain(victim);
        assertThat(f.curator.checkExists().forPath("/services/instances/" + victim)).isNull();
        f.offer();
        assertThat(f.client.launched).hasSize(4);
        assertThat(f.client.launched.get(3).getTaskId().getValue()).isNotEqualTo(victim);
        assertThat(app().get("instances")).isEqualTo(3);
    }

    @Test
    void scaleWithWipeIsRefusedAndKillsNothing() throws Exception {
        createHealthy();
        String victim = f.client.launched.get(0).getTaskId().getValue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> kill(new TaskKill("/web", List.of(victim), null,
                true, true))).hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage("You cannot use scale and wipe at the same time.");
        assertThat(f.client.killed).isEmpty();
    }

    @Test
    void aHostFilterKillsOnlyTheTasksOnThatHost() throws Exception {
        createHealthy();
        String host = (String) ((Map<?, ?>) ((List<?>) app().get("tasks")).get(0)).get("host");
        assertThat(((List<?>) kill(new TaskKill("/web", null, "elsewhere", false, false)).get("tasks"))).isEmpty();
        assertThat(f.client.killed).isEmpty();
        assertThat(((List<?>) kill(new TaskKill("/web", null, host, false, false)).get("tasks"))).hasSize(3);
        assertThat(f.client.killed).hasSize(3);
    }

    @Test
    void killingAnUnknownTaskOfAnAppIs404() throws Exception {
        createHealthy();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> kill(new TaskKill("/web", List.of("web.nope"),
                null, false, false))).hasRootCauseInstanceOf(AppNotFoundException.class);
        assertThat(f.client.killed).isEmpty();
    }

    private List<String> taskIds() throws Exception {
        return f.scheduler.tasks("/web").get(10, TimeUnit.SECONDS).stream().map(t -> (String) t.get("id")).toList();
    }

    private static final String PROD = """
            {"id": "/prod", "apps": [
              {"id": "web", "cmd": "web", "instances": 2, "cpus": 0.1, "mem": 32, "dependencies": ["db"]},
              {"id": "db", "cmd": "db", "instances": 1, "cpus": 0.1, "mem": 32,
               "healthChecks": [{"protocol": "COMMAND", "command": {"value": "true"}}]}]}""";

    private Map<String, Object> putGroup(String json, String pathId, boolean create) throws Exception {
        return f.scheduler.putGroup(org.agora.services.internal.app.GroupSpec.parse(TestApps.json(json), "/", pathId),
                create, false).get(10, TimeUnit.SECONDS);
    }

    private List<String> launchedCmds() {
        return f.client.launched.stream().map(t -> t.getCommand().getValue()).toList();
    }

    @Test
    void aGroupStartsItsAppsInDependencyOrderInOneChange() throws Exception {
        Map<String, Object> result = putGroup(PROD, "/", true);
        assertThat((List<?>) result.get("deploymentIds")).hasSize(2);
        String webDeployment = (String) result.get("deploymentId");
        assertThat(f.scheduler.app("/prod/web", Set.of()).get(10, TimeUnit.SECONDS).get("version"))
                .isEqualTo(result.get("version"))
                .isEqualTo(f.scheduler.app("/prod/db", Set.of()).get(10, TimeUnit.SECONDS).get("version"));
        f.offer();
        assertThat(launchedCmds()).as("web waits for db").containsExactly("db");
        TaskInfo db = f.client.launched.get(0);
        f.status(db, TaskState.TASK_RUNNING, Optional.empty());
        f.offer();
        assertThat(launchedCmds()).as("db running but not healthy yet").containsExactly("db");
        f.status(db, TaskState.TASK_RUNNING, Optional.of(true));
        f.offer();
        assertThat(launchedCmds()).containsExactly("db", "web", "web");
        assertThat(f.scheduler.deployments().get(10, TimeUnit.SECONDS)).extracting(d -> d.get("id"))
                .containsExactly(webDeployment);
        for (TaskInfo t : f.client.launched.subList(1, 3)) {
            f.status(t, TaskState.TASK_RUNNING, Optional.empty());
        }
        assertThat(f.scheduler.deployments().get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(f.curator.checkExists().forPath("/services/groups/prod")).isNotNull();

        Map<String, Object> root = f.scheduler.group("/", Set.of()).get(10, TimeUnit.SECONDS);
        assertThat(root.get("id")).isEqualTo("/");
        @SuppressWarnings("unchecked")
        Map<String, Object> prod = ((List<Map<String, Object>>) root.get("groups")).get(0);
        assertThat(prod.get("id")).isEqualTo("/prod");
        assertThat((List<?>) prod.get("apps")).hasSize(2);
        assertThat(f.scheduler.group("/prod", Set.of("group.groups")).get(10, TimeUnit.SECONDS)).doesNotContainKey(
                "apps");
        assertThat(f.scheduler.groupVersions("/prod").get(10, TimeUnit.SECONDS))
                .containsExactly((String) result.get("version"));
    }

    @Test
    void scaleByScalesEveryAppOfTheGroupRoundingUp() throws Exception {
        putGroup(PROD, "/", true);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> putGroup("{\"scaleBy\": 1.5}", "/prod", false))
                .as("its apps are still deploying").hasRootCauseInstanceOf(ConflictException.class);
        f.scheduler.putGroup(org.agora.services.internal.app.GroupSpec.parse(TestApps.json("{\"scaleBy\": 1.5}"),
                "/", "/prod"), false, true).get(10, TimeUnit.SECONDS);
        assertThat(f.scheduler.app("/prod/web", Set.of()).get(10, TimeUnit.SECONDS).get("instances")).isEqualTo(3);
        assertThat(f.scheduler.app("/prod/db", Set.of()).get(10, TimeUnit.SECONDS).get("instances"))
                .as("ceil(1 x 1.5)").isEqualTo(2);
    }

    @Test
    void deletingAGroupRemovesItsAppsAndItsMetadata() throws Exception {
        putGroup(PROD, "/", true);
        putGroup("{\"id\": \"/other\", \"apps\": [{\"id\": \"x\", \"cmd\": \"x\"}]}", "/", true);
        Map<String, Object> result = f.scheduler.deleteGroup("/prod", true).get(10, TimeUnit.SECONDS);
        assertThat((List<?>) result.get("deploymentIds")).hasSize(2);
        assertThat(f.scheduler.apps("/", Set.of()).get(10, TimeUnit.SECONDS)).extracting(a -> a.get("id"))
                .containsExactly("/other/x");
        assertThat(f.curator.checkExists().forPath("/services/groups/prod")).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.scheduler.group("/prod", Set.of())
                .get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(AppNotFoundException.class);
    }

    @Test
    void aGroupWithACycleIs422AndNothingIsStored() throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> putGroup("""
                {"id": "/c", "apps": [{"id": "a", "cmd": "x", "dependencies": ["b"]},
                 {"id": "b", "cmd": "x", "dependencies": ["a"]}]}""", "/", true))
                .hasRootCauseInstanceOf(org.agora.services.internal.app.InvalidAppException.class);
        assertThat(f.scheduler.apps("/", Set.of()).get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(f.curator.getChildren().forPath("/services/apps")).isEmpty();
        assertThat(f.curator.getChildren().forPath("/services/groups")).isEmpty();
    }

    @Test
    void aSecondCreateOfAGroupIs409AndAPutReplacesItsContent() throws Exception {
        putGroup(PROD, "/", true);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> putGroup(PROD, "/", true))
                .hasRootCauseInstanceOf(ConflictException.class);
        f.scheduler.putGroup(org.agora.services.internal.app.GroupSpec.parse(TestApps.json(
                "{\"apps\": [{\"id\": \"db\", \"cmd\": \"db2\"}]}"), "/", "/prod"), false, true)
                .get(10, TimeUnit.SECONDS);
        assertThat(f.scheduler.apps("/", Set.of()).get(10, TimeUnit.SECONDS)).extracting(a -> a.get("id"))
                .containsExactly("/prod/db");
    }
}
