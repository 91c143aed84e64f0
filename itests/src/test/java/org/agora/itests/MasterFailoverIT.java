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
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.Agent;
import org.agora.agent.internal.AgentComponent;
import org.agora.agent.internal.master.MasterLink;
import org.agora.master.internal.MasterComponent;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.agent.AgentState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two masters and an agent, in-process, against a real ZooKeeper and over real HTTP and WebSockets: the agent follows
 * the leader, keeps its id across a master failover (the new leader knows it from the registry), and a follower
 * redirects to the leader.
 */
class MasterFailoverIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path workDir;

    private ZooKeeperCluster cluster;

    @BeforeEach
    void startZooKeeper() throws Exception {
        cluster = ZooKeeperCluster.start();
    }

    @AfterEach
    void stopEverything() throws Exception {
        cluster.close();
    }

    private MasterComponent master() {
        return cluster.master();
    }

    private AgentComponent agent(Path dir) {
        return cluster.agent(dir, "cpus:2;mem:1024;disk:1000;ports:[31000-31010]");
    }

    private static MasterSnapshot snapshot(MasterComponent m) throws Exception {
        return m.snapshot().get(5, TimeUnit.SECONDS);
    }

    private static Agent.AgentSnapshot snapshot(AgentComponent a) throws Exception {
        return a.call(Agent::snapshot).get(5, TimeUnit.SECONDS);
    }

    private static void awaitLeading(MasterComponent m) {
        InProcessCluster.awaitLeading(m);
    }

    private static String registeredAgentId(MasterComponent m) throws Exception {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> snapshot(m).agents().stream()
                .anyMatch(a -> a.state() == AgentState.ACTIVE));
        return snapshot(m).agents().get(0).id();
    }

    @Test
    void agentKeepsItsIdWhenLeadershipMovesToAnotherMaster() throws Exception {
        MasterComponent first = master();
        awaitLeading(first);
        MasterComponent second = master();
        AgentComponent agent = agent(workDir);

        String id = registeredAgentId(first);
        assertThat(snapshot(second).leading()).isFalse();

        first.stop();
        awaitLeading(second);
        assertThat(registeredAgentId(second)).isEqualTo(id);
        String secondId = snapshot(second).self().getId();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> snapshot(agent).master()
                .map(m -> m.getId().equals(secondId)).orElse(false));
        assertThat(snapshot(agent).linkState()).isEqualTo(MasterLink.State.REGISTERED);
        assertThat(Files.readString(workDir.resolve("meta/slaves/latest")).trim()).isEqualTo(id);
    }

    @Test
    void aFollowerRedirectsApiCallsToTheLeader() throws Exception {
        MasterComponent leader = master();
        awaitLeading(leader);
        MasterComponent follower = master();
        int leaderPort = snapshot(leader).self().getPort();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> snapshot(follower) != null);
        int followerPort = snapshot(follower).self().getPort();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> snapshot(follower).leader()
                .map(l -> l.getPort() == leaderPort).orElse(false));

        HttpResponse<String> api = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + followerPort
                + "/api/v1")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"GET_AGENTS\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(307);
        assertThat(api.headers().firstValue("Location")).hasValue("//localhost:" + leaderPort + "/api/v1");

        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + followerPort
                + "/api/v1")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"GET_HEALTH\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as("a follower answers for itself").isEqualTo(200);
    }

    @Test
    void anAgentWithAnIdTheMasterDoesNotKnowRegistersAfresh() throws Exception {
        Files.createDirectories(workDir.resolve("meta/slaves"));
        Files.writeString(workDir.resolve("meta/slaves/latest"), "from-another-cluster-S7\n");
        MasterComponent master = master();
        awaitLeading(master);
        agent(workDir);

        String id = registeredAgentId(master);
        assertThat(id).isNotEqualTo("from-another-cluster-S7").startsWith(snapshot(master).self().getId() + "-S");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(workDir.resolve("meta/slaves/latest"))
                .trim().equals(id));
    }

    @Test
    void anAgentThatStopsHeartbeatingBecomesUnreachable() throws Exception {
        MasterComponent master = master();
        awaitLeading(master);
        AgentComponent agent = agent(workDir);
        String id = registeredAgentId(master);

        agent.stop();

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> snapshot(master).agents().stream()
                .anyMatch(a -> a.id().equals(id) && a.state() == AgentState.UNREACHABLE));
    }

    private static HttpResponse<String> post(int port, String path, String json, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCallOnAStreamFromBeforeTheFailoverIsRefusedByTheNewLeader() throws Exception {
        MasterComponent first = master();
        awaitLeading(first);
        MasterComponent second = master();
        int firstPort = snapshot(first).self().getPort();
        ProbeScheduler old = new ProbeScheduler("127.0.0.1:" + firstPort, org.agora.api.v1.Protos.FrameworkInfo
                .newBuilder().setName("old").setUser("nobody").setFailoverTimeout(3600).build());
        String frameworkId = old.frameworkId().getValue();
        String oldStream = old.streamId();

        first.stop();
        awaitLeading(second);
        int port = snapshot(second).self().getPort();
        String reconcile = "{\"type\":\"RECONCILE\",\"framework_id\":{\"value\":\"" + frameworkId
                + "\"},\"reconcile\":{}}";

        HttpResponse<String> unknown = post(port, "/api/v1/scheduler", reconcile, "Mesos-Stream-Id", oldStream);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("Framework " + frameworkId + " is not subscribed");

        try (ProbeScheduler again = new ProbeScheduler("127.0.0.1:" + port, org.agora.api.v1.Protos.FrameworkInfo
                .newBuilder().setName("old").setUser("nobody").setFailoverTimeout(3600)
                .setId(old.frameworkId()).build())) {
            assertThat(again.frameworkId()).isEqualTo(old.frameworkId());
            HttpResponse<String> stale = post(port, "/api/v1/scheduler", reconcile, "Mesos-Stream-Id", oldStream);
            assertThat(stale.statusCode()).isEqualTo(400);
            assertThat(stale.body()).contains("didn't match the stream ID currently associated");
        } finally {
            old.abandon();
        }
    }

    @Test
    void aWeightsCallTooLargeForTheRegistryIsRefusedAndTheLeaderKeepsLeading() throws Exception {
        MasterComponent leader = master();
        awaitLeading(leader);
        MasterSnapshot before = snapshot(leader);
        StringBuilder json = new StringBuilder("{\"type\":\"UPDATE_WEIGHTS\",\"update_weights\":{\"weight_infos\":[");
        for (int i = 0; i < 70_000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"role\":\"role-").append(i).append("\",\"weight\":2.5}");
        }
        json.append("]}}");

        HttpResponse<String> big = post(before.self().getPort(), "/api/v1", json.toString());
        HttpResponse<String> small = post(before.self().getPort(), "/api/v1",
                "{\"type\":\"UPDATE_WEIGHTS\",\"update_weights\":{\"weight_infos\":[{\"role\":\"a\",\"weight\":2}]}}");

        assertThat(big.statusCode()).isEqualTo(400);
        assertThat(big.body()).contains("at most 1000 may be changed in one call");
        assertThat(small.statusCode()).isEqualTo(200);
        MasterSnapshot after = snapshot(leader);
        assertThat(after.leading()).isTrue();
        assertThat(after.electedTime()).as("never lost the leadership").isEqualTo(before.electedTime());
        assertThat(after.weights()).containsOnlyKeys("a");
    }

    @Test
    void theMaintenanceScheduleAndDownMachinesOutliveTheLeader() throws Exception {
        MasterComponent first = master();
        awaitLeading(first);
        MasterComponent second = master();
        int firstPort = snapshot(first).self().getPort();
        // a machine is a hostname and the address its agent connects from: these two agents' are 127.0.0.1
        cluster.agent(workDir.resolve("a"), "cpus:1;mem:256", "rack1-a");
        cluster.agent(workDir.resolve("b"), "cpus:1;mem:256", "rack1-b");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> snapshot(first).agents().stream()
                .filter(a -> a.state() == AgentState.ACTIVE).count() == 2);
        String machines = "[{\"hostname\":\"rack1-a\",\"ip\":\"127.0.0.1\"},{\"hostname\":\"rack1-b\","
                + "\"ip\":\"127.0.0.1\"}]";
        String window = "{\"type\":\"UPDATE_MAINTENANCE_SCHEDULE\",\"update_maintenance_schedule\":{\"schedule\":"
                + "{\"windows\":[{\"machine_ids\":" + machines + ",\"unavailability\":{\"start\":{\"nanoseconds\":"
                + "1796090400000000000}}}]}}}";
        assertThat(post(firstPort, "/api/v1", window).statusCode()).isEqualTo(200);
        assertThat(post(firstPort, "/machine/down", "[{\"hostname\":\"rack1-a\",\"ip\":\"127.0.0.1\"}]")
                .statusCode()).isEqualTo(200);

        first.stop();
        awaitLeading(second);
        int secondPort = snapshot(second).self().getPort();

        HttpResponse<String> schedule = post(secondPort, "/api/v1", "{\"type\":\"GET_MAINTENANCE_SCHEDULE\"}");
        assertThat(schedule.statusCode()).isEqualTo(200);
        assertThat(schedule.body()).contains("rack1-a").contains("rack1-b").contains("1796090400000000000");
        HttpResponse<String> status = post(secondPort, "/api/v1", "{\"type\":\"GET_MAINTENANCE_STATUS\"}");
        Object tree = org.agora.api.json.JsonTree.parse(status.body());
        assertThat(String.valueOf(((java.util.Map<?, ?>) ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) tree)
                .get("get_maintenance_status")).get("status")).get("down_machines")))
                .isEqualTo("[{hostname=rack1-a, ip=127.0.0.1}]");
        assertThat(status.body()).contains("rack1-b");
    }
}
