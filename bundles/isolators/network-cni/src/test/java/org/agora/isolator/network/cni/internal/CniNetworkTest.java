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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.agora.api.json.Json;
import org.agora.api.v1.Protos.NetworkInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Network configurations as the CNI spec writes them, the directory they live in, and the stdin plugins get. */
class CniNetworkTest {
    private static final String CONFLIST = """
            {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
              {"type": "bridge", "bridge": "cni0", "isGateway": true, "mtu": 1400,
               "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.22.0.0/16"}]]}},
              {"type": "portmap", "capabilities": {"portMappings": true}, "snat": true}]}
            """;

    @TempDir
    Path dir;

    @Test
    void aConflistIsAChainOfPluginsInOrder() {
        CniNetwork n = CniNetwork.parse(Path.of("/etc/cni/net.d/10-mynet.conflist"), CONFLIST);
        assertThat(n.name()).isEqualTo("mynet");
        assertThat(n.cniVersion()).isEqualTo("1.0.0");
        assertThat(n.list()).isTrue();
        assertThat(n.plugins()).extracting(CniNetwork::type).containsExactly("bridge", "portmap");
        assertThat(CniNetwork.hasCapability(n.plugins().get(1), "portMappings")).isTrue();
        assertThat(CniNetwork.hasCapability(n.plugins().get(0), "portMappings")).isFalse();
        // numbers come back as written, so the plugin reads the configuration the operator wrote
        assertThat(Json.write(n.plugins().get(0))).contains("\"mtu\":1400");
    }

    @Test
    void aConfIsOnePluginWithItsNameAndVersion() {
        CniNetwork n = CniNetwork.parse(Path.of("10-one.conf"), """
                {"cniVersion": "0.4.0", "name": "one", "type": "bridge", "ipam": {"type": "host-local"}}
                """);
        assertThat(n.list()).isFalse();
        assertThat(n.plugins()).hasSize(1);
        assertThat(n.delGetsPrevResult()).isTrue();
        assertThat(CniNetwork.parse(Path.of("old.conf"), """
                {"cniVersion": "0.3.1", "name": "old", "type": "bridge"}""").delGetsPrevResult()).isFalse();
    }

