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
package org.agora.agent.internal.task;

import static org.agora.agent.internal.task.TaskHarness.framework;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.agora.agent.internal.launcher.ContainerizerSlot;
import org.agora.api.image.ImageProvisioner;
import org.agora.api.image.ImageRuntimeConfig;
import org.agora.api.image.ProvisionedImage;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.Image;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.containerizer.mesos.internal.NativeContainerizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A custom executor in an image runs through the real native containerizer, and a new instance of it (a bundle
 * update) adopts the executor's container and reports its end, as it does a command task's. As root, with Debian's
 * static busybox as the image's only program (a prepared directory stands in for agora-images' rootfs); the executor
 * here never subscribes: its process is what is followed.
 */
class ImageExecutorSwapTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @TempDir
    Path workDir;
    @TempDir
    Path images;

    private final ContainerizerSlot slot = new ContainerizerSlot(true);
    private final List<NativeContainerizer> containerizers = new ArrayList<>();
    private final BusyboxProvisioner provisioner = new BusyboxProvisioner();
    private TaskHarness agent;

    @BeforeEach
    void needsRootAndBusybox() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: image containers need mounts");
        assumeTrue(Files.isExecutable(BUSYBOX), "needs Debian's busybox-static");
        Process ldd = new ProcessBuilder("ldd", BUSYBOX.toString()).redirectErrorStream(true).start();
        assumeTrue(new String(ldd.getInputStream().readAllBytes()).contains("not a dynamic executable"),
                "/bin/busybox is not the static one (busybox-static)");
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        containerizers.forEach(NativeContainerizer::stop);
    }

    private NativeContainerizer containerizer() {
        NativeContainerizer c = NativeContainerizer.withIsolation("namespaces/pid");
        c.useProvisioner(provisioner);
        containerizers.add(c);
        return c;
    }

    @Test
    void anExecutorInAnImageRunsInItAndANewContainerizerInstanceReportsItsEnd() throws Exception {
        agent = new TaskHarness(workDir, true, slot);
        NativeContainerizer old = containerizer();
        slot.set(old);
        ExecutorInfo executor = ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("e-img"))
                .addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                .setCommand(CommandInfo.newBuilder().setValue("cat /etc/marker > seen; echo $$ $MESOS_SANDBOX "
                        + ">> seen; while [ ! -e go ]; do sleep 0.05; done; exit 3"))
                .setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS).setMesos(ContainerInfo
                        .MesosInfo.newBuilder().setImage(Image.newBuilder().setType(Image.Type.DOCKER).setDocker(
                                Image.Docker.newBuilder().setName("test/busybox:1"))))).build();
        agent.run(framework(), TaskInfo.newBuilder().setName("t").setTaskId(TaskHarness.id("t-img"))
                .setAgentId(TaskHarness.AGENT).addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                .setExecutor(executor).build());

        // it runs in the image, as pid 1 of its own pid namespace, launched by the containerizer
        await().atMost(Duration.ofSeconds(15)).until(() -> old.containers().size() == 1);
        Path sandbox = agent.sandbox("e-img");
        assertThat(old.containers()).extracting(ContainerID::getValue).containsExactly(sandbox.getFileName()
                .toString());
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(sandbox.resolve("seen"))
                && Files.readString(sandbox.resolve("seen")).lines().count() == 2);
        assertThat(Files.readString(sandbox.resolve("seen"))).isEqualTo("image-marker\n1 /mnt/mesos/sandbox\n");
        assertThat(provisioner.provisioned).hasSize(1);

        // the bundle update: the old instance goes, the executor keeps running and then ends while none is bound
        slot.clear(old);
        old.stop();
        Files.createFile(sandbox.resolve("go"));
        NativeContainerizer next = containerizer();
        slot.set(next);

        // the new instance adopted the executor's container and reports its end: its task fails, once
        TaskStatus failed = agent.awaitTerminal("t-img");
        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
        // and its rootfs went with it
        await().atMost(Duration.ofSeconds(15)).until(() -> next.containers().isEmpty()
                && provisioner.destroyed.size() == 1);
        assertThat(agent.sentFor("t-img").stream().filter(s -> s.getState() == TaskState.TASK_FAILED)).hasSize(1);
    }

    /** A rootfs per container: the static busybox, a few applets and /etc/marker. */
    private final class BusyboxProvisioner implements ImageProvisioner {
        final List<String> provisioned = new CopyOnWriteArrayList<>();
        final List<String> destroyed = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<ProvisionedImage> provision(ContainerID containerId, Image image) {
            try {
                Path root = Files.createDirectories(images.resolve(containerId.getValue()));
                Files.createDirectories(root.resolve("bin"));
                Files.createDirectories(root.resolve("etc"));
                Files.copy(BUSYBOX, root.resolve("bin/busybox"));
                for (String applet : List.of("sh", "cat", "echo", "test", "sleep")) {
                    Files.createSymbolicLink(root.resolve("bin/" + applet), Path.of("busybox"));
                }
                Files.writeString(root.resolve("etc/marker"), "image-marker\n");
                provisioned.add(containerId.getValue());
                return CompletableFuture.completedFuture(new ProvisionedImage(containerId, root,
                        image.getDocker().getName(), "sha256:00", List.of(), new ImageRuntimeConfig(
                                List.of("PATH=/bin"), List.of(), List.of(), "", "")));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public CompletionStage<Boolean> destroy(ContainerID containerId) {
            if (provisioned.contains(containerId.getValue()) && !destroyed.contains(containerId.getValue())) {
                destroyed.add(containerId.getValue());
                return CompletableFuture.completedFuture(true);
            }
            return CompletableFuture.completedFuture(false);
        }

        @Override
        public CompletionStage<Void> recover(Set<ContainerID> knownContainerIds) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> pruneImages(List<Image> excludedImages) {
            return CompletableFuture.completedFuture(null);
        }
    }
}
