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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.AgentComponent;
import org.agora.api.json.JsonTree;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.InverseOffer;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.master.internal.MasterComponent;
import org.agora.master.internal.agent.AgentSnapshot;
import org.agora.scheduler.client.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance with a real master, agent and framework over HTTP: a window on the agent's machine brings the framework
 * an inverse offer whose answer shows in the status; START_MAINTENANCE takes the agent down (its task is lost) and
 * keeps it out; {@code /machine/up} lets it register again.
 */
class MaintenanceIT {
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

    private List<AgentSnapshot> agents() throws Exception {
        return master.snapshot().get(5, TimeUnit.SECONDS).agents();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + path))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET_MAINTENANCE_STATUS's status, as JSON. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> status() throws Exception {
        HttpResponse<String> r = post("/api/v1", "{\"type\":\"GET_MAINTENANCE_STATUS\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Object> answer = (Map<String, Object>) JsonTree.parse(r.body());
        assertThat(answer.get("type")).isEqualTo("GET_MAINTENANCE_STATUS");
        return (Map<String, Object>) ((Map<String, Object>) answer.get("get_maintenance_status")).get("status");
    }

    private static String machine(String hostname) {
        return "{\"hostname\":\"" + hostname + "\",\"ip\":\"127.0.0.1\"}";
    }

    private static String schedule(String machine, long durationNanos) {
        long start = Instant.now().plusSeconds(3600).toEpochMilli() * 1_000_000L;
        return "{\"type\":\"UPDATE_MAINTENANCE_SCHEDULE\",\"update_maintenance_schedule\":{\"schedule\":{\"windows\":"
                + "[{\"machine_ids\":[" + machine + "],\"unavailability\":{\"start\":{\"nanoseconds\":" + start
                + "},\"duration\":{\"nanoseconds\":" + durationNanos + "}}}]}}}";
    }

    @Test
    void aWindowBringsAnInverseOfferAndStartingMaintenanceTakesTheAgentDownUntilItIsUp() throws Exception {
        AgentSnapshot before = agents().get(0);
        // the master sees an in-process agent at 127.0.0.1; a machine is its hostname and that address
        String host = machine(before.info().getHostname());
        try (Framework f = new Framework(address, ContentType.JSON)) {
            f.client.subscribe(Framework.info("maintenance").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            f.client.launch(List.of(o.getId()), List.of(TaskInfo.newBuilder().setName("sleeper")
                    .setTaskId(TaskID.newBuilder().setValue("sleeper")).setAgentId(o.getAgentId())
                    .addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                    .setCommand(CommandInfo.newBuilder().setValue("sleep 300")).build()),
                    Filters.newBuilder().setRefuseSeconds(0).build());
            await().atMost(Framework.patience()).until(() -> f.state("sleeper") == TaskState.TASK_RUNNING);

            HttpResponse<String> backwards = post("/api/v1", schedule(host, -1));
            assertThat(backwards.statusCode()).isEqualTo(400);
            assertThat(backwards.body()).contains("'schedule.windows[0].unavailability.duration' is negative");
            HttpResponse<String> unscheduled = post("/api/v1", "{\"type\":\"START_MAINTENANCE\",\"start_maintenance\""
                    + ":{\"machines\":[" + host + "]}}");
            assertThat(unscheduled.statusCode()).isEqualTo(400);
            assertThat(unscheduled.body()).contains("is not in the maintenance schedule");

            HttpResponse<String> scheduled = post("/api/v1", schedule(host, 3_600_000_000_000L));
            assertThat(scheduled.statusCode()).as(scheduled.body()).isEqualTo(200);

            await().atMost(Framework.patience()).until(() -> !f.inverseOffers.isEmpty());
            InverseOffer inverse = f.inverseOffers.get(0);
            assertThat(inverse.getAgentId().getValue()).isEqualTo(before.id());
            assertThat(inverse.getUnavailability().getDuration().getNanoseconds()).isEqualTo(3_600_000_000_000L);
            f.client.call(Call.newBuilder().setType(Call.Type.ACCEPT_INVERSE_OFFERS).setAcceptInverseOffers(
                    Call.AcceptInverseOffers.newBuilder().addInverseOfferIds(inverse.getId())).build())
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> String.valueOf(status().get("draining_machines"))
                    .contains("status=ACCEPT"));
            assertThat(get("/maintenance/schedule").body()).contains(before.info().getHostname().toLowerCase());

            HttpResponse<String> down = post("/machine/down", "[" + host + "]");
            assertThat(down.statusCode()).as(down.body()).isEqualTo(200);

            await().atMost(Framework.patience()).until(() -> f.state("sleeper") == TaskState.TASK_LOST);
            assertThat(f.last("sleeper").getReason()).isEqualTo(TaskStatus.Reason.REASON_AGENT_REMOVED);
            assertThat(agents()).isEmpty();
            assertThat(String.valueOf(status().get("down_machines"))).contains("127.0.0.1");
            // the agent keeps trying; the master keeps refusing while the machine is DOWN
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> agents().isEmpty());

            HttpResponse<String> up = post("/api/v1", "{\"type\":\"STOP_MAINTENANCE\",\"stop_maintenance\":"
                    + "{\"machines\":[" + host + "]}}");
            assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> agents().size() == 1);
            assertThat(agents().get(0).id()).isNotEqualTo(before.id());
            assertThat(get("/maintenance/status").body()).doesNotContain("127.0.0.1");
        }
    }
}
