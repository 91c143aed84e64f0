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
import java.util.concurrent.TimeUnit;
import org.agora.allocator.drf.internal.DrfAllocator;
import org.agora.api.json.ProtoJson;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.master.Protos.Response;
import org.agora.master.internal.MasterComponent;
import org.agora.scheduler.client.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's role calls (weights, quota, reservations) against a master with the DRF allocator and a real
 * ZooKeeper: what is acknowledged is in the registry (a newly elected master has it), bad input is refused with a
 * message naming the field and changes nothing, and reservations reach offers only for their role.
 */
class RolesAndReservationsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String AGENT_RESOURCES = "cpus:4;mem:4096;disk:1000;ports:[31000-31010]";

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
        MasterComponent m = cluster.master();
        m.useAllocator(DrfAllocator.withDefaults(System::nanoTime));
        InProcessCluster.awaitLeading(m);
        return m;
    }

    private void agent() {
        cluster.agent(workDir, AGENT_RESOURCES);
    }

    private static HttpResponse<String> call(MasterComponent m, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + InProcessCluster.address(m) + "/api/v1"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Response get(MasterComponent m, String type) throws Exception {
        HttpResponse<String> r = call(m, "{\"type\":\"" + type + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ProtoJson.parse(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8), Response.newBuilder())
                .build();
    }

    private static Map<String, Double> weights(MasterComponent m) throws Exception {
        Map<String, Double> w = new java.util.TreeMap<>();
        get(m, "GET_WEIGHTS").getGetWeights().getWeightInfosList().forEach(i -> w.put(i.getRole(), i.getWeight()));
        return w;
    }

    private static String agentId(MasterComponent m) throws Exception {
        InProcessCluster.awaitAgents(m, 1);
        return m.snapshot().get(5, TimeUnit.SECONDS).agents().get(0).id();
    }

    private static Resources agentTotal(MasterComponent m) throws Exception {
        return Resources.of(get(m, "GET_AGENTS").getGetAgents().getAgents(0).getTotalResourcesList());
    }

    private static String reservation(String call, String agentId, String role, double cpus) {
        String field = call.toLowerCase();
        return "{\"type\":\"" + call + "\",\"" + field + "\":{\"agent_id\":{\"value\":\"" + agentId + "\"},"
                + "\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":" + cpus + "},"
                + "\"reservations\":[{\"type\":\"DYNAMIC\",\"role\":\"" + role + "\"}]}]}}";
    }

    @Test
    void weightsQuotaAndReservationsAreInTheRegistryForTheNextLeader() throws Exception {
        MasterComponent first = master();
        agent();
        String agentId = agentId(first);
        assertThat(call(first, "{\"type\":\"UPDATE_WEIGHTS\",\"update_weights\":{\"weight_infos\":["
                + "{\"role\":\"a\",\"weight\":1.0},{\"role\":\"b\",\"weight\":2.5}]}}").statusCode()).isEqualTo(200);
        assertThat(call(first, "{\"type\":\"UPDATE_QUOTA\",\"update_quota\":{\"quota_configs\":[{\"role\":\"b\","
                + "\"guarantees\":{\"cpus\":{\"value\":1}},\"limits\":{\"cpus\":{\"value\":3}}}]}}").statusCode())
                .isEqualTo(200);
        assertThat(call(first, reservation("RESERVE_RESOURCES", agentId, "b", 1.5)).statusCode()).isEqualTo(202);
        assertThat(agentTotal(first).reserved("b").scalar("cpus")).isEqualTo(1.5);
        assertThat(agentTotal(first).unreserved().scalar("cpus")).isEqualTo(2.5);

        first.stop();
        MasterComponent second = master();
        assertThat(weights(second)).containsEntry("a", 1.0).containsEntry("b", 2.5);
        var quota = get(second, "GET_QUOTA").getGetQuota().getStatus().getConfigsList();
        assertThat(quota).hasSize(1);
        assertThat(quota.get(0).getRole()).isEqualTo("b");
        assertThat(quota.get(0).getLimitsMap().get("cpus").getValue()).isEqualTo(3.0);
        InProcessCluster.awaitAgents(second, 1);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> agentTotal(second).reserved("b").scalar("cpus") == 1.5);
        var roles = get(second, "GET_ROLES").getGetRoles().getRolesList();
        assertThat(roles).anySatisfy(r -> {
            assertThat(r.getName()).isEqualTo("b");
            assertThat(r.getWeight()).isEqualTo(2.5);
        });

        // and it can be undone, with the same persistence
        assertThat(call(second, reservation("UNRESERVE_RESOURCES", agentId, "b", 1.5)).statusCode())
                .isEqualTo(202);
        assertThat(call(second, "{\"type\":\"REMOVE_QUOTA\",\"remove_quota\":{\"role\":\"b\"}}").statusCode())
                .isEqualTo(200);
        second.stop();
        MasterComponent third = master();
        assertThat(get(third, "GET_QUOTA").getGetQuota().getStatus().getConfigsList()).isEmpty();
        InProcessCluster.awaitAgents(third, 1);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> agentTotal(third).unreserved().scalar("cpus") == 4.0);
        assertThat(agentTotal(third).reserved().isEmpty()).isTrue();
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() throws Exception {
        MasterComponent m = master();
        agent();
        String agentId = agentId(m);

        HttpResponse<String> negative = call(m, "{\"type\":\"UPDATE_WEIGHTS\",\"update_weights\":{\"weight_infos\":["
                + "{\"role\":\"a\",\"weight\":3.0},{\"role\":\"b\",\"weight\":-1.0}]}}");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).contains("weight_infos[1].weight");
        assertThat(weights(m)).doesNotContainKey("a");

        HttpResponse<String> badRole = call(m, "{\"type\":\"UPDATE_WEIGHTS\",\"update_weights\":{\"weight_infos\":["
                + "{\"role\":\"a//b\",\"weight\":1.0}]}}");
        assertThat(badRole.statusCode()).isEqualTo(400);
        assertThat(badRole.body()).contains("weight_infos[0].role");

        String tooMuch = "{\"type\":\"UPDATE_QUOTA\",\"update_quota\":{%s\"quota_configs\":[{\"role\":\"q\","
                + "\"guarantees\":{\"cpus\":{\"value\":100}}}]}}";
        HttpResponse<String> aboveCapacity = call(m, tooMuch.formatted(""));
        assertThat(aboveCapacity.statusCode()).isEqualTo(400);
        assertThat(aboveCapacity.body()).contains("capacity").contains("cpus");
        assertThat(get(m, "GET_QUOTA").getGetQuota().getStatus().getConfigsCount()).isZero();
        assertThat(call(m, tooMuch.formatted("\"force\":true,")).statusCode()).isEqualTo(200);
        assertThat(get(m, "GET_QUOTA").getGetQuota().getStatus().getConfigsCount()).isEqualTo(1);

        HttpResponse<String> overLimit = call(m, "{\"type\":\"UPDATE_QUOTA\",\"update_quota\":{\"quota_configs\":["
                + "{\"role\":\"r\",\"guarantees\":{\"mem\":{\"value\":64}},\"limits\":{\"mem\":{\"value\":32}}}]}}");
        assertThat(overLimit.statusCode()).isEqualTo(400);
        assertThat(overLimit.body()).contains("guarantees['mem']").contains("limit");

        HttpResponse<String> lacking = call(m, reservation("RESERVE_RESOURCES", agentId, "b", 100));
        assertThat(lacking.statusCode()).isEqualTo(409);
        assertThat(lacking.body()).contains("reserve_resources.resources");
        HttpResponse<String> starRole = call(m, reservation("RESERVE_RESOURCES", agentId, "*", 1));
        assertThat(starRole.statusCode()).isEqualTo(400);
        assertThat(starRole.body()).contains("reserve_resources.resources[0]");
        HttpResponse<String> unknownAgent = call(m, reservation("RESERVE_RESOURCES", "no-such-agent", "b", 1));
        assertThat(unknownAgent.statusCode()).isEqualTo(400);
        assertThat(unknownAgent.body()).contains("reserve_resources.agent_id");
        HttpResponse<String> notReserved = call(m, reservation("UNRESERVE_RESOURCES", agentId, "b", 1));
        assertThat(notReserved.statusCode()).isEqualTo(409);
        assertThat(agentTotal(m).reserved().isEmpty()).isTrue();
    }

    @Test
    void reservedResourcesAreOfferedOnlyToTheirRoleAndFrameworksCanReserveWhatTheyAreOffered() throws Exception {
        MasterComponent m = master();
        agent();
        String agentId = agentId(m);
        assertThat(call(m, reservation("RESERVE_RESOURCES", agentId, "ops", 1)).statusCode()).isEqualTo(202);
        String address = InProcessCluster.address(m);
        try (Framework other = new Framework(address, ContentType.PROTOBUF);
                Framework ops = new Framework(address, ContentType.PROTOBUF)) {
            other.client.subscribe(Framework.info("other").clearRoles().addRoles("web").build())
                    .get(10, TimeUnit.SECONDS);
            Offer toOther = other.offer();
            assertThat(Resources.of(toOther.getResourcesList()).reserved().isEmpty()).isTrue();
            assertThat(Resources.of(toOther.getResourcesList()).scalar("cpus")).isEqualTo(3.0);

            ops.client.subscribe(Framework.info("ops").clearRoles().addRoles("ops").build())
                    .get(10, TimeUnit.SECONDS);
            // the other framework holds the unreserved part; once it gives it back, 'ops' sees both parts
            other.client.decline(List.of(toOther.getId()), Filters.newBuilder().setRefuseSeconds(3600).build())
                    .get(10, TimeUnit.SECONDS);
            Offer toOps = awaitOffer(ops, o -> Resources.of(o.getResourcesList()).scalar("cpus") == 4.0);
            Resources offered = Resources.of(toOps.getResourcesList());
            assertThat(offered.reserved("ops").scalar("cpus")).isEqualTo(1.0);

            // reserve one more cpu for 'ops' and launch a task on it in the same ACCEPT
            Resource more = Resource.newBuilder().setName("cpus").setType(org.agora.api.v1.Protos.Value.Type.SCALAR)
                    .setScalar(org.agora.api.v1.Protos.Value.Scalar.newBuilder().setValue(1))
                    .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("ops"))
                    .addReservations(Resource.ReservationInfo.newBuilder()
                            .setType(Resource.ReservationInfo.Type.DYNAMIC).setRole("ops")).build();
            Resource mem = Resources.parse("mem:32").withAllocationRole("ops").toList().get(0);
            TaskInfo task = TaskInfo.newBuilder().setName("on-reserved").setTaskId(TaskID.newBuilder()
                    .setValue("on-reserved")).setAgentId(toOps.getAgentId()).addResources(more).addResources(mem)
                    .setCommand(CommandInfo.newBuilder().setValue("sleep 300")).build();
            ops.client.accept(List.of(toOps.getId()), List.of(
                    Offer.Operation.newBuilder().setType(Offer.Operation.Type.RESERVE)
                            .setReserve(Offer.Operation.Reserve.newBuilder().addResources(more)).build(),
                    Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                            .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(task)).build()),
                    Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> ops.state("on-reserved") == TaskState.TASK_RUNNING);
            assertThat(agentTotal(m).reserved("ops").scalar("cpus")).isEqualTo(2.0);
            assertThat(m.snapshot().get(5, TimeUnit.SECONDS).frameworks().frameworks().stream()
                    .filter(f -> f.info().getName().equals("ops")).findFirst().orElseThrow().used()
                    .reserved("ops").scalar("cpus")).isEqualTo(1.0);
        }
        // the allocator's cycle timings are metrics under Mesos's names
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address
                + "/metrics/snapshot")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("\"allocator/drf/allocation_run_ms/p50\":",
                "\"allocator/drf/allocation_run_ms/p99\":", "\"master/slaves_active\":1")
                .containsPattern("\"master/cpus_total\":4(\\.0)?[,}]");
    }

    @Test
    void aReplacingAllocatorKeepsTheFiltersOfDeclinedOffers() throws Exception {
        MasterComponent m = cluster.master();
        DrfAllocator old = DrfAllocator.withDefaults(System::nanoTime);
        m.useAllocator(old);
        InProcessCluster.awaitLeading(m);
        agent();
        agentId(m);
        String address = InProcessCluster.address(m);
        try (Framework declining = new Framework(address, ContentType.PROTOBUF);
                Framework later = new Framework(address, ContentType.PROTOBUF)) {
            declining.client.subscribe(Framework.info("declining").build()).get(10, TimeUnit.SECONDS);
            Offer o = declining.offer();
            declining.client.decline(List.of(o.getId()), Filters.newBuilder().setRefuseSeconds(3600).build())
                    .get(10, TimeUnit.SECONDS);
            m.useAllocator(DrfAllocator.withDefaults(System::nanoTime));
            m.stopUsingAllocator(old);
            // the new allocator runs a cycle at once; with the filter lost, 'declining' would get the agent now
            later.client.subscribe(Framework.info("later").build()).get(10, TimeUnit.SECONDS);
            later.offer();
            assertThat(declining.offers).isEmpty();
        }
    }

    private static Offer awaitOffer(Framework f, java.util.function.Predicate<Offer> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Offer o = f.offers.poll(1, TimeUnit.SECONDS);
            if (o != null && wanted.test(o)) {
                return o;
            }
            if (o != null) {
                f.client.decline(List.of(o.getId()), Filters.newBuilder().setRefuseSeconds(0).build());
            }
        }
        throw new AssertionError("no matching offer within 30 s");
    }
}
