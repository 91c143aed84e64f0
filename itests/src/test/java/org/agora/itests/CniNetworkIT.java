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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.agora.agent.internal.AgentComponent;
import org.agora.agent.internal.launcher.Sandbox;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.Image;
import org.agora.api.v1.Protos.NetworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.containerizer.mesos.internal.NativeContainerizer;
import org.agora.images.internal.DockerImageProvisioner;
import org.agora.isolator.network.cni.internal.CniIsolator;
import org.agora.master.internal.MasterComponent;
import org.agora.scheduler.client.ContentType;
import org.agora.testing.topology.CniBridge;
import org.agora.testing.topology.ImageRegistry;
import org.agora.testing.topology.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks on a CNI network, through a real master, agent, native containerizer with the network/cni isolator and
 * Debian's CNI plugins (bridge, host-local, portmap) on a bridge network this test defines on a free
 * {@code 10.214.x.0/24}: a listener task and a client task (a plain command, and one in a busybox image from a real
 * registry where docker-registry and skopeo are installed) reach each other by the IP that TASK_RUNNING reported;
 * that IP is in the master's state; a task naming an unknown network fails, naming it; and once the tasks ended no
 * namespace, mount, veth or lease is left. As root only; skipped, saying why, elsewhere.
 */
class CniNetworkIT {
    /** Accepts {@code argv[2]} connections on port {@code argv[1]}, printing what each sends. */
    private static final String SERVER = "import socket,sys\n"
            + "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
            + "s.bind((\"0.0.0.0\", int(sys.argv[1]))); s.listen(4); print(\"listening\", flush=True)\n"
            + "for i in range(int(sys.argv[2])):\n"
            + "    c,peer=s.accept(); print(\"got \" + c.recv(100).decode().strip() + \" from \" + peer[0], "
            + "flush=True); c.close()\n";
    private static final String CLIENT = "import socket,sys\n"
            + "c=socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)\n"
            + "c.sendall(sys.argv[3].encode()); c.recv(1)\n";

    @TempDir
    static Path dir;

    private static CniBridge network;
    private static MasterComponent master;
    private static AgentComponent agent;
    private static NativeContainerizer containerizer;
    private static DockerImageProvisioner provisioner;
    private static ImageRegistry registry;
    private static String address;
    private static int agentPort;

    @BeforeAll
    static void start() throws Exception {
        Optional<String> missing = CniBridge.missing();
        assumeTrue(missing.isEmpty(), () -> "CniNetworkIT skipped: " + missing.orElse(""));
        network = new CniBridge(dir, "agora-it-" + Long.toHexString(System.nanoTime() & 0xffffff));
        if (ImageRegistry.missing().isEmpty()) {
            registry = new ImageRegistry(dir.resolve("registry"));
            ImageRegistry.ociLayout(dir.resolve("img"), "cni-it");
            registry.push(dir.resolve("img"), "agora-it/busybox:cni", false);
        }
        agentPort = Ports.free(); // below the ephemeral range: no outgoing connection takes it meanwhile
        master = InProcessCluster.leadingMaster();
        address = InProcessCluster.address(master);
        startAgent();
        InProcessCluster.awaitAgents(master, 1);
    }

