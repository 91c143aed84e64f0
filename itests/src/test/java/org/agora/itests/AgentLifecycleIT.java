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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.AgentComponent;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.master.internal.MasterComponent;
import org.agora.master.internal.agent.AgentSnapshot;
import org.agora.scheduler.client.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator calls on agents (drain, deactivate, mark gone) with a real master, agent and framework. */
class AgentLifecycleIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path workDir;

    private MasterComponent master;
    private AgentComponent agent;
    private String address;

    @BeforeEach
    void start() throws Exception {
        master = InProcessCluster.leadingMaster();
        address = InProcessCluster.address(master);
        agent = InProcessCluster.agent(Optional.empty(), Optional.of(address), workDir, "cpus:2;mem:1024;disk:100");
        InProcessCluster.awaitAgents(master, 1);
    }

    @AfterEach
    void stop() {
        agent.stop();
        master.stop();
    }

    private AgentSnapshot theAgent() throws Exception {
        return master.snapshot().get(5, TimeUnit.SECONDS).agents().get(0);
    }

    private HttpResponse<String> operator(String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + "/api/v1"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String readQuietly(Path p) {
        try {
            return java.nio.file.Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private Framework runningSleep(String id, FrameworkInfo.Capability.Type... caps) throws Exception {
        Framework f = new Framework(address, ContentType.JSON);
        FrameworkInfo.Builder info = Framework.info("lifecycle-" + id);
        for (var c : caps) {
            info.addCapabilities(FrameworkInfo.Capability.newBuilder().setType(c));
        }
        f.client.subscribe(info.build()).get(10, TimeUnit.SECONDS);
        Offer o = f.offer();
        f.client.launch(List.of(o.getId()), List.of(TaskInfo.newBuilder().setName(id)
                .setTaskId(TaskID.newBuilder().setValue(id)).setAgentId(o.getAgentId())
                .addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                .setCommand(CommandInfo.newBuilder().setValue("sleep 300")).build()),
                Filters.newBuilder().setRefuseSeconds(0).build());
        await().atMost(Framework.patience()).until(() -> f.state(id) == TaskState.TASK_RUNNING);
        return f;
    }

    @Test
    void drainingKillsEveryTaskAndLeavesTheAgentDrained() throws Exception {
        try (Framework f = runningSleep("drained")) {
            String agentId = theAgent().id();
            HttpResponse<String> r = operator("{\"type\":\"DRAIN_AGENT\",\"drain_agent\":{\"agent_id\":{\"value\":\""
                    + agentId + "\"},\"max_grace_period\":{\"seconds\":1}}}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

            await().atMost(Framework.patience()).until(() -> f.state("drained") == TaskState.TASK_KILLED);
            await().atMost(Duration.ofSeconds(10)).until(() -> theAgent().drain()
                    .map(d -> d.getState().name().equals("DRAINED")).orElse(false));
            assertThat(theAgent().deactivated()).isTrue();
        }
    }

    @Test
    void aDeactivatedAgentGetsNoOffersUntilReactivated() throws Exception {
        String agentId = theAgent().id();
        assertThat(operator("{\"type\":\"DEACTIVATE_AGENT\",\"deactivate_agent\":{\"agent_id\":{\"value\":\""
                + agentId + "\"}}}").statusCode()).isEqualTo(200);
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("deactivated").build()).get(10, TimeUnit.SECONDS);
            assertThat(f.offers.poll(1, TimeUnit.SECONDS)).as("an offer from a deactivated agent").isNull();

            assertThat(operator("{\"type\":\"REACTIVATE_AGENT\",\"reactivate_agent\":{\"agent_id\":{\"value\":\""
                    + agentId + "\"}}}").statusCode()).isEqualTo(200);
            assertThat(f.offer().getAgentId().getValue()).isEqualTo(agentId);
        }
    }

    @Test
    void markingAnAgentGoneEndsItsTasksGoneByOperatorAndRefusesItsReturn() throws Exception {
        try (Framework f = runningSleep("gone", FrameworkInfo.Capability.Type.PARTITION_AWARE)) {
            String agentId = theAgent().id();
            assertThat(operator("{\"type\":\"MARK_AGENT_GONE\",\"mark_agent_gone\":{\"agent_id\":{\"value\":\""
                    + agentId + "\"}}}").statusCode()).isEqualTo(200);

            await().atMost(Framework.patience()).until(() -> f.state("gone") == TaskState.TASK_GONE_BY_OPERATOR);
            assertThat(master.snapshot().get().agents()).noneMatch(a -> a.id().equals(agentId));
            // the agent killed its tasks, forgot its id and joined again as a new agent
            await().atMost(Duration.ofSeconds(20)).until(() -> master.snapshot().get().agents().stream()
                    .anyMatch(a -> !a.id().equals(agentId)));
            try (var sandboxes = java.nio.file.Files.walk(workDir)) {
                assertThat(sandboxes.filter(p -> p.getFileName().toString().equals("latest")
                        && p.getParent().getFileName().toString().equals("slaves")).findFirst()
                        .map(p -> readQuietly(p)).orElse("")).doesNotContain(agentId);
            }
        }
        // an agent the master does not know is a 404 that names it
        var unknown = operator("{\"type\":\"MARK_AGENT_GONE\",\"mark_agent_gone\":{\"agent_id\":"
                + "{\"value\":\"nope\"}}}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("Agent nope is unknown to this master");
    }
}
