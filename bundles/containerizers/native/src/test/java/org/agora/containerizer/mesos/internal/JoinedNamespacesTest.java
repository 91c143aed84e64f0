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
package org.agora.containerizer.mesos.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerLimitation;
import org.agora.api.containerizer.ContainerState;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.containerizer.ContainerizerException;
import org.agora.api.isolator.Isolator;
import org.agora.api.isolator.LaunchContribution;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.ContainerStatus;
import org.agora.api.v1.Protos.NetworkInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Namespaces an isolator makes for a container to enter ({@code LaunchContribution.joinNamespaces}). */
class JoinedNamespacesTest {
    @TempDir
    Path dir;

    private ContainerConfig config(String id, String command, NetworkInfo... networks) throws Exception {
        Path sandbox = Files.createDirectories(dir.resolve(id));
        return new ContainerConfig(ContainerID.newBuilder().setValue(id).build(),
                CommandInfo.newBuilder().setValue(command).build(), Resources.parse("cpus:0.1;mem:32"), sandbox,
                Optional.empty(), Optional.of(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                        .addAllNetworkInfos(List.of(networks)).build()), Map.of());
    }

    @Test
    void theLaunchEntersJoinedNamespacesFirstAndChangesNothingWithoutThem() {
        List<String> argv = List.of("/bin/sh", "-c", "exec \"$@\"", "agora-launcher", "true");
        assertThat(NamespaceEntry.prefix(Map.of(), argv)).isSameAs(argv);
        List<String> entered = NamespaceEntry.prefix(Map.of("net", "/run/x/ns"), argv);
        assertThat(entered.get(0)).endsWith("nsenter");
        assertThat(entered.subList(1, 3)).containsExactly("--net=/run/x/ns", "--");
        assertThat(entered.subList(3, entered.size())).isEqualTo(argv);
        assertThatThrownBy(() -> NamespaceEntry.prefix(Map.of("pid", "/run/x/pid"), argv))
                .isInstanceOf(ContainerizerException.class).hasMessageContaining("'pid'");
    }

    @Test
    void aContainerThatNamesNetworksWithoutNetworkCniIsRefusedNamingThem() throws Exception {
        NativeContainerizer c = new NativeContainerizer(ContainerizerSettings.parse(""));
        ContainerConfig config = config("nets", "true", NetworkInfo.newBuilder().setName("blue").build());
        assertThatThrownBy(() -> c.launch(config).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().hasMessageContaining("CNI network 'blue'")
                .hasMessageContaining("network/cni isolator is not in 'isolation'");
        c.stop();
    }

    @Test
    void theTaskRunsInTheNamespaceTheIsolatorMadeAndItsStatusCarriesWhatTheIsolatorSays() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        Path ns = dir.resolve("ns");
        NetnsIsolator isolator = new NetnsIsolator(ns);
        NativeContainerizer c = new NativeContainerizer(ContainerizerSettings.parse("network/cni"));
        c.useIsolator(isolator);
        // it waits for the test's go file in its sandbox: a container that has ended has no status to ask for
        ContainerConfig config = config("joined", "readlink /proc/self/ns/net; while [ ! -e go ]; do sleep 0.05; done",
                NetworkInfo.newBuilder().setName("blue").build());
        c.launch(config).toCompletableFuture().get(10, TimeUnit.SECONDS);
        ContainerStatus status = c.status(config.containerId()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        Files.writeString(config.sandbox().resolve("go"), "");
        assertThat(status.getContainerId()).isEqualTo(config.containerId());
        assertThat(status.getNetworkInfos(0).getIpAddresses(0).getIpAddress()).isEqualTo("10.0.0.9");
        long inode = (Long) Files.getAttribute(ns, "unix:ino");
        assertThat(c.wait(config.containerId()).toCompletableFuture().get(30, TimeUnit.SECONDS).status())
                .hasValue(0);
        String host = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        assertThat(Files.readString(config.sandbox().resolve("stdout")).strip()).isEqualTo("net:[" + inode + "]")
                .isNotEqualTo(host);
        assertThat(ns).doesNotExist(); // cleaned up by the isolator once the container ended
        c.stop();
    }

    /** A network namespace bound at a file, as network/cni makes one, without any plugin. */
    private static final class NetnsIsolator implements Isolator {
        private final Path ns;

        NetnsIsolator(Path ns) {
            this.ns = ns;
        }

        @Override
        public String name() {
            return "network/cni";
        }

        @Override
        public void validate() {
        }

        @Override
        public void recover(List<ContainerState> states) {
        }

        @Override
        public LaunchContribution prepare(ContainerConfig config) {
            run("touch", ns.toString());
            run("unshare", "--net=" + ns, "true");
            return new LaunchContribution(Map.of(), Set.of(), List.of(), Map.of("net", ns.toString()));
        }

        @Override
        public void isolate(ContainerID containerId, long pid) {
        }

        @Override
        public CompletionStage<ContainerLimitation> watch(ContainerID containerId) {
            return new CompletableFuture<>();
        }

        @Override
        public void update(ContainerID containerId, Resources resources) {
        }

        @Override
        public ContainerUsage usage(ContainerID containerId) {
            return new ContainerUsage(0, -1, -1, -1, -1, -1, -1);
        }

        @Override
        public ContainerStatus status(ContainerID containerId) {
            return ContainerStatus.newBuilder().addNetworkInfos(NetworkInfo.newBuilder().setName("blue")
                    .addIpAddresses(NetworkInfo.IPAddress.newBuilder().setIpAddress("10.0.0.9"))).build();
        }

        @Override
        public void cleanup(ContainerID containerId) {
            run("umount", ns.toString());
            run("rm", "-f", ns.toString());
        }

        private static void run(String... argv) {
            try {
                Process p = new ProcessBuilder(argv).inheritIO().start();
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", argv) + " failed");
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
