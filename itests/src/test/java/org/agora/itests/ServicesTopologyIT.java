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

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.agora.testing.topology.AgentNode;
import org.agora.testing.topology.Distributions;
import org.agora.testing.topology.JsonTree;
import org.agora.testing.topology.MasterNode;
import org.agora.testing.topology.MasterState;
import org.agora.testing.topology.Ports;
import org.agora.testing.topology.ServicesNode;
import org.agora.testing.topology.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The services scheduler as processes (issue 15 item 7): a ZooKeeper ensemble of three, one master, two agents (the
 * built master and agent distributions; hostnames {@code 127.0.0.1} and {@code localhost}) and two instances of the
 * built services distribution ({@code karaf-dist/services}) on the same ZooKeeper, which elect one leader. Checked
 * through Marathon's {@code /v2} API and against what the master itself reports on {@code /master/state}:
 *
 * <ol>
 *   <li>a rolling restart of health-checked apps (COMMAND checks the agent runs) never has fewer healthy instances
 *       than {@code ceil(minimumHealthCapacity × instances)} nor more live tasks on the master than
 *       {@code floor((1 + maximumOverCapacity) × instances)}, sampled throughout, and an app with
 *       {@code hostname:UNIQUE} never has two live tasks on one agent;</li>
 *   <li>a SIGKILL of the services leader while a deployment runs: the other instance takes over with the same
 *       framework id, every app is still there, the running instances keep their tasks (none is launched again),
 *       and the deployment finishes under the new leader;</li>
 *   <li>an agent that dies (SIGKILL of the agent and of its tasks) has its instances replaced on the other one once
 *       the master finds it unreachable.</li>
 * </ol>
 *
 * <p>The tests share one topology and run in order. Logs stay under {@code target/topology/} when a test fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServicesTopologyIT {
    private static final Duration SESSION = Duration.ofSeconds(4);
    private static final Duration SETTLE = Duration.ofSeconds(90);
    /** Agents heartbeat every 500 ms; one silent for 5 s is unreachable (the master's default is 75 s). */
    private static final Duration UNREACHABLE = Duration.ofSeconds(5);
    private static final Set<String> LIVE = Set.of("TASK_STAGING", "TASK_STARTING", "TASK_RUNNING", "TASK_KILLING");
    /** Instances turn ready 2 s after they start, so a rolling restart lasts long enough to be sampled. */
    private static final String CMD = "sleep 2 && touch ready && exec sleep 3600";
    /** A COMMAND check every second from the start, failing (within the grace period) until the task is ready. */
    private static final String HEALTH = "[{\"protocol\": \"COMMAND\", \"command\": {\"value\": \"test -f ready\"},"
            + " \"gracePeriodSeconds\": 30, \"intervalSeconds\": 1, \"timeoutSeconds\": 5,"
            + " \"maxConsecutiveFailures\": 3, \"delaySeconds\": 0}]";

    private Topology topology;
    private final List<ServicesNode> services = new ArrayList<>();
    private final List<String> figures = new ArrayList<>();

    @RegisterExtension
    final TopologyDiagnostics diagnostics = new TopologyDiagnostics(this::report, () -> {
        if (topology != null) {
            topology.keepFiles();
        }
    });

    @BeforeAll
    void startTopology() {
        Assumptions.assumeTrue(Distributions.missing().isEmpty(), () -> "ServicesTopologyIT skipped: "
                + Distributions.missing().orElse(""));
        Optional<Path> dist = Distributions.services();
        Assumptions.assumeTrue(dist.isPresent(), "ServicesTopologyIT skipped: the services distribution is not built"
                + " (karaf-dist/services/target/assembly, or -Dagora.services.dist)");
        Path dir = Path.of("target", "topology", "ServicesTopologyIT-" + System.currentTimeMillis()).toAbsolutePath();
        long t0 = System.nanoTime();
        topology = Topology.builder(dir).masters(1).agents(2).zookeepers(3).sessionTimeout(SESSION)
                .masterKey("agent.heartbeat.interval.ms", 500)
                .masterKey("agent.unreachable.timeout.ms", UNREACHABLE.toMillis())
                .masterKey("allocation.interval.ms", 200)
                .agentKey(2, "hostname", "localhost") // hostname:UNIQUE tells the agents apart by hostname
                .start(Duration.ofSeconds(180));
        String stateZk = topology.zookeeper().url("/agora-services");
        for (int i = 1; i <= 2; i++) {
            services.add(new ServicesNode("s" + i, dist.get(), dir.resolve("s" + i), "127.0.0.1", Ports.free(),
                    topology.zkUrl(), stateZk, Map.of("zk.session.timeout.ms", SESSION.toMillis(),
                            "reconcile.timeout.ms", 5000)));
        }
        services.stream().map(s -> CompletableFuture.runAsync(s::start)).toList().forEach(CompletableFuture::join);
        ServicesNode leader = awaitServicesLeader(List.of());
        await("the services framework subscribed").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> marathon().filter(MasterState.Framework::active).isPresent());
        figures.add("topology up (3 ZooKeeper, 1 master, 2 agents, 2 services, leader " + leader + "): "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @AfterAll
    void stopTopology() {
        for (ServicesNode s : services) {
            s.close();
        }
        if (topology != null) {
            topology.close();
        }
        figures.forEach(System.out::println);
    }

    @Test
    @Order(1)
    void rollingRestartKeepsHealthCapacityAndUniqueHosts() {
        // 4 instances, at least ceil(0.75 × 4) = 3 healthy, at most floor(1.5 × 4) = 6 live
        create("/rolling", 4, 0.75, 0.5, "");
        // UNIQUE on two agents: room for no extra instance, so it goes one at a time: at least 1 healthy, at most 2
        create("/unique", 2, 0.5, 0.0, ", \"constraints\": [[\"hostname\", \"UNIQUE\"]]");
        awaitSettled("/rolling", 4);
        awaitSettled("/unique", 2);
        Map<String, Set<String>> before = Map.of("/rolling", liveTasks("/rolling").keySet(), "/unique",
                liveTasks("/unique").keySet());
        assertThat(new HashSet<>(liveTasks("/unique").values())).as("agents of /unique's tasks").hasSize(2);

        String rollingVersion = restart("/rolling");
        String uniqueVersion = restart("/unique");
        Bounds rolling = new Bounds("/rolling", 3, 6);
        Bounds unique = new Bounds("/unique", 1, 2);
        await("both rolling restarts done").atMost(SETTLE).pollInterval(Duration.ofMillis(100)).until(() -> {
            rolling.sample();
            unique.sample();
            return settledAt("/rolling", 4, rollingVersion) && settledAt("/unique", 2, uniqueVersion);
        });
        figures.add("rolling restart: " + rolling + "; " + unique);
        assertThat(rolling.violations).as("bounds of /rolling").isEmpty();
        assertThat(unique.violations).as("bounds and UNIQUE of /unique").isEmpty();
        // the samples saw the deployments in flight: /rolling over capacity, /unique down to one healthy instance
        assertThat(rolling.highestLive).as("most live tasks of /rolling seen").isGreaterThan(4);
        assertThat(unique.lowestHealthy).as("fewest healthy instances of /unique seen").isEqualTo(1);
        for (String app : List.of("/rolling", "/unique")) {
            assertThat(liveTasks(app).keySet()).as("every task of " + app + " replaced").doesNotContainAnyElementsOf(
                    before.get(app));
        }
        assertThat(new HashSet<>(liveTasks("/unique").values())).as("agents of /unique's new tasks").hasSize(2);
    }

    @Test
    @Order(2)
    void killingTheServicesLeaderMidDeploymentLosesNothingAndLaunchesNoDuplicate() {
        create("/steady", 3, 1.0, 1.0, "");
        create("/moving", 2, 1.0, 1.0, "");
        awaitSettled("/steady", 3);
        awaitSettled("/moving", 2);
        ServicesNode leader = awaitServicesLeader(List.of());
        MasterState.Framework framework = marathon().orElseThrow();
        Set<String> apps = appIds(leader);
        Set<String> steady = liveTasks("/steady").keySet();
        Set<String> movingBefore = liveTasks("/moving").keySet();

        // a restart of /moving: two new instances, healthy first, then the old ones go; stored before the answer
        Map<String, Object> change = JsonTree.object(call(leader, "PUT", "/v2/apps/moving",
                "{\"env\": {\"ROUND\": \"2\"}}", 200).body());
        String deployment = (String) change.get("deploymentId");
        String version = (String) change.get("version");
        leader.kill9();
        long killed = System.nanoTime();

        ServicesNode next = awaitServicesLeader(List.of(leader));
        figures.add("services leader " + leader + " killed mid-deployment: " + next + " leads after "
                + (System.nanoTime() - killed) / 1_000_000 + " ms");
        assertThat(JsonTree.object(call(next, "GET", "/v2/info", null, 200).body()).get("frameworkId"))
                .as("framework id on the new leader").isEqualTo(framework.id());
        assertThat(appIds(next)).as("apps on the new leader").isEqualTo(apps);
        await("deployment " + deployment + " finished under " + next).atMost(SETTLE)
                .pollInterval(Duration.ofMillis(200)).until(() -> !deploymentIds(next).contains(deployment)
                        && settledAt("/moving", 2, version));

        List<MasterState.Framework> marathons = frameworksNamedMarathon();
        assertThat(marathons).as("frameworks named marathon on the master").hasSize(1);
        assertThat(marathons.get(0).id()).isEqualTo(framework.id());
        assertThat(marathons.get(0).active()).as("framework active again").isTrue();
        assertThat(liveTasks("/steady").keySet()).as("/steady's tasks after the failover").isEqualTo(steady);
        assertThat(everTasks("/steady")).as("tasks the master ever had for /steady").isEqualTo(steady);
        Set<String> movingAfter = liveTasks("/moving").keySet();
        assertThat(movingAfter).hasSize(2).doesNotContainAnyElementsOf(movingBefore);
        assertThat(taskIds(next, "/moving")).as("the new leader's tasks of /moving").isEqualTo(movingAfter);
        // the two old tasks and the two that replaced them: a launch repeated by the new leader would add more
        assertThat(everTasks("/moving")).as("tasks the master ever had for /moving").hasSize(4);

        leader.start(); // back as a follower for the next test
        await("the restarted instance follows " + next).atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> leader.leader().filter(next.hostPort()::equals).isPresent());
    }

    @Test
    @Order(3)
    void anAgentThatDiesHasItsInstancesReplacedOnTheOther() {
        create("/survivor", 3, 1.0, 1.0, "");
        awaitSettled("/survivor", 3);
        Map<String, String> placed = liveTasks("/survivor");
        Map<String, Long> perAgent = placed.values().stream().collect(Collectors.groupingBy(a -> a,
                Collectors.counting()));
        String doomedId = perAgent.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        AgentNode doomed = topology.agents().stream().filter(a -> a.id().orElse("").equals(doomedId)).findFirst()
                .orElseThrow();
        String otherId = topology.agents().stream().filter(a -> a != doomed).findFirst().orElseThrow().id()
                .orElseThrow();
        Set<String> lost = placed.entrySet().stream().filter(e -> e.getValue().equals(doomedId))
                .map(Map.Entry::getKey).collect(Collectors.toSet());

        // the machine dies: the agent and its tasks
        List<ProcessHandle> tasks = doomed.handle().orElseThrow().descendants().toList();
        doomed.kill9();
        tasks.forEach(ProcessHandle::destroyForcibly);
        long killed = System.nanoTime();

        await("/survivor back to 3 instances, all on " + otherId).atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Map<String, String> live = liveTasks("/survivor");
                    return live.size() == 3 && live.values().stream().allMatch(otherId::equals)
                            && settledAt("/survivor", 3, null);
                });
        figures.add("agent " + doomed + " killed with " + lost.size() + " of /survivor's instances: replaced on "
                + otherId + " after " + (System.nanoTime() - killed) / 1_000_000 + " ms");
        Map<String, String> states = allTasks("/survivor");
        for (String id : lost) {
            assertThat(states.get(id)).as("master's state of lost task " + id).isIn("TASK_LOST", "TASK_UNREACHABLE",
                    "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_UNKNOWN", "TASK_DROPPED");
        }
        assertThat(liveTasks("/survivor").keySet()).containsAll(placed.keySet().stream()
                .filter(id -> !lost.contains(id)).toList());
    }

    /** Samples one app during a deployment: healthy instances (services API) and live tasks (master). */
    private final class Bounds {
        final String app;
        final int minHealthy;
        final int maxLive;
        final List<String> violations = new ArrayList<>();
        int samples;
        int lowestHealthy = Integer.MAX_VALUE;
        int highestLive;

        Bounds(String app, int minHealthy, int maxLive) {
            this.app = app;
            this.minHealthy = minHealthy;
            this.maxLive = maxLive;
        }

        void sample() {
            Optional<Map<String, Object>> a = app(app);
            Map<String, String> live = liveTasks(app);
            if (a.isEmpty()) {
                return;
            }
            samples++;
            int healthy = ((Number) a.get().get("tasksHealthy")).intValue();
            lowestHealthy = Math.min(lowestHealthy, healthy);
            highestLive = Math.max(highestLive, live.size());
            if (healthy < minHealthy) {
                violations.add(app + ": " + healthy + " healthy < " + minHealthy);
            }
            if (live.size() > maxLive) {
                violations.add(app + ": " + live.size() + " live tasks on the master > " + maxLive + ": " + live);
            }
            if (app.equals("/unique") && new HashSet<>(live.values()).size() < live.size()) {
                violations.add(app + ": two live tasks on one agent: " + live);
            }
        }

        @Override
        public String toString() {
            return app + " " + samples + " samples, healthy ≥ " + lowestHealthy + " (bound " + minHealthy
                    + "), live ≤ " + highestLive + " (bound " + maxLive + ")";
        }
    }

    private void create(String id, int instances, double minHealth, double maxOver, String extra) {
        String json = "{\"id\": \"" + id + "\", \"cmd\": \"" + CMD + "\", \"cpus\": 0.1, \"mem\": 16, \"instances\": "
                + instances + ", \"healthChecks\": " + HEALTH + ", \"upgradeStrategy\": {\"minimumHealthCapacity\": "
                + minHealth + ", \"maximumOverCapacity\": " + maxOver + "}" + extra + "}";
        call(awaitServicesLeader(List.of()), "POST", "/v2/apps", json, 201);
    }

    private String restart(String id) {
        return (String) JsonTree.object(call(awaitServicesLeader(List.of()), "POST", "/v2/apps" + id + "/restart",
                null, 200).body()).get("version");
    }

    private void awaitSettled(String id, int instances) {
        await(id + " with " + instances + " healthy instances").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> settledAt(id, instances, null));
    }

    /** No deployment, {@code instances} healthy on the services leader and as many live tasks on the master. */
    private boolean settledAt(String id, int instances, String version) {
        Optional<Map<String, Object>> a = app(id);
        if (a.isEmpty() || !((List<?>) a.get().get("deployments")).isEmpty()
                || ((Number) a.get().get("tasksHealthy")).intValue() != instances
                || version != null && !version.equals(a.get().get("version"))) {
            return false;
        }
        return liveTasks(id).size() == instances;
    }

    /** The app as the leading services instance has it, or empty when none leads or answers. */
    private Optional<Map<String, Object>> app(String id) {
        for (ServicesNode s : services) {
            if (s.leading()) {
                return s.get("/v2/apps" + id).filter(r -> r.statusCode() == 200)
                        .map(r -> asMap(JsonTree.object(r.body()).get("app")));
            }
        }
        return Optional.empty();
    }

    private ServicesNode awaitServicesLeader(Collection<ServicesNode> excluded) {
        return await("a leading services instance" + (excluded.isEmpty() ? "" : " other than " + excluded))
                .atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                .until(() -> services.stream().filter(s -> !excluded.contains(s) && s.leading()).toList(),
                        l -> l.size() == 1).get(0);
    }

    private static HttpResponse<String> call(ServicesNode s, String method, String path, String json, int expected) {
        HttpResponse<String> r = s.send(method, path, json).orElseThrow(() -> new AssertionError(
                s + " did not answer " + method + " " + path));
        assertThat(r.statusCode()).as(method + " " + path + " on " + s + ": " + r.body()).isEqualTo(expected);
        return r;
    }

    private static Set<String> appIds(ServicesNode s) {
        List<?> apps = (List<?>) JsonTree.object(call(s, "GET", "/v2/apps", null, 200).body()).get("apps");
        return apps.stream().map(a -> (String) asMap(a).get("id")).collect(Collectors.toSet());
    }

    private static Set<String> taskIds(ServicesNode s, String app) {
        List<?> tasks = (List<?>) JsonTree.object(call(s, "GET", "/v2/apps" + app + "/tasks", null, 200).body())
                .get("tasks");
        return tasks.stream().map(t -> (String) asMap(t).get("id")).collect(Collectors.toSet());
    }

    private static Set<String> deploymentIds(ServicesNode s) {
        return s.get("/v2/deployments").filter(r -> r.statusCode() == 200)
                .map(r -> ((List<?>) JsonTree.parse(r.body())).stream().map(d -> (String) asMap(d).get("id"))
                        .collect(Collectors.toSet()))
                .orElse(Set.of("(no answer)"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    private MasterState masterState() {
        MasterNode m = topology.masters().get(0);
        return m.state().orElseThrow(() -> new AssertionError(m + " does not answer /master/state"));
    }

    private Optional<MasterState.Framework> marathon() {
        return frameworksNamedMarathon().stream().findFirst();
    }

    private List<MasterState.Framework> frameworksNamedMarathon() {
        return masterState().frameworks().stream().filter(f -> f.name().equals("marathon")).toList();
    }

    /** The app's tasks the master has in a live state: task id to agent id. */
    private Map<String, String> liveTasks(String app) {
        Map<String, String> live = new LinkedHashMap<>();
        tasksOf(app).stream().filter(t -> LIVE.contains(t.state())).forEach(t -> live.put(t.id(), t.agentId()));
        return live;
    }

    /** Every task of the app the master knows (live, unreachable, completed): task id to state. */
    private Map<String, String> allTasks(String app) {
        Map<String, String> all = new LinkedHashMap<>();
        tasksOf(app).forEach(t -> all.put(t.id(), t.state()));
        return all;
    }

    private Set<String> everTasks(String app) {
        return allTasks(app).keySet();
    }

    private List<MasterState.Task> tasksOf(String app) {
        String prefix = app.substring(1).replace('/', '_') + ".";
        return frameworksNamedMarathon().stream().flatMap(f -> f.tasks().stream())
                .filter(t -> t.id().startsWith(prefix)).toList();
    }

    private String report() {
        StringBuilder b = new StringBuilder(String.join("\n", figures)).append('\n');
        services.forEach(s -> b.append(s.logTail(60)));
        if (topology != null) {
            b.append(topology.logTail(40));
        }
        return b.toString();
    }
}
