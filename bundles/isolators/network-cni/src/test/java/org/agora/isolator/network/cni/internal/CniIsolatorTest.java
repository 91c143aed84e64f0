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
package org.agora.isolator.network.cni.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerState;
import org.agora.api.isolator.IsolatorException;
import org.agora.api.isolator.LaunchContribution;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.NetworkInfo;
import org.agora.testing.topology.CniBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The isolator on real parts: network namespaces it makes, Debian's CNI plugins (bridge, host-local, portmap) on a
 * bridge network this test defines on a free 10.214.x.0/24, and processes that the test runs in the namespaces with
 * nsenter. As root only; skipped, saying why, elsewhere.
 */
class CniIsolatorTest {
    private static final String SERVER = "import socket,sys\n"
            + "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
            + "s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(1); print('listening', flush=True)\n"
            + "c,_=s.accept(); print('got: ' + c.recv(100).decode(), flush=True)\n";
    private static final String CLIENT = "import socket,sys\n"
            + "c=socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)\n"
            + "c.sendall(sys.argv[3].encode())\n";

    @TempDir
    static Path dir;

    private static CniBridge network;
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void defineNetwork() throws IOException {
        Optional<String> missing = CniBridge.missing();
        assumeTrue(missing.isEmpty(), () -> "CniIsolatorTest skipped: " + missing.orElse(""));
        network = new CniBridge(dir, "agora-unit-" + Long.toHexString(System.nanoTime() & 0xffffff));
    }

    @AfterAll
    static void removeNetwork() {
        if (network != null) {
            network.close();
        }
    }