    /** An agent (on the same work directory and port each time) with a new containerizer, isolator and provisioner. */
    private static void startAgent() {
        provisioner = new DockerImageProvisioner(Map.of("store.dir", dir.resolve("store").toString(),
                "provisioner.dir", dir.resolve("provisioner").toString(), "gc.interval.ms", "0"));
        containerizer = NativeContainerizer.withIsolation("network/cni");
        containerizer.useProvisioner(provisioner);
        containerizer.useIsolator(new CniIsolator(network.configDir(), CniBridge.PLUGINS.toString(),
                dir.resolve("run"), Duration.ofSeconds(30)));
        agent = new AgentComponent(InProcessCluster.settings(Optional.empty(), Optional.of(address),
                dir.resolve("agent"), "cpus:8;mem:4096;disk:1000", agentPort));
        agent.useContainerizer(containerizer);
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.stop();
            master.stop();
            containerizer.stop();
            provisioner.deactivate();
        }
        if (registry != null) {
            registry.close();
        }
        if (network != null) {
            new CniIsolator(network.configDir(), CniBridge.PLUGINS.toString(), dir.resolve("run"),
                    Duration.ofSeconds(30)).recover(List.of()); // whatever a failed test left
            network.close();
        }
    }

    /** Once every task has ended, nothing of their networks is left. */
    @AfterEach
    void nothingIsLeft() throws IOException {
        await().atMost(Framework.patience()).until(() -> containerizer.containers().isEmpty());
        Path namespaces = dir.resolve("run/isolators/network/cni");
        if (Files.isDirectory(namespaces)) {
            try (Stream<Path> s = Files.list(namespaces)) {
                assertThat(s.toList()).as("network namespaces left").isEmpty();
            }
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(namespaces.toString());
        assertThat(network.ports()).as("veths on " + network.bridge()).isEmpty();
        assertThat(network.leases()).as("addresses leased").isEmpty();
    }

    @Test
    void commandTasksOnABridgeNetworkReachEachOtherByTheIpTheirStatusReports() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("cni").build()).get(10, TimeUnit.SECONDS);
            String ip = startServer(f, "server", 1);
            assertThat(ip).startsWith(network.prefix());

            // the master's state shows it too, in the TASK_RUNNING status
            String state = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + address
                    + "/master/state")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(state).contains("\"container_status\"").contains("\"ip_address\":\"" + ip + "\"")
                    .contains("\"name\":\"" + network.name() + "\"");
            String agentState = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + agentPort + "/state")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(agentState).contains("\"ip_address\":\"" + ip + "\"");

            Offer o = f.offer();
            f.client.launch(List.of(o.getId()), List.of(onNetwork(task(o, "client", "python3 -c '" + CLIENT + "' "
                    + ip + " 7070 hello-from-client"))), Filters.newBuilder().setRefuseSeconds(0).build())
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> terminal(f.state("client"))
                    && terminal(f.state("server")));
            assertThat(f.state("client")).as(f.last("client").getMessage()).isEqualTo(TaskState.TASK_FINISHED);
            assertThat(f.state("server")).as(f.last("server").getMessage()).isEqualTo(TaskState.TASK_FINISHED);
            String clientIp = runningStatus(f, "client").getContainerStatus().getNetworkInfos(0).getIpAddresses(0)
                    .getIpAddress();
            assertThat(clientIp).startsWith(network.prefix()).isNotEqualTo(ip);
            // it came over the bridge from the client's own address, not the host's
            assertThat(Files.readString(sandboxOf("server").resolve("stdout")))
                    .contains("got hello-from-client from " + clientIp);
        }
    }

    @Test
    void anImageTaskJoinsTheNetworkToo() throws Exception {
        assumeTrue(registry != null, "no docker-registry/skopeo: the image part is skipped");
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("cni-image").build()).get(10, TimeUnit.SECONDS);
            String ip = startServer(f, "image-server", 1);
            Offer o = f.offer();
            TaskInfo client = task(o, "image-client", "echo hello-from-image | busybox nc -w 5 " + ip + " 7070; "
                    + "echo sent");
            client = client.toBuilder().setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                    .setMesos(ContainerInfo.MesosInfo.newBuilder().setImage(Image.newBuilder()
                            .setType(Image.Type.DOCKER).setDocker(Image.Docker.newBuilder().setName(registry.host()
                                    + "/agora-it/busybox:cni"))))).build();
            f.client.launch(List.of(o.getId()), List.of(onNetwork(client)), Filters.newBuilder().setRefuseSeconds(0)
                    .build()).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(90)).until(() -> terminal(f.state("image-client"))
                    && terminal(f.state("image-server")));
            assertThat(f.state("image-client")).as(f.last("image-client").getMessage())
                    .isEqualTo(TaskState.TASK_FINISHED);
            String clientIp = runningStatus(f, "image-client").getContainerStatus().getNetworkInfos(0)
                    .getIpAddresses(0).getIpAddress();
            assertThat(Files.readString(sandboxOf("image-server").resolve("stdout")))
                    .contains("got hello-from-image from " + clientIp);
        }
    }

    @Test
    void aPortMappingForwardsTheHostPortToTheTask() throws Exception {
        int hostPort = java.util.concurrent.ThreadLocalRandom.current().nextInt(40000, 50000);
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("cni-ports").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            TaskInfo server = onNetwork(task(o, "mapped", "python3 -c '" + SERVER + "' 7070 1"));
            ContainerInfo.Builder c = server.getContainer().toBuilder();
            c.getNetworkInfosBuilder(0).addPortMappings(NetworkInfo.PortMapping.newBuilder().setHostPort(hostPort)
                    .setContainerPort(7070).setProtocol("tcp"));
            f.client.launch(List.of(o.getId()), List.of(server.toBuilder().setContainer(c).build()),
                    Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> f.state("mapped") == TaskState.TASK_RUNNING
                    || terminal(f.state("mapped")));
            assertThat(runningStatus(f, "mapped").getContainerStatus().getNetworkInfos(0).getPortMappings(0)
                    .getHostPort()).isEqualTo(hostPort);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(sandboxOf("mapped")
                    .resolve("stdout")).contains("listening"));
            // to the host port on the bridge's own address (the gateway this test's network gave it): portmap's
            // DNAT takes it on to the task's port in its namespace
            try (java.net.Socket socket = new java.net.Socket(network.prefix() + "1", hostPort)) {
                socket.getOutputStream().write("hello-via-portmap".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                socket.shutdownOutput();
                assertThat(socket.getInputStream().read()).isEqualTo(-1); // the server read it and closed
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> terminal(f.state("mapped")));
            assertThat(Files.readString(sandboxOf("mapped").resolve("stdout"))).contains("got hello-via-portmap");
        }
        assertThat(CniBridge.natRules()).noneMatch(r -> r.contains("--dport " + hostPort));
    }

    @Test
    void aTaskOnAnUnknownNetworkFailsNamingIt() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("cni-unknown").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            TaskInfo t = task(o, "lost", "true");
            t = t.toBuilder().setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                    .addNetworkInfos(NetworkInfo.newBuilder().setName("no-such-network"))).build();
            f.client.launch(List.of(o.getId()), List.of(t), Filters.newBuilder().setRefuseSeconds(0).build())
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> terminal(f.state("lost")));
            TaskStatus failed = f.last("lost");
            assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
            assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            assertThat(failed.getMessage()).contains("unknown CNI network 'no-such-network'");
        }
    }

    @Test
    void aContainerThatEndedWhileTheAgentWasDownLeavesItsNetworkWhenTheAgentRecovers() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("cni-durable").setCheckpoint(true).setFailoverTimeout(60).build())
                    .get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            f.client.launch(List.of(o.getId()), List.of(onNetwork(task(o, "durable",
                    "echo up; while ! test -e stop; do sleep 0.1; done"))), Filters.newBuilder().setRefuseSeconds(0)
                    .build()).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> f.state("durable") == TaskState.TASK_RUNNING);
            assertThat(network.ports()).hasSize(1);

            agent.stop();
            containerizer.stop();
            provisioner.deactivate();
            Path sandbox = sandboxOf("durable");
            Files.writeString(sandbox.resolve("stop"), "");
            // the task ends while no agent runs: its launcher's wrapper records how
            await().atMost(Framework.patience()).until(() -> Files.exists(Sandbox.exitStatusFile(sandbox)));
            assertThat(network.ports()).as("its veth stays until an agent releases it").hasSize(1);

            startAgent();
            await().atMost(Framework.patience()).until(() -> terminal(f.state("durable")));
            assertThat(f.state("durable")).as(f.last("durable").getMessage()).isEqualTo(TaskState.TASK_FINISHED);
        }
    }

    @Test
    void aTaskGroupWhoseExecutorNamesANetworkIsRefusedRatherThanRunInTheHostsNetwork() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("cni-group").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            Offer.Operation group = TaskGroupIT.group("pod", List.of(task(o, "in-pod", "true")));
            Offer.Operation.Builder op = group.toBuilder();
            op.getLaunchGroupBuilder().getExecutorBuilder().setContainer(ContainerInfo.newBuilder()
                    .setType(ContainerInfo.Type.MESOS).addNetworkInfos(NetworkInfo.newBuilder()
                            .setName(network.name())));
            f.client.accept(List.of(o.getId()), List.of(op.build()), Filters.newBuilder().setRefuseSeconds(0)
                    .build()).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> terminal(f.state("in-pod")));
            TaskStatus refused = f.last("in-pod");
            assertThat(refused.getState()).isEqualTo(TaskState.TASK_FAILED);
            assertThat(refused.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            assertThat(refused.getMessage()).contains("names CNI networks [" + network.name() + "]");
        }
    }

    /** Launches the listener; returns its IP once it runs and listens. */
    private static String startServer(Framework f, String id, int connections) throws Exception {
        Offer o = f.offer();
        f.client.launch(List.of(o.getId()), List.of(onNetwork(task(o, id, "python3 -c '" + SERVER + "' 7070 "
                + connections))), Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60)).until(() -> f.state(id) == TaskState.TASK_RUNNING
                || terminal(f.state(id)));
        assertThat(f.state(id)).as(() -> f.last(id).getMessage()).isEqualTo(TaskState.TASK_RUNNING);
        TaskStatus running = runningStatus(f, id);
        assertThat(running.getContainerStatus().getNetworkInfosList()).hasSize(1);
        assertThat(running.getContainerStatus().getNetworkInfos(0).getName()).isEqualTo(network.name());
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(sandboxOf(id).resolve("stdout"))
                .contains("listening"));
        return running.getContainerStatus().getNetworkInfos(0).getIpAddresses(0).getIpAddress();
    }

    private static TaskStatus runningStatus(Framework f, String id) {
        return f.statuses.get(id).stream().filter(s -> s.getState() == TaskState.TASK_RUNNING).findFirst()
                .orElseThrow(() -> new AssertionError("no TASK_RUNNING of " + id));
    }

    private static TaskInfo onNetwork(TaskInfo t) {
        ContainerInfo.Builder c = t.hasContainer() ? t.getContainer().toBuilder()
                : ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS);
        return t.toBuilder().setContainer(c.addNetworkInfos(NetworkInfo.newBuilder().setName(network.name())))
                .build();
    }

    private static boolean terminal(TaskState s) {
        return s == TaskState.TASK_FINISHED || s == TaskState.TASK_FAILED || s == TaskState.TASK_KILLED
                || s == TaskState.TASK_LOST || s == TaskState.TASK_ERROR || s == TaskState.TASK_DROPPED;
    }

    private static TaskInfo task(Offer o, String id, String command) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id)).setAgentId(o.getAgentId())
                .addAllResources(Resources.parse("cpus:0.1;mem:64").toList())
                .setCommand(CommandInfo.newBuilder().setValue(command)).build();
    }

    /** The task's sandbox: .../executors/<task id>/runs/<container id>. */
    private static Path sandboxOf(String task) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("agent"))) {
            return files.filter(p -> p.getFileName().toString().equals("stdout")
                    && p.getParent().getParent().getParent().getFileName().toString().equals(task))
                    .map(Path::getParent).findFirst().orElseThrow(() -> new AssertionError("no sandbox of " + task));
        }
    }
}
