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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.agora.agent.internal.AgentComponent;
import org.agora.agent.internal.task.ExecutorSettings;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.Environment;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.Image;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.Protos.Volume;
import org.agora.containerizer.mesos.internal.NativeContainerizer;
import org.agora.images.internal.DockerImageProvisioner;
import org.agora.isolator.cgroups.internal.Cgroups;
import org.agora.isolator.cgroups.internal.cpu.CpuIsolator;
import org.agora.isolator.cgroups.internal.memory.MemoryIsolator;
import org.agora.master.internal.MasterComponent;
import org.agora.scheduler.client.ContentType;
import org.agora.testing.topology.ImageRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image volumes (Mesos's {@code volume/image}) and custom executors in images, through a real master, agent, native
 * containerizer and image provisioner, from a real registry (Debian's docker-registry on a free loopback port) that
 * skopeo fills with images built here from Debian's static busybox. The executor in an image is a busybox shell
 * script, {@code busybox-executor.sh}, that speaks the v1 executor API in JSON with busybox's {@code wget}. As
 * root only, with those packages installed; skipped, saying why, otherwise.
 */
class ImageVolumeAndExecutorIT {
    private static final String MARKER = "agora-volume-it-" + Long.toHexString(System.nanoTime());

    @TempDir
    static Path dir;

    private static ImageRegistry registry;
    private static MasterComponent master;
    private static AgentComponent agent;
    private static NativeContainerizer containerizer;
    private static DockerImageProvisioner provisioner;
    private static String address;
    private static String volumeLayer;
    private static int agentPort;
    /** The cgroups the containerizer's cpu and memory isolators use, where this machine has a memory controller. */
    private static final String CGROUPS_ROOT = "agora-it-" + java.util.UUID.randomUUID();
    private static boolean cgroups;

    @BeforeAll
    static void start() throws Exception {
        Optional<String> missing = ImageRegistry.missing();
        assumeTrue(missing.isEmpty(), () -> "ImageVolumeAndExecutorIT skipped: " + missing.orElse(""));
        registry = new ImageRegistry(dir.resolve("registry"));
        ImageRegistry.ociLayout(dir.resolve("img-a"), MARKER);
        registry.push(dir.resolve("img-a"), "agora-it/busybox:latest", false);
        volumeLayer = ImageRegistry.ociLayout(dir.resolve("img-vol"), MARKER + "-volume");
        registry.push(dir.resolve("img-vol"), "agora-it/volume:latest", false);

        master = InProcessCluster.leadingMaster();
        address = InProcessCluster.address(master);
        agentPort = freePort();
        cgroups = Files.isWritable(Path.of("/sys/fs/cgroup")) && memoryIsolator().isPresent();
        startAgent();
        InProcessCluster.awaitAgents(master, 1);
    }

    /**
     * An agent (on the same work directory and port each time) with a new containerizer and provisioner; an executor
     * that does not subscribe again after a restart is given a minute before it is killed.
     */
    private static void startAgent() {
        provisioner = new DockerImageProvisioner(Map.of("store.dir", dir.resolve("store").toString(),
                "provisioner.dir", dir.resolve("provisioner").toString(), "gc.interval.ms", "0"));
        if (cgroups) {
            containerizer = NativeContainerizer.withIsolation("cgroups/cpu,cgroups/mem,namespaces/pid");
            containerizer.useIsolator(new CpuIsolator(new Cgroups(Map.of("cgroups.root", CGROUPS_ROOT)), Map.of()));
            containerizer.useIsolator(memoryIsolator().orElseThrow());
        } else {
            containerizer = NativeContainerizer.withIsolation("namespaces/pid");
        }
        containerizer.useProvisioner(provisioner);
        agent = new AgentComponent(InProcessCluster.settings(Optional.empty(), Optional.of(address),
                dir.resolve("agent"), "cpus:8;mem:4096;disk:1000", agentPort).withExecutors(new ExecutorSettings(
                        Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofMinutes(30),
                        Duration.ofMinutes(15))));
        agent.useContainerizer(containerizer);
    }

    private static Optional<MemoryIsolator> memoryIsolator() {
        MemoryIsolator memory = new MemoryIsolator(new Cgroups(Map.of("cgroups.root", CGROUPS_ROOT)), Map.of());
        try {
            memory.validate();
            return Optional.of(memory);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (containerizer != null) {
            // a test that failed half way may have left a task or executor waiting for its 'stop' file: release them
            // so that the containerizer removes their rootfs, mounts and cgroups before it stops
            try (Stream<Path> files = Files.walk(dir.resolve("agent"))) {
                for (Path run : files.filter(p -> p.getParent() != null && p.getParent().getFileName() != null
                        && p.getParent().getFileName().toString().equals("runs")).toList()) {
                    Files.writeString(run.resolve("stop"), "");
                }
            }
            try {
                await().atMost(Framework.patience()).until(() -> containerizer.containers().isEmpty());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // stop anyway: the test that left them has failed already
            }
        }
        if (agent != null) {
            agent.stop();
            master.stop();
            containerizer.stop();
        }
        if (provisioner != null) {
            provisioner.deactivate();
        }
        if (registry != null) {
            registry.close();
        }
        if (cgroups) {
            try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
                for (Path h : hierarchies.toList()) {
                    Files.deleteIfExists(h.resolve(CGROUPS_ROOT)); // empty by now: every container was cleaned up
                }
            }
        }
    }

    @Test
    void anImageVolumeIsReadOnlyInAnImageTaskAndAPlainTaskPulledOnceAndCollectableAfter() throws Exception {
        String volumeImage = registry.host() + "/agora-it/volume:latest";
        String probe = "cat %s/etc/agora-image-marker; { echo x > %s/written; } 2>&1; echo done";
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("image-volumes").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            TaskInfo inImage = withVolumes(task(o, "in-image", Optional.of(registry.host()
                    + "/agora-it/busybox:latest"), probe.formatted("/vol", "/vol")),
                    imageVolume("/vol", Volume.Mode.RO, volumeImage));
            TaskInfo plain = withVolumes(task(o, "plain", Optional.empty(), probe.formatted("vol", "vol")),
                    imageVolume("vol", Volume.Mode.RO, volumeImage));
            f.client.launch(List.of(o.getId()), List.of(inImage, plain), Filters.newBuilder().setRefuseSeconds(0)
                    .build()).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(120)).until(() -> terminal(f.state("in-image"))
                    && terminal(f.state("plain")));

            for (String t : List.of("in-image", "plain")) {
                assertThat(f.state(t)).as(t + ": " + f.last(t).getMessage()).isEqualTo(TaskState.TASK_FINISHED);
                assertThat(Files.readString(sandboxOf(t).resolve("stdout"))).as(t).contains(MARKER + "-volume")
                        .contains("Read-only file system").contains("done");
            }
            // two containers, one pull of the volume's layer
            assertThat(registry.blobGets(volumeLayer)).isEqualTo(1);
            // both ended: every rootfs (theirs and their volumes') is gone, nothing stays mounted
            await().atMost(Framework.patience()).until(() -> containerizer.containers().isEmpty()
                    && rootfsLeft().isEmpty());
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(
                    dir.resolve("provisioner").toString());
            // no container uses the volume's layer now: the image GC may remove it
            provisioner.pruneImages(List.of()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(dir.resolve("store/layers").resolve(volumeLayer.substring(7))).doesNotExist();
        }
    }

    @Test
    void aReadWriteImageVolumeAndOneWhoseImageCannotBePulledFailTheTaskNamingTheVolume() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("image-volumes-bad").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            TaskInfo rw = withVolumes(task(o, "rw", Optional.empty(), "true"), imageVolume("/vol", Volume.Mode.RW,
                    registry.host() + "/agora-it/volume:latest"));
            TaskInfo missing = withVolumes(task(o, "missing", Optional.empty(), "true"), imageVolume("data",
                    Volume.Mode.RO, registry.host() + "/agora-it/no-such-volume:latest"));
            f.client.launch(List.of(o.getId()), List.of(rw, missing), Filters.newBuilder().setRefuseSeconds(0)
                    .build()).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> terminal(f.state("rw")) && terminal(f.state("missing")));

            TaskStatus refused = f.last("rw");
            assertThat(refused.getState()).isEqualTo(TaskState.TASK_FAILED);
            assertThat(refused.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            assertThat(refused.getMessage()).contains("volume '/vol' refused: image volumes are read-only");
            TaskStatus notPulled = f.last("missing");
            assertThat(notPulled.getState()).isEqualTo(TaskState.TASK_FAILED);
            assertThat(notPulled.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            assertThat(notPulled.getMessage()).contains("volume 'data' refused")
                    .contains("agora-it/no-such-volume:latest");
        }
    }

    @Test
    void aCustomExecutorInAnImageRunsThereIsolatedReachesTheAgentAndRunsItsTask() throws Exception {
        ExecutorInfo executor = busyboxExecutor("in-busybox", true);
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("image-executor").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            f.client.launch(List.of(o.getId()), List.of(executorTask(o, "by-executor", executor)),
                    Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(120)).until(() -> terminal(f.state("by-executor")));
            assertThat(f.state("by-executor")).as(f.last("by-executor").getMessage())
                    .isEqualTo(TaskState.TASK_FINISHED);

            Path probe = sandboxOf("in-busybox").resolve("probe.txt");
            await().atMost(Framework.patience()).until(() -> Files.readString(probe).contains("done"));
            String seen = Files.readString(probe);
            // it ran in the image (its files, not the host's), as pid 1 of its own pid namespace, its sandbox bound
            // at /mnt/mesos/sandbox, MESOS_DIRECTORY the host's path, as Mesos sets them for an executor in an image
            assertThat(seen).contains("marker=" + MARKER).contains("sandbox=/mnt/mesos/sandbox")
                    .contains("directory=" + probe.getParent()).contains("pid=1").contains("launched=by-executor")
                    .doesNotContain("HOST-FILES-VISIBLE");
            if (cgroups) {
                // isolated as a command task is: its memory limit is its own resources' and its task's, 32 + 32 MB
                String memory = Files.readAllLines(probe.resolveSibling("cgroups.txt")).stream()
                        .filter(l -> l.split(":", 3)[1].contains("memory") || l.startsWith("0::")).findFirst()
                        .orElseThrow().split(":", 3)[2];
                assertThat(memory).contains(CGROUPS_ROOT);
                Path v1 = Path.of("/sys/fs/cgroup/memory" + memory, "memory.limit_in_bytes");
                Path v2 = Path.of("/sys/fs/cgroup" + memory, "memory.max");
                assertThat(Long.parseLong(Files.readString(Files.exists(v1) ? v1 : v2).trim())).isEqualTo(64L << 20);
            }
            Files.writeString(probe.resolveSibling("stop"), "");
            // the executor exited: its container and rootfs are gone
            await().atMost(Framework.patience()).until(() -> containerizer.containers().isEmpty()
                    && rootfsLeft().isEmpty());
        }
    }

    @Test
    void anExecutorWhoseImageCannotBePulledFailsItsTaskNamingTheImage() throws Exception {
        ExecutorInfo executor = busyboxExecutor("unpullable", false).toBuilder().setContainer(ContainerInfo
                .newBuilder().setType(ContainerInfo.Type.MESOS).setMesos(ContainerInfo.MesosInfo.newBuilder()
                        .setImage(docker(registry.host() + "/agora-it/no-such-executor:1")))).build();
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("image-executor-missing").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            f.client.launch(List.of(o.getId()), List.of(executorTask(o, "never-run", executor)),
                    Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> terminal(f.state("never-run")));
            TaskStatus failed = f.last("never-run");
            assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
            assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            assertThat(failed.getMessage()).contains("agora-it/no-such-executor:1");
        }
    }

    @Test
    void anAgentRestartKeepsTheRootfsOfARunningImageExecutorAndOfATasksImageVolumeAndRemovesThemAfter()
            throws Exception {
        ExecutorInfo executor = busyboxExecutor("lingering", true);
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("image-restart").setCheckpoint(true).setFailoverTimeout(60).build())
                    .get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            TaskInfo durable = withVolumes(task(o, "durable-vol", Optional.of(registry.host()
                    + "/agora-it/busybox:latest"), "echo up; while ! test -e stop; do sleep 0.1; done; "
                            + "cat /vol/etc/agora-image-marker"), imageVolume("/vol", Volume.Mode.RO,
                                    registry.host() + "/agora-it/volume:latest"));
            f.client.launch(List.of(o.getId()), List.of(durable, executorTask(o, "by-lingering", executor)),
                    Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(120)).until(() -> f.state("durable-vol") == TaskState.TASK_RUNNING
                    && f.state("by-lingering") == TaskState.TASK_FINISHED);
            // the task's rootfs and its volume's, the executor's: three, and they stay while their processes run
            await().atMost(Framework.patience()).until(() -> rootfsLeft().size() == 3);
            // the executor has had both updates acknowledged: it lingers now, no longer listening to the agent
            Path probe = sandboxOf("lingering").resolve("probe.txt");
            await().atMost(Framework.patience()).until(() -> Files.readString(probe).contains("done"));
            List<Path> before = rootfsLeft();

            agent.stop();
            containerizer.stop();
            provisioner.deactivate();
            startAgent();
            await().atMost(Framework.patience()).until(() -> containerizer.containers().size() == 2);
            // recovered: the new provisioner removed none of them (the volume's is nested under its task's)
            assertThat(rootfsLeft()).containsExactlyInAnyOrderElementsOf(before);
            for (Path p : before) {
                assertThat(p.resolve("rootfs").resolve(ImageRegistry.MARKER_FILE)).exists();
            }

            Files.writeString(sandboxOf("durable-vol").resolve("stop"), "");
            Files.writeString(sandboxOf("lingering").resolve("stop"), "");
            await().atMost(Framework.patience()).until(() -> terminal(f.state("durable-vol")));
            assertThat(f.state("durable-vol")).as(f.last("durable-vol").getMessage())
                    .isEqualTo(TaskState.TASK_FINISHED);
            assertThat(Files.readString(sandboxOf("durable-vol").resolve("stdout"))).contains(MARKER + "-volume");
            await().atMost(Framework.patience()).until(() -> containerizer.containers().isEmpty()
                    && rootfsLeft().isEmpty());
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(
                    dir.resolve("provisioner").toString());
        }
    }

    /** A custom executor running busybox-executor.sh in the busybox image; {@code linger}: it stays until told. */
    private static ExecutorInfo busyboxExecutor(String id, boolean linger) throws IOException {
        String script;
        try (java.io.InputStream in = ImageVolumeAndExecutorIT.class.getResourceAsStream("/busybox-executor.sh")) {
            script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        CommandInfo.Builder command = CommandInfo.newBuilder().setValue(script);
        if (linger) {
            command.setEnvironment(Environment.newBuilder().addVariables(Environment.Variable.newBuilder()
                    .setName("AGORA_LINGER").setValue("1")));
        }
        return ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.CUSTOM)
                .setExecutorId(ExecutorID.newBuilder().setValue(id)).setName("busybox executor " + id)
                .setCommand(command).addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                .setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS).setMesos(
                        ContainerInfo.MesosInfo.newBuilder().setImage(docker(registry.host()
                                + "/agora-it/busybox:latest")))).build();
    }

    private static TaskInfo executorTask(Offer o, String id, ExecutorInfo executor) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(o.getAgentId()).addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                .setExecutor(executor).build();
    }

    private static TaskInfo task(Offer o, String id, Optional<String> image, String command) {
        ContainerInfo.Builder container = ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS);
        image.ifPresent(i -> container.setMesos(ContainerInfo.MesosInfo.newBuilder().setImage(docker(i))));
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id)).setAgentId(o.getAgentId())
                .addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                .setCommand(CommandInfo.newBuilder().setValue(command)).setContainer(container).build();
    }

    private static Image docker(String name) {
        return Image.newBuilder().setType(Image.Type.DOCKER).setDocker(Image.Docker.newBuilder().setName(name))
                .build();
    }

    private static TaskInfo withVolumes(TaskInfo task, Volume... volumes) {
        return task.toBuilder().setContainer(task.getContainer().toBuilder().addAllVolumes(List.of(volumes))).build();
    }

    private static Volume imageVolume(String containerPath, Volume.Mode mode, String image) {
        return Volume.newBuilder().setMode(mode).setContainerPath(containerPath).setImage(docker(image)).build();
    }

    private static boolean terminal(TaskState s) {
        return s == TaskState.TASK_FINISHED || s == TaskState.TASK_FAILED || s == TaskState.TASK_KILLED
                || s == TaskState.TASK_LOST || s == TaskState.TASK_ERROR || s == TaskState.TASK_DROPPED;
    }

    /** A command task's or custom executor's sandbox: .../executors/<task or executor id>/runs/<container id>. */
    private static Path sandboxOf(String task) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("agent"))) {
            return files.filter(p -> p.getFileName().toString().equals("stdout")
                    && p.getParent().getParent().getParent().getFileName().toString().equals(task))
                    .map(Path::getParent).findFirst().orElseThrow(() -> new AssertionError("no sandbox of " + task));
        }
    }

    private static List<Path> rootfsLeft() throws IOException {
        Path containers = dir.resolve("provisioner/containers");
        if (!Files.isDirectory(containers)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(containers)) {
            return s.toList();
        }
    }
}
