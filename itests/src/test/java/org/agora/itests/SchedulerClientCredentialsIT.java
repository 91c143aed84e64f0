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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.AgentComponent;
import org.agora.agent.internal.security.SecurityOptions;
import org.agora.allocator.firstfit.internal.FirstFitAllocator;
import org.agora.master.internal.MasterComponent;
import org.agora.master.internal.MasterSettings;
import org.agora.scheduler.client.execute.Execute;
import org.agora.security.acl.internal.LocalAuthorizer;
import org.agora.security.credentials.internal.CredentialsAuthenticator;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agora-execute --principal --secret-file} (the Java scheduler client with credentials) against two real
 * masters in a real ZooKeeper with framework, operator and agent authentication on (Mesos's credentials file and
 * ACLs, the security bundles' components): the SUBSCRIBE, the calls and the re-subscription to the new leader after
 * a failover all carry the credentials; without them, or with a wrong secret, the master refuses the framework.
 */
class SchedulerClientCredentialsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private ZooKeeperCluster cluster;
    private CredentialsAuthenticator credentials;
    private LocalAuthorizer acls;
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws Exception {
        cluster = ZooKeeperCluster.start();
        Path credentialsFile = dir.resolve("credentials.json");
        Files.writeString(credentialsFile, """
                {"credentials": [{"principal": "fw", "secret": "fw-secret"},
                                 {"principal": "operator", "secret": "operator-secret"},
                                 {"principal": "agent", "secret": "agent-secret"}]}""");
        Path aclFile = dir.resolve("acls.json");
        Files.writeString(aclFile, """
                {"permissive": false,
                 "register_frameworks": [{"principals": {"values": ["fw"]}, "roles": {"type": "ANY"}}],
                 "run_tasks": [{"principals": {"values": ["fw"]}, "users": {"type": "ANY"}}],
                 "teardown_frameworks": [{"principals": {"values": ["operator"]},
                                          "framework_principals": {"type": "ANY"}}],
                 "register_agents": [{"principals": {"values": ["agent"]}, "agents": {"type": "ANY"}}],
                 "view_frameworks": [{"principals": {"values": ["operator"]}, "users": {"type": "ANY"}}],
                 "view_tasks": [{"principals": {"values": ["operator"]}, "users": {"type": "ANY"}}],
                 "view_executors": [{"principals": {"values": ["operator"]}, "users": {"type": "ANY"}}]
                }""");
        credentials = new CredentialsAuthenticator(Map.of("path", credentialsFile.toString(),
                "reload.interval.ms", 0));
        acls = new LocalAuthorizer(Map.of("path", aclFile.toString(), "reload.interval.ms", 0));
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private MasterComponent secureMaster() {
        Map<String, Object> config = new HashMap<>(Map.of("port", 0, "ip", "127.0.0.1", "hostname", "localhost",
                "agent.heartbeat.interval.ms", 200, "allocation.interval.ms", 200, "zk", cluster.url.toString(),
                "authenticate.frameworks", true, "authenticate.http.readonly", true,
                "authenticate.http.readwrite", true, "authenticate.agents", true));
        MasterComponent m = new MasterComponent(MasterSettings.of(config));
        m.useAllocator(new FirstFitAllocator());
        m.useAuthenticator(credentials);
        m.useAuthorizer(acls);
        return cluster.track(m);
    }

    private void agent() throws Exception {
        Path credential = Files.writeString(dir.resolve("agent-credential"), "agent agent-secret\n");
        AgentComponent agent = new AgentComponent(InProcessCluster.settings(Optional.of(cluster.url),
                Optional.empty(), dir.resolve("agent"), "cpus:2;mem:1024;disk:1000;ports:[31000-31010]")
                .withSecurity(SecurityOptions.OPEN.withCredential(credential)));
        cluster.track(agent);
    }

    private Path secretFile(String secret) throws Exception {
        Path f = Files.writeString(dir.resolve("secret-" + System.nanoTime()), secret + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    private String zk() {
        return "zk://" + cluster.url.connectString() + cluster.url.path();
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void agoraExecuteAuthenticatesEveryRequestAlsoAfterAFailover() throws Exception {
        MasterComponent first = secureMaster();
        InProcessCluster.awaitLeading(first);
        MasterComponent second = secureMaster();
        agent();
        InProcessCluster.awaitAgents(first, 1);
        List<String> args = new ArrayList<>(List.of("--master", zk(), "--name", "authenticated", "--command",
                "sleep 3", "--instances", "2", "--failover-timeout", "60", "--failover-wait", "30",
                "--principal", "fw", "--secret-file", secretFile("fw-secret").toString()));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Execute.run(args.toArray(String[]::new),
                out, err, Duration.ofSeconds(5)));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> out().split("TASK_RUNNING", -1).length - 1 == 2
                    || run.isDone());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the tasks did not run:\n" + out() + err(), e);
        }
        assertThat(run).as(err()).isNotDone();
        assertThat(frameworks(first)).as("the framework's principal is the one it authenticated as")
                .contains("\"principal\":\"fw\"");

        first.stop(); // the new leader must see the credentials again: the re-SUBSCRIBE and every later call

        int status = run.get(90, TimeUnit.SECONDS);
        String report = "stdout:\n" + out() + "\nstderr:\n" + err();
        assertThat(status).as(report).isZero();
        assertThat(out()).as(report).contains("re-subscribed to master").contains("2 tasks: 2 TASK_FINISHED");
        // "401" as a word: the masters' ports (40107) may hold those digits too
        assertThat(err()).as(report).doesNotContainPattern("\\b401\\b").doesNotContain("not private")
                .contains("warning: sending the secret without TLS"); // TLS with the secret: SecureClusterIT
        await("torn down by itself at the end, through the new leader").atMost(Duration.ofSeconds(10))
                .until(() -> second.snapshot().get(5, TimeUnit.SECONDS).frameworks().frameworks().isEmpty());
    }

    @Test
    void withoutTheSecretOrWithAWrongOneTheMasterRefusesTheFramework() throws Exception {
        MasterComponent master = secureMaster();
        InProcessCluster.awaitLeading(master);
        String address = InProcessCluster.address(master);

        int none = Execute.run(new String[] {"--master", address, "--command", "true", "--principal", "fw"}, out,
                err, Duration.ofSeconds(5));
        String noneErr = err();
        errBytes.reset();
        int wrong = Execute.run(new String[] {"--master", address, "--command", "true", "--principal", "fw",
            "--secret-file", secretFile("guess").toString()}, out, err, Duration.ofSeconds(5));

        assertThat(none).as(noneErr).isEqualTo(1);
        assertThat(noneErr).contains("401");
        assertThat(wrong).as(err()).isEqualTo(1);
        assertThat(err()).contains("401").contains("Invalid credentials for principal 'fw'");
        assertThat(master.snapshot().get(5, TimeUnit.SECONDS).frameworks().frameworks()).isEmpty();
    }

    /** GET_FRAMEWORKS as the operator, in JSON. */
    private static String frameworks(MasterComponent m) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + InProcessCluster.address(m)
                + "/api/v1")).header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("operator:operator-secret"
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"GET_FRAMEWORKS\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