    /** Whatever a failed test left: a new instance that knows no container releases every one. */
    @AfterEach
    void releaseEverything() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (network != null) {
            isolator().recover(List.of());
        }
    }

    private static CniIsolator isolator() {
        return new CniIsolator(network.configDir(), CniBridge.PLUGINS.toString(), dir.resolve("run"),
                Duration.ofSeconds(30));
    }

    private static ContainerConfig config(String id, NetworkInfo... networks) throws IOException {
        Path sandbox = Files.createDirectories(dir.resolve("sandboxes").resolve(id));
        return new ContainerConfig(ContainerID.newBuilder().setValue(id).build(),
                CommandInfo.newBuilder().setValue("true").build(), Resources.empty(), sandbox, Optional.empty(),
                Optional.of(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                        .addAllNetworkInfos(List.of(networks)).build()), Map.of());
    }

    private static NetworkInfo on(String name) {
        return NetworkInfo.newBuilder().setName(name).build();
    }

    private static ContainerID id(String id) {
        return ContainerID.newBuilder().setValue(id).build();
    }

    private static String unique(String what) {
        return what + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong(1L << 40));
    }

    @Test
    void twoContainersOnABridgeNetworkReachEachOtherByIpAndLeaveNothingBehind() throws Exception {
        CniIsolator isolator = isolator();
        isolator.validate();
        String a = unique("a");
        String b = unique("b");
        LaunchContribution ca = isolator.prepare(config(a, on(network.name())));
        LaunchContribution cb = isolator.prepare(config(b, on(network.name())));
        String nsA = ca.joinNamespaces().get("net");
        String nsB = cb.joinNamespaces().get("net");
        assertThat(nsA).isEqualTo(dir.resolve("run/isolators/network/cni").resolve(a).resolve("ns").toString());
        String ipA = ip(isolator, a);
        String ipB = ip(isolator, b);
        assertThat(List.of(ipA, ipB)).allMatch(ip -> ip.startsWith(network.prefix())).doesNotHaveDuplicates();
        assertThat(isolator.status(id(a)).getNetworkInfos(0).getName()).isEqualTo(network.name());
        assertThat(network.ports()).hasSize(2);
        assertThat(output("nsenter", "--net=" + nsA, "ip", "-o", "link", "show", "lo")).contains(",UP,");
        assertThat(output("nsenter", "--net=" + nsA, "ip", "-o", "addr", "show", "lo")).contains("127.0.0.1");
        assertThat(output("nsenter", "--net=" + nsA, "ip", "-o", "-4", "addr", "show", "eth0")).contains(ipA + "/24");

        Path serverOut = dir.resolve(a + ".out");
        start(serverOut, "nsenter", "--net=" + nsA, "python3", "-c", SERVER, ipA, "7070");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(serverOut).contains("listening"));
        Process client = start(dir.resolve(b + ".out"), "nsenter", "--net=" + nsB, "python3", "-c", CLIENT, ipA,
                "7070", "hello from " + ipB);
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(client.exitValue()).as(Files.readString(dir.resolve(b + ".out"))).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(serverOut).contains("got: hello from "
                + ipB));
        // the host's network has neither address: the two met on the bridge, inside their namespaces
        assertThat(output("ip", "-o", "-4", "addr")).doesNotContain(ipA + "/").doesNotContain(ipB + "/");

        isolator.cleanup(id(a));
        isolator.cleanup(id(b));
        isolator.cleanup(id(b)); // idempotent
        assertNothingLeftOf(a, b);
    }

    @Test
    void anUnknownNetworkFailsTheLaunchNamingItAndMakesNothing() throws Exception {
        CniIsolator isolator = isolator();
        String c = unique("c");
        assertThatThrownBy(() -> isolator.prepare(config(c, on(network.name()), on("no-such-net"))))
                .isInstanceOf(IsolatorException.class).hasMessageContaining("unknown CNI network 'no-such-net'")
                .hasMessageContaining(network.name()); // the networks there are
        assertThat(dir.resolve("run/isolators/network/cni").resolve(c)).doesNotExist();
        assertThat(network.ports()).isEmpty();
    }

    @Test
    void aContainerWithoutNamedNetworksStaysInTheHostsNetwork() throws Exception {
        LaunchContribution none = isolator().prepare(config(unique("h"), NetworkInfo.getDefaultInstance()));
        assertThat(none.joinNamespaces()).isEmpty();
    }

    @Test
    void aPluginErrorNamesThePluginAndItsMessageAndLeavesNothing() throws Exception {
        Path conf = dir.resolve("bad.d");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("bad.conf"), """
                {"cniVersion": "1.0.0", "name": "bad", "type": "bridge", "bridge": "agcnibad0",
                 "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.214.0.0/99"}]],
                          "dataDir": "%s"}}
                """.formatted(dir.resolve("bad-ipam")));
        CniIsolator isolator = new CniIsolator(conf, CniBridge.PLUGINS.toString(), dir.resolve("run"),
                Duration.ofSeconds(30));
        String d = unique("d");
        assertThatThrownBy(() -> isolator.prepare(config(d, on("bad"))))
                .isInstanceOf(IsolatorException.class)
                .hasMessageContaining("CNI plugin 'bridge' of network 'bad' failed to ADD container " + d)
                .hasMessageContaining("10.214.0.0/99");
        assertNothingLeftOf(d);
        output("ip", "link", "del", "agcnibad0"); // made before IPAM failed, if the plugin got that far
    }

    @Test
    void portMappingsGoToThePortmapPluginAndAreRemovedWithTheContainer() throws Exception {
        CniIsolator isolator = isolator();
        String e = unique("e");
        int hostPort = ThreadLocalRandom.current().nextInt(40000, 50000);
        isolator.prepare(config(e, on(network.name()).toBuilder().addPortMappings(NetworkInfo.PortMapping
                .newBuilder().setHostPort(hostPort).setContainerPort(80).setProtocol("tcp")).build()));
        String ip = ip(isolator, e);
        assertThat(CniBridge.natRules()).anyMatch(r -> r.contains("--dport " + hostPort)
                && r.contains("--to-destination " + ip + ":80"));
        isolator.cleanup(id(e));
        assertThat(CniBridge.natRules()).noneMatch(r -> r.contains("--dport " + hostPort));
        assertNothingLeftOf(e);
    }

    @Test
    void aNewInstanceRecoversRunningContainersAndReleasesThoseThatEnded() throws Exception {
        CniIsolator before = isolator();
        String running = unique("r");
        String ended = unique("x");
        before.prepare(config(running, on(network.name())));
        before.prepare(config(ended, on(network.name())));
        String ip = ip(before, running);

        // the agent restarted: only 'running' is still known
        CniIsolator after = isolator();
        after.recover(List.of(new ContainerState(id(running), 1, dir.resolve("sandboxes").resolve(running),
                Resources.empty())));
        assertThat(dir.resolve("run/isolators/network/cni").resolve(ended)).doesNotExist();
        assertThat(network.ports()).hasSize(1);
        assertThat(network.leases()).containsExactly(ip);
        assertThat(ip(after, running)).isEqualTo(ip);
        after.cleanup(id(running));
        assertNothingLeftOf(running, ended);
    }

    private static String ip(CniIsolator isolator, String container) {
        return isolator.status(id(container)).getNetworkInfos(0).getIpAddresses(0).getIpAddress();
    }

    /** No namespace file, bind mount, veth or lease is left of the containers. */
    private static void assertNothingLeftOf(String... containers) throws IOException {
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        for (String c : containers) {
            Path d = dir.resolve("run/isolators/network/cni").resolve(c);
            assertThat(d).doesNotExist();
            assertThat(mounts).doesNotContain(d.toString());
        }
        assertThat(network.ports()).isEmpty();
        assertThat(network.leases()).isEmpty();
    }

    private Process start(Path out, String... argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        started.add(p);
        return p;
    }

    private static String output(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
