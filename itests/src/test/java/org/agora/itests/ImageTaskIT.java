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
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.agora.agent.internal.AgentComponent;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.HealthCheck;
import org.agora.api.v1.Protos.ContainerInfo;
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
import org.agora.master.internal.MasterComponent;
import org.agora.scheduler.client.ContentType;
import org.agora.testing.topology.ImageRegistry;
import org.agora.testing.topology.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command tasks in Docker/OCI images, through a real master, agent, native containerizer and image provisioner, from a
 * real registry (Debian's docker-registry on a free loopback port) that skopeo fills with an image built here from
 * Debian's static busybox, as an OCI manifest and as a Docker v2 schema 2 manifest. As root only (mount namespaces),
 * with those packages installed; skipped, saying why, otherwise.
 */
class ImageTaskIT {
    private static final String MARKER = "agora-image-it-" + Long.toHexString(System.nanoTime());
    private static final String PROBE = "cat /etc/agora-image-marker; echo env=$AGORA_IMAGE_ENV; "
            + "echo sandbox=$MESOS_SANDBOX; echo task=$TASK_ENV; echo pwd=$(pwd); echo pid=$$; "
            + "test -e /usr/bin/java -o -e /usr/bin/python3 -o -e /etc/debian_version && echo HOST-FILES-VISIBLE; "
            + "echo done";

    @TempDir
    static Path dir;

    private static ImageRegistry registry;
    private static MasterComponent master;
    private static AgentComponent agent;
    private static NativeContainerizer containerizer;
    private static DockerImageProvisioner provisioner;
    private static String address;
    private static String freshLayer;
    private static int agentPort;

    @BeforeAll
    static void start() throws Exception {
        Optional<String> missing = ImageRegistry.missing();
        assumeTrue(missing.isEmpty(), () -> "ImageTaskIT skipped: " + missing.orElse(""));
        registry = new ImageRegistry(dir.resolve("registry"));
        ImageRegistry.ociLayout(dir.resolve("img-a"), MARKER, "AGORA_IMAGE_ENV=from-image");
        registry.push(dir.resolve("img-a"), "agora-it/busybox:oci", false);
        registry.push(dir.resolve("img-a"), "agora-it/busybox:v2s2", true);
        freshLayer = ImageRegistry.ociLayout(dir.resolve("img-b"), MARKER + "-fresh", "AGORA_IMAGE_ENV=from-image");
        registry.push(dir.resolve("img-b"), "agora-it/fresh:latest", false);

        agentPort = Ports.free(); // below the ephemeral range: no outgoing connection takes it meanwhile
        master = InProcessCluster.leadingMaster();
        address = InProcessCluster.address(master);
        startAgent();
        InProcessCluster.awaitAgents(master, 1);
    }

    /** An agent (on the same work directory and port each time) with a new containerizer and provisioner. */
    private static void startAgent() {
        provisioner = new DockerImageProvisioner(Map.of("store.dir", dir.resolve("store").toString(),
                "provisioner.dir", dir.resolve("provisioner").toString(), "gc.interval.ms", "0"));
        containerizer = NativeContainerizer.withIsolation("namespaces/pid");
        containerizer.useProvisioner(provisioner);
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
        }
        if (provisioner != null) {
            provisioner.deactivate();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void imageTasksStartWithTheNativeLauncherWhereTheBuildShippedIt() {
        // a build without gcc ships no launcher: the tests here then run the /bin/sh script it falls back to
        boolean shipped = NativeContainerizer.class.getResource("/META-INF/agora/linux-x86_64/agora-launcher") != null;
        assertThat(containerizer.nativeLauncher()).isEqualTo(shipped);
    }

    @Test
    void tasksRunInTheImageSeeItsFilesAndEnvNotTheHostsAndAMissingImageFailsTheLaunch() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("images").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            String reg = registry.host();
            f.client.launch(List.of(o.getId()), List.of(
                    task(o, "oci", reg + "/agora-it/busybox:oci", PROBE),
                    task(o, "v2s2", reg + "/agora-it/busybox:v2s2", PROBE),
                    task(o, "missing", reg + "/agora-it/no-such-image:latest", "true")),
                    Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(120)).until(() -> Stream.of("oci", "v2s2", "missing")
                    .allMatch(t -> terminal(f.state(t))));

            for (String t : List.of("oci", "v2s2")) {
                assertThat(f.state(t)).as(t + ": " + f.last(t).getMessage()).isEqualTo(TaskState.TASK_FINISHED);
                String out = Files.readString(sandboxOf(t).resolve("stdout"));
                assertThat(out).as(t).contains(MARKER).contains("env=from-image").contains("task=from-task")
                        .contains("sandbox=/mnt/mesos/sandbox").contains("pwd=/mnt/mesos/sandbox")
                        .contains("pid=1").contains("done").doesNotContain("HOST-FILES-VISIBLE");
            }
            TaskStatus missing = f.last("missing");
            assertThat(missing.getState()).isEqualTo(TaskState.TASK_FAILED);
            assertThat(missing.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            assertThat(missing.getMessage()).contains("no-such-image");

            // every container ended: their rootfs are gone and the host's mount table holds none of them
            await().atMost(Framework.patience()).until(() -> containerizer.containers().isEmpty());
            assertThat(rootfsLeft()).isEmpty();
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(
                    dir.resolve("provisioner").toString());
        }
    }

    @Test
    void aCommandHealthCheckOfATaskInAnImageRunsInsideTheImage() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("images-health").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            // passes only in the image's root, in the task's pid namespace, with the sandbox where the task sees it
            String check = "grep -q " + MARKER + " /etc/agora-image-marker && test ! -e /etc/debian_version"
                    + " && test \"$MESOS_SANDBOX\" = /mnt/mesos/sandbox && test -e /mnt/mesos/sandbox/stdout"
                    + " && grep -q sleep /proc/1/cmdline && test \"$TASK_ENV\" = from-task";
            TaskInfo t = task(o, "img-checked", registry.host() + "/agora-it/busybox:oci", "exec sleep 300")
                    .toBuilder().setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND)
                            .setCommand(CommandInfo.newBuilder().setValue(check)).setDelaySeconds(0)
                            .setIntervalSeconds(0.2).setGracePeriodSeconds(120)).build();
            f.client.launch(List.of(o.getId()), List.of(t), Filters.newBuilder().setRefuseSeconds(0).build())
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(120)).until(() -> f.statuses.getOrDefault("img-checked", List.of())
                    .stream().anyMatch(s -> s.getReason() == TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED
                            && s.getHealthy()));
            f.client.kill(TaskID.newBuilder().setValue("img-checked").build(), o.getAgentId());
            await().atMost(Framework.patience()).until(() -> f.state("img-checked") == TaskState.TASK_KILLED);
            await().atMost(Framework.patience()).until(() -> containerizer.containers().isEmpty());
        }
    }

    /** Tasks of one image never pulled before, launched at once (issue 13: "20 concurrent tasks ... pull it once"). */
    private static final int CONCURRENT = 20;

    @Test
    void concurrentTasksOfANewImageFetchItsLayerOnce() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("images-fresh").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            String image = registry.host() + "/agora-it/fresh:latest";
            List<TaskInfo> tasks = IntStream.range(0, CONCURRENT).mapToObj(i -> task(o, "fresh-" + i, image,
                    "cat /etc/agora-image-marker")).toList();
            f.client.launch(List.of(o.getId()), tasks, Filters.newBuilder().setRefuseSeconds(0).build())
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(120)).until(() -> IntStream.range(0, CONCURRENT)
                    .allMatch(i -> terminal(f.state("fresh-" + i))));
            for (int i = 0; i < CONCURRENT; i++) {
                assertThat(f.state("fresh-" + i)).as(f.last("fresh-" + i).getMessage())
                        .isEqualTo(TaskState.TASK_FINISHED);
                assertThat(Files.readString(sandboxOf("fresh-" + i).resolve("stdout"))).contains(MARKER + "-fresh");
            }
            assertThat(registry.blobGets(freshLayer)).isEqualTo(1);
        }
    }

    @Test
    void volumesAreBoundIntoTheImageAndABadOneFailsTheTaskNamingIt() throws Exception {
        Path ro = Files.createDirectories(dir.resolve("volumes/ro"));
        Files.writeString(ro.resolve("hello"), "hello from the host\n");
        Path rw = Files.createDirectories(dir.resolve("volumes/rw"));
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("images-volumes").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            String image = registry.host() + "/agora-it/busybox:oci";
            TaskInfo good = withVolumes(task(o, "vol", image, "cat /data/ro/hello; { echo x > /data/ro/f; } 2>&1; "
                    + "{ echo x > /sys/agora-probe; } 2>&1; echo from-task > /data/rw/out.txt; echo done"),
                    hostPathVolume(ro.toString(), "/data/ro", Volume.Mode.RO),
                    hostPathVolume(rw.toString(), "/data/rw", Volume.Mode.RW));
            TaskInfo bad = withVolumes(task(o, "vol-bad", image, "true"),
                    hostPathVolume("not/absolute", "/data", Volume.Mode.RO));
            f.client.launch(List.of(o.getId()), List.of(good, bad), Filters.newBuilder().setRefuseSeconds(0).build())
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> terminal(f.state("vol")) && terminal(f.state("vol-bad")));

            assertThat(f.state("vol")).as(f.last("vol").getMessage()).isEqualTo(TaskState.TASK_FINISHED);
            assertThat(Files.readString(sandboxOf("vol").resolve("stdout"))).contains("hello from the host")
                    .contains("Read-only file system").contains("done");
            assertThat(ro.resolve("f")).doesNotExist();
            assertThat(rw.resolve("out.txt")).hasContent("from-task");
            TaskStatus refused = f.last("vol-bad");
            assertThat(refused.getState()).isEqualTo(TaskState.TASK_FAILED);
            assertThat(refused.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            assertThat(refused.getMessage()).contains("volume '/data' refused: host path 'not/absolute' is not "
                    + "absolute");
        }
    }

    private static TaskInfo withVolumes(TaskInfo task, Volume... volumes) {
        return task.toBuilder().setContainer(task.getContainer().toBuilder().addAllVolumes(List.of(volumes))).build();
    }

    private static Volume hostPathVolume(String hostPath, String containerPath, Volume.Mode mode) {
        return Volume.newBuilder().setMode(mode).setContainerPath(containerPath).setSource(Volume.Source.newBuilder()
                .setType(Volume.Source.Type.HOST_PATH).setHostPath(Volume.Source.HostPath.newBuilder()
                        .setPath(hostPath))).build();
    }

    @Test
    void theTasksOfAGroupRunInTheirImageEachWithItsOwnSandbox() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("images-group").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            String image = registry.host() + "/agora-it/busybox:v2s2";
            f.client.accept(List.of(o.getId()), List.of(TaskGroupIT.group("grouped", List.of(
                    task(o, "g-1", image, PROBE), task(o, "g-2", image, "echo second > mine.txt")))),
                    Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> terminal(f.state("g-1")) && terminal(f.state("g-2")));
            assertThat(f.state("g-1")).as(f.last("g-1").getMessage()).isEqualTo(TaskState.TASK_FINISHED);
            assertThat(f.state("g-2")).as(f.last("g-2").getMessage()).isEqualTo(TaskState.TASK_FINISHED);
            assertThat(Files.readString(nestedSandboxOf("g-1").resolve("stdout"))).contains(MARKER)
                    .contains("sandbox=/mnt/mesos/sandbox").doesNotContain("HOST-FILES-VISIBLE");
            // /mnt/mesos/sandbox is the task's own sandbox in the executor's
            assertThat(nestedSandboxOf("g-2").resolve("mine.txt")).hasContent("second");
            assertThat(nestedSandboxOf("g-1").resolve("mine.txt")).doesNotExist();
        }
    }

    @Test
    void anAgentRestartKeepsARunningImageTasksRootfsReportsHowItEndedAndRemovesTheRootfs() throws Exception {
        try (Framework f = new Framework(address, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("images-durable").setCheckpoint(true).setFailoverTimeout(60).build())
                    .get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            String waitForStop = "echo up; while ! test -e stop; do sleep 0.1; done; cat /etc/agora-image-marker";
            f.client.launch(List.of(o.getId()), List.of(task(o, "durable", registry.host()
                    + "/agora-it/busybox:oci", waitForStop)), Filters.newBuilder().setRefuseSeconds(0).build())
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> f.state("durable") == TaskState.TASK_RUNNING);
            assertThat(rootfsLeft()).hasSize(1);
            Path rootfs = rootfsLeft().get(0).resolve("rootfs");

            // the agent, its containerizer and the provisioner all go; the task's processes stay
            agent.stop();
            containerizer.stop();
            provisioner.deactivate();
            startAgent();
            await().atMost(Framework.patience()).until(() -> containerizer.containers().size() == 1);
            // recovered: the rootfs is still there, in use (the new provisioner removed nothing of it)
            assertThat(rootfs.resolve(ImageRegistry.MARKER_FILE)).hasContent(MARKER);

            Files.writeString(sandboxOf("durable").resolve("stop"), "");
            await().atMost(Framework.patience()).until(() -> terminal(f.state("durable")));
            // the containerizer's launcher recorded the exit status for the agent, which is no longer the parent
            assertThat(f.state("durable")).as(f.last("durable").getMessage()).isEqualTo(TaskState.TASK_FINISHED);
            assertThat(Files.readString(sandboxOf("durable").resolve("stdout"))).contains("up", MARKER);
            // the agent learns an adopted task's end by watching its process, the containerizer removes the rootfs
            // when it sees the same end: the two race
            await().atMost(Framework.patience()).until(() -> containerizer.containers().isEmpty()
                    && rootfsLeft().isEmpty());
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(
                    dir.resolve("provisioner").toString());
        }
    }

    private static boolean terminal(TaskState s) {
        return s == TaskState.TASK_FINISHED || s == TaskState.TASK_FAILED || s == TaskState.TASK_KILLED
                || s == TaskState.TASK_LOST || s == TaskState.TASK_ERROR || s == TaskState.TASK_DROPPED;
    }

    private static TaskInfo task(Offer o, String id, String image, String command) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id)).setAgentId(o.getAgentId())
                .addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                .setCommand(CommandInfo.newBuilder().setValue(command).setEnvironment(
                        org.agora.api.v1.Protos.Environment.newBuilder().addVariables(
                                org.agora.api.v1.Protos.Environment.Variable.newBuilder().setName("TASK_ENV")
                                        .setValue("from-task"))))
                .setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS).setMesos(
                        ContainerInfo.MesosInfo.newBuilder().setImage(Image.newBuilder().setType(Image.Type.DOCKER)
                                .setDocker(Image.Docker.newBuilder().setName(image))))).build();
    }

    /** The task's sandbox: .../executors/<task id>/runs/<container id>. */
    private static Path sandboxOf(String task) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("agent"))) {
            return files.filter(p -> p.getFileName().toString().equals("stdout")
                    && p.getParent().getParent().getParent().getFileName().toString().equals(task))
                    .map(Path::getParent).findFirst().orElseThrow(() -> new AssertionError("no sandbox of " + task));
        }
    }

    /** A task of a task group's sandbox: .../executors/<executor>/runs/<run>/tasks/<task id>. */
    private static Path nestedSandboxOf(String task) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("agent"))) {
            return files.filter(p -> p.getFileName().toString().equals("stdout")
                    && p.getParent().getFileName().toString().equals(task)
                    && p.getParent().getParent().getFileName().toString().equals("tasks"))
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
