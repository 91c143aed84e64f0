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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.AgentComponent;
import org.agora.agent.internal.security.SecurityOptions;
import org.agora.master.internal.MasterComponent;
import org.agora.master.internal.MasterSettings;
import org.agora.security.acl.internal.LocalAuthorizer;
import org.agora.security.credentials.internal.CredentialsAuthenticator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master with every kind of authentication on, Mesos's credentials file and ACLs (the real security bundles'
 * components, outside OSGi), over real HTTP and a real agent: who gets in, who may do what, and what each one sees.
 */
class MasterSecurityIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;

    private MasterComponent master;
    private AgentComponent agent;
    private CredentialsAuthenticator credentials;
    private LocalAuthorizer acls;
    private int port;

    @BeforeEach
    void start() throws Exception {
        Path credentialsFile = dir.resolve("credentials.json");
        Files.writeString(credentialsFile, "{\"credentials\": [" + String.join(",", List.of(
                cred("fw"), cred("other"), cred("operator"), cred("readonly"), cred("agent"))) + "]}");
        Path aclFile = dir.resolve("acls.json");
        Files.writeString(aclFile, """
                {"permissive": false,
                 "register_frameworks": [{"principals": {"values": ["fw", "other"]}, "roles": {"type": "ANY"}}],
                 "run_tasks": [{"principals": {"values": ["fw"]}, "users": {"values": ["%s"]}}],
                 "teardown_frameworks": [{"principals": {"values": ["operator"]},
                                          "framework_principals": {"type": "ANY"}}],
                 "update_weights": [{"principals": {"values": ["operator"]}, "roles": {"type": "ANY"}}],
                 "register_agents": [{"principals": {"values": ["agent"]}, "agents": {"type": "ANY"}}],
                 "view_frameworks": [{"principals": {"values": ["operator", "readonly", "fw"]},
                                      "users": {"type": "ANY"}}],
                 "view_tasks": [{"principals": {"values": ["operator", "readonly", "fw"]}, "users": {"type": "ANY"}}],
                 "view_executors": [{"principals": {"values": ["operator", "readonly"]}, "users": {"type": "ANY"}}],
                 "get_maintenance_statuses": [{"principals": {"values": ["operator"]}, "machines": {"type": "ANY"}}],
                 "update_maintenance_schedules": [{"principals": {"values": ["operator"]},
                                                   "machines": {"type": "ANY"}}]
                }""".formatted(USER));
        credentials = new CredentialsAuthenticator(Map.of("path", credentialsFile.toString(),
                "reload.interval.ms", 0));
        acls = new LocalAuthorizer(Map.of("path", aclFile.toString(), "reload.interval.ms", 0));
        master = new MasterComponent(MasterSettings.of(Map.of("port", 0, "ip", "127.0.0.1", "hostname", "localhost",
                "agent.heartbeat.interval.ms", 200, "authenticate.frameworks", true,
                "authenticate.http.readonly", true, "authenticate.http.readwrite", true,
                "authenticate.agents", true)));
        master.useAllocator(new org.agora.allocator.firstfit.internal.FirstFitAllocator());
        master.useAuthenticator(credentials);
        master.useAuthorizer(acls);
        InProcessCluster.awaitLeading(master);
        port = master.snapshot().get(5, TimeUnit.SECONDS).self().getPort();
        Path agentCredential = dir.resolve("agent-credential.json");
        Files.writeString(agentCredential, "{\"principal\": \"agent\", \"secret\": \"agent-secret\"}");
        agent = new AgentComponent(InProcessCluster.settings(Optional.empty(), Optional.of("127.0.0.1:" + port),
                dir.resolve("agent"), "cpus:2;mem:1024;disk:1000;ports:[31000-31010]", 0)
                .withSecurity(new SecurityOptions(false, false, false, "", "", Optional.empty(),
                        Optional.of(agentCredential))));
        InProcessCluster.awaitAgents(master, 1);
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
        master.stop();
    }

    private static String cred(String principal) {
        return "{\"principal\": \"" + principal + "\", \"secret\": \"" + principal + "-secret\"}";
    }

    private static String basic(String principal) {
        return "Basic " + Base64.getEncoder().encodeToString((principal + ":" + principal + "-secret")
                .getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, String json, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> operator(String who, String json) throws Exception {
        return post("/api/v1", json, "Authorization", basic(who));
    }

    @Test
    void withoutOrWithWrongCredentialsNothingIsServed() throws Exception {
        String subscribe = "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"" + USER
                + "\",\"name\":\"x\",\"principal\":\"fw\"}}}";
        HttpResponse<String> none = post("/api/v1/scheduler", subscribe);
        HttpResponse<String> wrong = post("/api/v1/scheduler", subscribe, "Authorization", "Basic "
                + Base64.getEncoder().encodeToString("fw:guess".getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> state = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/master/state")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> getState = post("/api/v1", "{\"type\":\"GET_STATE\"}");

        assertThat(List.of(none.statusCode(), wrong.statusCode(), state.statusCode(), getState.statusCode()))
                .containsOnly(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"agora\"");
        assertThat(wrong.body()).isEqualTo("Invalid credentials for principal 'fw'");
    }

    @Test
    void aFrameworkRunsTasksOnlyAsTheUsersTheAclsAllowAndOnlyItsPrincipalDrivesIt() throws Exception {
        try (ProbeScheduler fw = new ProbeScheduler("127.0.0.1:" + port, org.agora.api.v1.Protos.FrameworkInfo
                .newBuilder().setName("secure").setUser(USER).setPrincipal("fw").build(), basic("fw"))) {
            var offer = fw.offer();
            fw.launch(offer, task("allowed", offer, USER, "sleep 30"), task("denied", offer, "nobody-" + USER,
                    "true"));
            await().atMost(Duration.ofSeconds(20)).until(() -> "TASK_RUNNING".equals(fw.state("allowed"))
                    && fw.state("denied") != null);

            assertThat(fw.state("denied")).isEqualTo("TASK_ERROR");
            assertThat(fw.statuses.get("denied").get(0).getMessage()).isEqualTo("Not authorized to run tasks as "
                    + "user 'nobody-" + USER + "' (principal 'fw')");
            String kill = "{\"type\":\"KILL\",\"framework_id\":{\"value\":\"" + fw.frameworkId().getValue()
                    + "\"},\"kill\":{\"task_id\":{\"value\":\"allowed\"}}}";
            HttpResponse<String> hijack = post("/api/v1/scheduler", kill, "Authorization", basic("other"),
                    "Mesos-Stream-Id", fw.streamId());
            assertThat(hijack.statusCode()).isEqualTo(403);
            assertThat(hijack.body()).contains("Principal 'other' may not make calls for framework");
            assertThat(fw.state("allowed")).as("the other principal's KILL reached nothing").isEqualTo("TASK_RUNNING");
        }
    }

    @Test
    void aFrameworkCannotClaimAnotherPrincipal() throws Exception {
        HttpResponse<String> r = post("/api/v1/scheduler", "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":"
                + "{\"user\":\"" + USER + "\",\"name\":\"x\",\"principal\":\"fw\"}}}", "Authorization",
                basic("other"));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("Framework principal 'fw' is not the authenticated principal 'other'");
    }

    @Test
    void readOnlyPrincipalsReadButDoNotWriteAndOperatorsWrite() throws Exception {
        String weights = "{\"type\":\"UPDATE_WEIGHTS\",\"update_weights\":{\"weight_infos\":[{\"role\":\"a\","
                + "\"weight\":2}]}}";

        assertThat(operator("readonly", "{\"type\":\"GET_STATE\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = operator("readonly", weights);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("Principal 'readonly' is not authorized to update the weight of role "
                + "'a'");
        assertThat(master.snapshot().get(5, TimeUnit.SECONDS).weights()).isEmpty();
        assertThat(operator("operator", weights).statusCode()).isEqualTo(200);
        assertThat(master.snapshot().get(5, TimeUnit.SECONDS).weights()).containsEntry("a", 2.0);
    }

    @Test
    void maintenanceCallsFollowTheirAcls() throws Exception {
        String status = "{\"type\":\"GET_MAINTENANCE_STATUS\"}";
        String cancel = "{\"type\":\"UPDATE_MAINTENANCE_SCHEDULE\",\"update_maintenance_schedule\":{\"schedule\":{}}}";

        HttpResponse<String> refused = operator("readonly", status);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("Principal 'readonly' is not authorized to view the maintenance status");
        assertThat(operator("operator", status).statusCode()).isEqualTo(200);
        assertThat(operator("operator", "{\"type\":\"GET_MAINTENANCE_SCHEDULE\"}").statusCode()).isEqualTo(403);
        assertThat(operator("readonly", cancel).body()).isEqualTo("Principal 'readonly' is not authorized to update "
                + "the maintenance schedule");
        assertThat(operator("operator", cancel).statusCode()).isEqualTo(200);
    }

    @Test
    void theOperatorTearsDownAFrameworkAndOthersSeeNothingOfIt() throws Exception {
        ProbeScheduler fw = new ProbeScheduler("127.0.0.1:" + port, org.agora.api.v1.Protos.FrameworkInfo
                .newBuilder().setName("visible").setUser(USER).setPrincipal("fw").build(), basic("fw"));
        try {
            String teardown = "{\"type\":\"TEARDOWN\",\"teardown\":{\"framework_id\":{\"value\":\""
                    + fw.frameworkId().getValue() + "\"}}}";

            assertThat(operator("readonly", "{\"type\":\"GET_FRAMEWORKS\"}").body()).contains("visible");
            assertThat(operator("other", "{\"type\":\"GET_FRAMEWORKS\"}").body()).doesNotContain("visible");
            assertThat(operator("readonly", teardown).statusCode()).isEqualTo(403);
            assertThat(operator("operator", teardown).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> master.snapshot().get(5, TimeUnit.SECONDS)
                    .frameworks().frameworks().isEmpty());
        } finally {
            fw.abandon(); // torn down already
        }
    }

    @Test
    void anAgentWithoutItsCredentialCannotRegister() throws Exception {
        AgentComponent rogue = new AgentComponent(InProcessCluster.settings(Optional.empty(),
                Optional.of("127.0.0.1:" + port), dir.resolve("rogue"), "cpus:64;mem:65536", 0)
                .withSecurity(SecurityOptions.OPEN));
        try {
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> master.snapshot()
                    .get(5, TimeUnit.SECONDS).agents().size() == 1);
        } finally {
            rogue.stop();
        }
    }

    private static org.agora.api.v1.Protos.TaskInfo task(String id, org.agora.api.v1.Protos.Offer offer, String user,
            String command) {
        return org.agora.api.v1.Protos.TaskInfo.newBuilder().setName(id)
                .setTaskId(org.agora.api.v1.Protos.TaskID.newBuilder().setValue(id)).setAgentId(offer.getAgentId())
                .addAllResources(org.agora.api.resources.Resources.parse("cpus:0.1;mem:32").toList())
                .setCommand(org.agora.api.v1.Protos.CommandInfo.newBuilder().setValue(command).setUser(user)).build();
    }
}