    @Test
    void badConfigurationsAreRefusedNamingTheFileAndWhatIsWrong() {
        Path f = Path.of("/etc/cni/net.d/bad.conflist");
        assertThatThrownBy(() -> CniNetwork.parse(f, "{\"name\": "))
                .isInstanceOf(CniException.class).hasMessageContaining(f.toString()).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> CniNetwork.parse(f, "[1]")).hasMessageContaining("an array, not an object");
        assertThatThrownBy(() -> CniNetwork.parse(f, "{\"cniVersion\": \"1.0.0\", \"plugins\": []}"))
                .hasMessageContaining("has no 'name'");
        assertThatThrownBy(() -> CniNetwork.parse(f, "{\"name\": \"n\", \"plugins\": [{\"type\": \"bridge\"}]}"))
                .hasMessageContaining("has no 'cniVersion'");
        assertThatThrownBy(() -> CniNetwork.parse(f, "{\"name\": \"n\", \"cniVersion\": \"1.0.0\", \"plugins\": []}"))
                .hasMessageContaining("network 'n'").hasMessageContaining("has no 'plugins'");
        assertThatThrownBy(() -> CniNetwork.parse(f, "{\"name\": \"n\", \"cniVersion\": \"1.0.0\", "
                + "\"plugins\": [{\"bridge\": \"x\"}]}")).hasMessageContaining("a plugin's 'type' is missing");
        // a type is a program in the plugin directories, never a path to run anything on the host
        assertThatThrownBy(() -> CniNetwork.parse(f, "{\"name\": \"n\", \"cniVersion\": \"1.0.0\", "
                + "\"plugins\": [{\"type\": \"../../bin/sh\"}]}")).hasMessageContaining("'../../bin/sh' is not");
    }

    @Test
    void theDirectoryFindsANetworkByNameAndAnUnknownOneIsNamedWithTheKnownOnes() throws IOException {
        Files.writeString(dir.resolve("10-mynet.conflist"), CONFLIST);
        Files.writeString(dir.resolve("20-other.conf"), "{\"cniVersion\": \"1.0.0\", \"name\": \"other\", "
                + "\"type\": \"macvlan\"}");
        Files.writeString(dir.resolve("30-broken.conf"), "{oops");
        Files.writeString(dir.resolve("README"), "not a configuration");
        CniNetworks networks = new CniNetworks(dir);
        assertThat(networks.find("mynet").plugins()).hasSize(2);
        assertThat(networks.find("other").source()).isEqualTo(dir.resolve("20-other.conf"));
        assertThatThrownBy(() -> networks.find("nope")).isInstanceOf(CniException.class)
                .hasMessageContaining("unknown CNI network 'nope'").hasMessageContaining("mynet, other")
                .hasMessageContaining("30-broken.conf");
    }

    @Test
    void aNameTwoFilesDefineIsRefused() throws IOException {
        Files.writeString(dir.resolve("a.conflist"), CONFLIST);
        Files.writeString(dir.resolve("b.conflist"), CONFLIST);
        assertThatThrownBy(() -> new CniNetworks(dir).find("mynet")).hasMessageContaining("defined twice");
        assertThatThrownBy(() -> new CniNetworks(dir.resolve("missing")).find("mynet"))
                .hasMessageContaining("does not exist");
    }

    @Test
    void pluginsOfAListGetTheNameVersionPreviousResultAndOnlyTheCapabilitiesTheyDeclare() {
        CniNetwork n = CniNetwork.parse(Path.of("x.conflist"), CONFLIST);
        Map<String, Object> runtime = CniIsolator.runtimeConfig(NetworkInfo.newBuilder().setName("mynet")
                .addPortMappings(NetworkInfo.PortMapping.newBuilder().setHostPort(8080).setContainerPort(80))
                .addPortMappings(NetworkInfo.PortMapping.newBuilder().setHostPort(5353).setContainerPort(53)
                        .setProtocol("UDP")).build());
        NetworkInfo info = NetworkInfo.newBuilder().setName("mynet").setLabels(org.agora.api.v1.Protos.Labels
                .newBuilder().addLabels(org.agora.api.v1.Protos.Label.newBuilder().setKey("app").setValue("web")))
                .build();
        Map<String, Object> bridge = CniPlugins.stdin(n, n.plugins().get(0), null, runtime, info);
        assertThat(bridge).containsEntry("name", "mynet").containsEntry("cniVersion", "1.0.0")
                .doesNotContainKeys("prevResult", "runtimeConfig");
        // as Mesos: the task's NetworkInfo in args, for plugins that act on labels
        assertThat(Json.write(bridge)).contains("\"args\":{\"org.apache.mesos\":{\"network_info\":{\"name\":\"mynet\","
                + "\"labels\":{\"labels\":[{\"key\":\"app\",\"value\":\"web\"}]}}}}");
        CniResult prev = CniResult.parse("bridge", "{\"cniVersion\": \"1.0.0\", \"ips\": [{\"address\": "
                + "\"10.22.0.5/16\", \"gateway\": \"10.22.0.1\", \"interface\": 1}]}");
        String portmap = Json.write(CniPlugins.stdin(n, n.plugins().get(1), prev, runtime, info));
        assertThat(portmap).contains("\"prevResult\":{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.22.0.5/16\"")
                .contains("\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,"
                        + "\"protocol\":\"tcp\"},{\"hostPort\":5353,\"containerPort\":53,\"protocol\":\"udp\"}]}");
        assertThat(CniIsolator.runtimeConfig(NetworkInfo.newBuilder().setName("mynet").build())).isEmpty();
    }

    @Test
    void resultsOfEachSpecVersionGiveTheirAddresses() {
        CniResult v1 = CniResult.parse("bridge", """
                {"cniVersion": "1.0.0", "interfaces": [{"name": "eth0", "sandbox": "/run/x/ns"}],
                 "ips": [{"address": "fd00::5/64", "interface": 0}, {"address": "10.1.2.3/24", "interface": 0}]}
                """);
        assertThat(v1.addresses()).extracting(NetworkInfo.IPAddress::getIpAddress)
                .containsExactly("10.1.2.3", "fd00::5");
        assertThat(v1.addresses()).extracting(NetworkInfo.IPAddress::getProtocol)
                .containsExactly(NetworkInfo.Protocol.IPv4, NetworkInfo.Protocol.IPv6);
        CniResult v04 = CniResult.parse("bridge", "{\"cniVersion\": \"0.4.0\", \"ips\": [{\"version\": \"4\", "
                + "\"address\": \"10.9.0.7/16\"}]}");
        assertThat(v04.addresses()).extracting(NetworkInfo.IPAddress::getIpAddress).containsExactly("10.9.0.7");
        CniResult v02 = CniResult.parse("bridge", "{\"cniVersion\": \"0.2.0\", \"ip4\": {\"ip\": \"10.8.0.2/24\"}}");
        assertThat(v02.addresses()).extracting(NetworkInfo.IPAddress::getIpAddress).containsExactly("10.8.0.2");
        assertThatThrownBy(() -> CniResult.parse("weird", "not json")).hasMessageContaining("CNI plugin 'weird'");
        NetworkInfo reported = new Attachment(CniNetwork.parse(Path.of("x.conflist"), CONFLIST), "eth0", Map.of(),
                NetworkInfo.newBuilder().setName("mynet").build(), java.util.Optional.of(v1)).reported();
        assertThat(reported.getName()).isEqualTo("mynet");
        assertThat(reported.getIpAddressesList()).hasSize(2);
    }

    @Test
    void anErrorDocumentGivesItsMessageDetailsAndCode() {
        assertThat(CniResult.errorMessage("{\"cniVersion\": \"1.0.0\", \"code\": 7, \"msg\": \"bad config\", "
                + "\"details\": \"no ipam\"}")).isEqualTo("bad config (no ipam) [CNI error code 7]");
        assertThat(CniResult.errorMessage("panic: something")).isNull();
    }

    @Test
    void thePluginDirectoriesAreAColonSeparatedList() {
        assertThat(CniPlugins.dirs("/usr/lib/cni: /opt/cni/bin::")).containsExactly(Path.of("/usr/lib/cni"),
                Path.of("/opt/cni/bin"));
        assertThatThrownBy(() -> new CniPlugins(List.of(dir), java.time.Duration.ofSeconds(1)).locate("bridge"))
                .hasMessageContaining("CNI plugin 'bridge' is not in " + dir);
    }

    @Test
    void aPluginThatDoesNotAnswerIsKilledAndTheLaunchFailsNamingIt() throws Exception {
        // a hanging plugin cannot be had from the real ones: this one is a script that never answers
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path hang = plugins.resolve("hang");
        Files.writeString(hang, "#!/bin/sh\necho $$ > \"$0.pid\"\nexec sleep 600\n");
        hang.toFile().setExecutable(true);
        CniNetwork n = CniNetwork.parse(Path.of("h.conf"), "{\"cniVersion\": \"1.0.0\", \"name\": \"h\", "
                + "\"type\": \"hang\"}");
        CniPlugins p = new CniPlugins(List.of(plugins), java.time.Duration.ofMillis(300));
        assertThatThrownBy(() -> p.add(n, "c1", dir.resolve("ns"), "eth0", Map.of(), NetworkInfo.getDefaultInstance()))
                .isInstanceOf(CniException.class)
                .hasMessageContaining("CNI plugin 'hang' of network 'h' failed to ADD container c1")
                .hasMessageContaining("no answer within 300 ms");
        long pid = Long.parseLong(Files.readString(plugins.resolve("hang.pid")).strip());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void aContainerIdThatCannotNameADirectoryIsRefused() {
        ContainerNetworkStore store = new ContainerNetworkStore(dir);
        assertThat(store.netns("0b7e-run.task_1")).isEqualTo(dir.resolve("isolators/network/cni/0b7e-run.task_1/ns"));
        assertThatThrownBy(() -> store.dir("../etc")).hasMessageContaining("container id '../etc'");
        assertThatThrownBy(() -> store.dir("..")).isInstanceOf(CniException.class);
    }

    @Test
    void theRecordOfAContainerReadsBackAsWritten() {
        ContainerNetworkStore store = new ContainerNetworkStore(dir);
        CniNetwork n = CniNetwork.parse(Path.of("/etc/cni/net.d/x.conflist"), CONFLIST);
        CniResult r = CniResult.parse("portmap", "{\"cniVersion\": \"1.0.0\", \"ips\": [{\"address\": "
                + "\"10.22.0.9/16\"}]}");
        NetworkInfo info = NetworkInfo.newBuilder().setName("mynet").addPortMappings(NetworkInfo.PortMapping
                .newBuilder().setHostPort(1).setContainerPort(2)).build();
        Attachment a = new Attachment(n, "eth0", CniIsolator.runtimeConfig(info), info, java.util.Optional.of(r));
        store.write("c1", List.of(a));
        List<Attachment> back = store.read("c1");
        assertThat(back).hasSize(1);
        assertThat(back.get(0).network().plugins()).isEqualTo(n.plugins());
        assertThat(back.get(0).network().source()).isEqualTo(n.source());
        assertThat(back.get(0).info()).isEqualTo(info);
        assertThat(back.get(0).result()).contains(r);
        assertThat(back.get(0).runtimeConfig()).isEqualTo(a.runtimeConfig());
        assertThat(store.containers()).containsExactly("c1");
        store.delete("c1");
        assertThat(store.containers()).isEmpty();
        assertThat(store.read("c1")).isEmpty();
    }
}
