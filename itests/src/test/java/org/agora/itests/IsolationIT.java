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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.agora.agent.internal.AgentComponent;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.HealthCheck;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.containerizer.mesos.internal.NativeContainerizer;
import org.agora.isolator.cgroups.internal.Cgroups;
import org.agora.isolator.cgroups.internal.cpu.CpuIsolator;
import org.agora.isolator.cgroups.internal.memory.MemoryIsolator;
import org.agora.master.internal.MasterComponent;
import org.agora.scheduler.client.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks through the agent, the native containerizer and the real cgroups isolators (as root; the tests skip where
 * this machine has no memory controller): limits follow the task's resources, an OOM kill is reported with the memory
 * reason, and with namespaces/pid the task is pid 1 of its own namespace.
 */
class IsolationIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    static Path workDir;

    private static MasterComponent master;
    private static AgentComponent agent;
    private static NativeContainerizer containerizer;
    private static String address;
    private static final String ROOT = "agora-it-" + UUID.randomUUID();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isWritable(Path.of("/sys/fs/cgroup")), "needs root and a cgroup hierarchy");
        Cgroups cgroups = new Cgroups(Map.of("cgroups.root", ROOT));
        MemoryIsolator memory = new MemoryIsolator(cgroups, Map.of());
        try {
            memory.validate();
        } catch (RuntimeException e) {
            assumeTrue(false, "no memory controller here: " + e.getMessage());
        }
        containerizer = NativeContainerizer.withIsolation("cgroups/cpu,cgroups/mem,namespaces/pid");
        containerizer.useIsolator(new CpuIsolator(cgroups, Map.of()));
        containerizer.useIsolator(memory);
        master = InProcessCluster.leadingMaster();
        address = InProcessCluster.address(master);
        agent = InProcessCluster.agent(Optional.empty(), Optional.of(address), workDir,
                "cpus:2;mem:1024;disk:1000;ports:[31000-31010]");
        agent.useContainerizer(containerizer);
        InProcessCluster.awaitAgents(master, 1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.stop();
            master.stop();
            containerizer.stop();
        }
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                Files.deleteIfExists(h.resolve(ROOT)); // empty by now: every container was cleaned up
            }
        }
    }

    private static TaskInfo task(Offer o, String id, String command, double cpus, double mem) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id)).setAgentId(o.getAgentId())
                .addAllResources(Resources.parse("cpus:" + cpus + ";mem:" + mem).toList())
                .setCommand(CommandInfo.newBuilder().setValue(command)).build();
    }

    private static Path sandboxFile(String name) throws Exception {
        try (Stream<Path> files = Files.walk(workDir)) {
            return files.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElse(null);
        }
    }

    @Test
    void aCommandHealthCheckRunsInItsTasksCgroupsAndMountNamespace() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("isolation-health").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            // healthy only inside the task's container: its /proc shows its pid namespace (pid 1 is the task's
            // sleep, not the host's init) and the check process is in the isolators' cgroups
            String check = "grep -q sleep /proc/1/cmdline && grep -q " + ROOT + " /proc/self/cgroup";
            TaskInfo checked = task(o, "checked", "exec sleep 300", 0.1, 64).toBuilder().setHealthCheck(
                    HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND)
                            .setCommand(CommandInfo.newBuilder().setValue(check)).setDelaySeconds(0)
                            .setIntervalSeconds(0.2).setGracePeriodSeconds(60)).build();
            f.client.launch(List.of(o.getId()), List.of(checked), Filters.newBuilder().setRefuseSeconds(0).build())
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.statuses.getOrDefault("checked", List.of()).stream()
                    .anyMatch(s -> s.getReason() == TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED
                            && s.getHealthy()));
            assertThat(f.state("checked")).isEqualTo(TaskState.TASK_RUNNING);
            f.client.kill(TaskID.newBuilder().setValue("checked").build(), o.getAgentId());
            await().atMost(Framework.patience()).until(() -> f.state("checked") == TaskState.TASK_KILLED);
            await().atMost(Framework.patience()).until(() -> containerizer.containers().isEmpty());
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void limitsFollowResourcesAnOomKillIsReportedAndTheTaskIsPidOne() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("isolation").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            f.client.launch(List.of(o.getId()), List.of(
                    task(o, "pinned", "cat /proc/self/cgroup > cgroups.txt; echo $$ > pid.txt; sleep 300", 0.5, 64),
                    task(o, "hog", "head -c 400M /dev/zero | tail", 0.1, 64),
                    task(o, "quick", "true", 0.1, 16)),
                    Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("pinned") == TaskState.TASK_RUNNING
                    && f.state("hog") != null && TaskState.TASK_FAILED == f.state("hog"));
            // a task over before its launch is reported still reports RUNNING first, as Mesos's executor does
            await().atMost(Framework.patience()).until(() -> f.state("quick") == TaskState.TASK_FINISHED);
            assertThat(f.statuses.get("quick")).extracting(TaskStatus::getState).containsSubsequence(
                    TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
            TaskStatus hog = f.last("hog");
            assertThat(hog.getReason()).as(hog.getMessage()).isEqualTo(
                    TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY);
            assertThat(hog.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);

            await().atMost(Framework.patience()).until(() -> sandboxFile("pid.txt") != null
                    && !Files.readString(sandboxFile("pid.txt")).isBlank());
            assertThat(Files.readString(sandboxFile("pid.txt")).trim()).isEqualTo("1");
            String memory = Files.readAllLines(sandboxFile("cgroups.txt")).stream()
                    .filter(l -> l.split(":", 3)[1].contains("memory") || l.startsWith("0::")).findFirst()
                    .orElseThrow().split(":", 3)[2];
            Path v1 = Path.of("/sys/fs/cgroup/memory" + memory, "memory.limit_in_bytes");
            Path v2 = Path.of("/sys/fs/cgroup" + memory, "memory.max");
            long limit = Long.parseLong(Files.readString(Files.exists(v1) ? v1 : v2).trim());
            assertThat(limit).isEqualTo(64L << 20);

            // the kernel's accounting, through the agent: Mesos's /monitor/statistics and GET_CONTAINERS
            int port = master.snapshot().get(5, TimeUnit.SECONDS).agents().get(0).info().getPort();
            HttpResponse<String> stats = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/monitor/statistics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(stats.body()).contains("\"executor_id\":\"pinned\"")
                    .contains("\"mem_limit_bytes\":" + (64L << 20)).contains("\"processes\":");
            HttpResponse<String> containers = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1")).header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"GET_CONTAINERS\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(containers.statusCode()).isEqualTo(200);
            assertThat(containers.body()).contains("\"GET_CONTAINERS\"").contains("\"value\":\"pinned\"")
                    .contains("\"mem_limit_bytes\":" + (64L << 20));

            f.client.kill(TaskID.newBuilder().setValue("pinned").build(), o.getAgentId());
            await().atMost(Framework.patience()).until(() -> f.state("pinned") == TaskState.TASK_KILLED);
            await().atMost(Framework.patience()).until(() -> containerizer.containers().isEmpty());
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }
}
