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
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerTermination;
import org.agora.api.image.ImageException;
import org.agora.api.image.ImageRuntimeConfig;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.Image;
import org.agora.api.v1.Protos.Volume;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Containers in an image's root file system, with real mount and pid namespaces, as root, with Debian's static busybox
 * as the image's only program. The provisioner here hands out a prepared directory per container (the real one, with
 * registries and layers, is agora-images, which this bundle must not depend on; ImageTaskIT runs both together).
 */
class ImageContainerTest {
    static final Path BUSYBOX = Path.of("/bin/busybox");

    @TempDir
    Path dir;

    DirectoryProvisioner provisioner;
    private NativeContainerizer containerizer;

    @BeforeEach
    void needsRootAndBusybox() throws Exception {
        provisioner = new DirectoryProvisioner(dir.resolve("rootfs"), BUSYBOX);
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: image containers need mounts");
        assumeTrue(Files.isExecutable(BUSYBOX), "needs Debian's busybox-static");
        Process ldd = new ProcessBuilder("ldd", BUSYBOX.toString()).redirectErrorStream(true).start();
        assumeTrue(new String(ldd.getInputStream().readAllBytes()).contains("not a dynamic executable"),
                "/bin/busybox is not the static one (busybox-static)");
        containerizer = newContainerizer();
    }

    /** With the native image launcher where this build ships it ({@link ImageContainerScriptTest}: the script). */
    NativeContainerizer newContainerizer() {
        return new NativeContainerizer(ContainerizerSettings.parse("namespaces/pid"));
    }

    /** Whether {@link #newContainerizer} is meant to start image tasks with the native launcher. */
    boolean meansNativeLauncher() {
        return LauncherBinary.class.getResource(LauncherBinary.RESOURCE) != null;
    }

    @AfterEach
    void stop() {
        if (containerizer != null) {
            containerizer.stop();
        }
    }

    private ContainerConfig config(String id, String command, Optional<String> user, Volume... volumes)
            throws Exception {
        Path sandbox = Files.createDirectories(dir.resolve("sandboxes").resolve(id));
        return new ContainerConfig(ContainerID.newBuilder().setValue(id).build(),
                CommandInfo.newBuilder().setValue(command).build(), Resources.parse("cpus:0.1;mem:32"), sandbox, user,
                Optional.of(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS).setMesos(
                        ContainerInfo.MesosInfo.newBuilder().setImage(Image.newBuilder().setType(Image.Type.DOCKER)
                                .setDocker(Image.Docker.newBuilder().setName("test/busybox:latest"))))
                        .addAllVolumes(List.of(volumes)).build()),
                Map.of("TASK_VAR", "from-task", "SHARED", "task-wins"));
    }

    private static Volume hostPath(String hostPath, String containerPath, Volume.Mode mode) {
        return Volume.newBuilder().setMode(mode).setContainerPath(containerPath).setSource(Volume.Source.newBuilder()
                .setType(Volume.Source.Type.HOST_PATH).setHostPath(Volume.Source.HostPath.newBuilder()
                        .setPath(hostPath))).build();
    }

    private static Volume sandboxPath(Volume.Source.SandboxPath.Type type, String path, String containerPath) {
        return Volume.newBuilder().setMode(Volume.Mode.RW).setContainerPath(containerPath).setSource(
                Volume.Source.newBuilder().setType(Volume.Source.Type.SANDBOX_PATH).setSandboxPath(
                        Volume.Source.SandboxPath.newBuilder().setType(type).setPath(path))).build();
    }

    private ContainerTermination run(ContainerConfig config) throws Exception {
        containerizer.launch(config).toCompletableFuture().get(30, TimeUnit.SECONDS);
        return containerizer.wait(config.containerId()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void theTaskSeesTheImageTheSandboxAndTheMergedEnvironmentNotTheHost() throws Exception {
        containerizer.useProvisioner(provisioner);
        ContainerConfig config = config("in-image", "cat /etc/marker; echo image=$IMAGE_VAR task=$TASK_VAR "
                + "shared=$SHARED sandbox=$MESOS_SANDBOX path=$PATH pwd=$(pwd) pid=$$; ls /; "
                + "test -e /usr/bin/java -o -e /etc/os-release && echo HOST-VISIBLE; echo written > out.txt",
                Optional.empty());
        ContainerTermination t = run(config);
        String out = Files.readString(config.sandbox().resolve("stdout"));
        assertThat(t.status()).as(out + Files.readString(config.sandbox().resolve("stderr"))).hasValue(0);
        assertThat(out).contains("image-marker").contains("image=from-image task=from-task shared=task-wins "
                + "sandbox=/mnt/mesos/sandbox path=/bin pwd=/mnt/mesos/sandbox pid=1")
                .doesNotContain("HOST-VISIBLE");
        // the sandbox is the host's directory, bind-mounted
        assertThat(Files.readString(config.sandbox().resolve("out.txt"))).isEqualTo("written\n");
        // its processes are gone before its end is told, and so is its rootfs
        assertThat(provisioner.destroyed).containsExactly("in-image");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.toString());
    }

    @Test
    void imageTasksStartWithTheLauncherThisTestMeans() {
        assertThat(containerizer.nativeLauncher()).isEqualTo(meansNativeLauncher());
    }

    @Test
    void aCommandTheImageLacksEndsTheTaskWith127() throws Exception {
        containerizer.useProvisioner(provisioner);
        ContainerConfig plain = config("no-command", "unused", Optional.of("nobody"));
        ContainerConfig config = new ContainerConfig(plain.containerId(), CommandInfo.newBuilder().setShell(false)
                .setValue("/usr/bin/no-such-command").addArguments("no-such-command").build(), plain.resources(),
                plain.sandbox(), plain.user(), plain.containerInfo(), plain.environment());
        ContainerTermination t = run(config);
        assertThat(t.status()).hasValue(127 << 8);
        assertThat(Files.readString(config.sandbox().resolve("stderr"))).contains("/usr/bin/no-such-command")
                .contains("No such file or directory");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.toString());
    }

    @Test
    void destroyingARunningImageContainerEndsEveryProcessOfItAndRemovesItsMounts() throws Exception {
        containerizer.useProvisioner(provisioner);
        ContainerConfig config = config("to-destroy", "sleep 60 & echo started > started.txt; sleep 60",
                Optional.of("nobody"));
        Files.setOwner(config.sandbox(), config.sandbox().getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("nobody"));
        long pid = containerizer.launch(config).toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(config.sandbox().resolve("started.txt")));
        List<ProcessHandle> tree = ProcessHandle.of(pid).orElseThrow().descendants().toList();
        assertThat(tree).as("pid 1 of the container and the sleep it started").hasSizeGreaterThanOrEqualTo(2);
        containerizer.destroy(config.containerId()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        ContainerTermination t = containerizer.wait(config.containerId()).toCompletableFuture().get(30,
                TimeUnit.SECONDS);
        assertThat(t.message()).isEqualTo("destroyed");
        await().atMost(30, TimeUnit.SECONDS).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(provisioner.destroyed).containsExactly("to-destroy");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.toString());
    }

    @Test
    void aUserSwitchTakesEffectInsideTheImage() throws Exception {
        containerizer.useProvisioner(provisioner);
        ContainerConfig config = config("as-nobody", "echo uid=$(id -u)", Optional.of("nobody"));
        assertThat(run(config).status()).hasValue(0);
        assertThat(Files.readString(config.sandbox().resolve("stdout"))).contains("uid=65534");
    }

    @Test
    void theImagesWorkingDirAndUserApplyToATaskThatNamesNoUser() throws Exception {
        containerizer.useProvisioner(provisioner);
        provisioner.workingDir = "/srv/app";
        provisioner.user = "app";
        ContainerConfig config = config("image-runtime", "echo pwd=$(pwd) uid=$(id -u) gid=$(id -g)",
                Optional.empty());
        ContainerTermination t = run(config);
        String out = Files.readString(config.sandbox().resolve("stdout"));
        assertThat(t.status()).as(out + Files.readString(config.sandbox().resolve("stderr"))).hasValue(0);
        // the WorkingDir the image lacks is made, as Mesos's launcher does; the user is the image's, by name
        assertThat(out).contains("pwd=/srv/app uid=1234 gid=2345");
    }

    @Test
    void aNumericImageUserWithAGroupNameAndATaskUserThatOverridesIt() throws Exception {
        containerizer.useProvisioner(provisioner);
        provisioner.user = "4321:staff";
        ContainerConfig numeric = config("numeric-user", "echo uid=$(id -u) gid=$(id -g) pwd=$(pwd)",
                Optional.empty());
        assertThat(run(numeric).status()).hasValue(0);
        assertThat(numeric.sandbox().resolve("stdout")).hasContent("uid=4321 gid=50 pwd=/mnt/mesos/sandbox");
        ContainerConfig named = config("task-user", "echo uid=$(id -u)", Optional.of("nobody"));
        assertThat(run(named).status()).hasValue(0);
        assertThat(named.sandbox().resolve("stdout")).hasContent("uid=65534");
    }

    @Test
    void anImageUserTheImageDoesNotDefineFailsTheLaunchNamingIt() throws Exception {
        containerizer.useProvisioner(provisioner);
        provisioner.user = "ghost";
        ContainerConfig config = config("ghost-user", "echo ran > ran.txt", Optional.empty());
        assertThatThrownBy(() -> containerizer.launch(config).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .cause().hasMessageContaining("ghost-user").hasMessageContaining("no user 'ghost' in the image's "
                        + "/etc/passwd");
        assertThat(config.sandbox().resolve("ran.txt")).doesNotExist();
        await().until(() -> provisioner.destroyed.contains("ghost-user"));
    }

    @Test
    void sysIsReadOnlyAndTmpIsAPrivateTmpfsEveryUserMayWrite() throws Exception {
        containerizer.useProvisioner(provisioner);
        ContainerConfig config = config("sys-tmp", "test -d /sys/kernel && echo sys-listed; "
                + "touch /sys/agora-probe 2>&1; grep -E ' /(sys|tmp) ' /proc/mounts; "
                + "echo private > /tmp/t.txt && cat /tmp/t.txt", Optional.of("nobody"));
        ContainerTermination t = run(config);
        String out = Files.readString(config.sandbox().resolve("stdout"));
        assertThat(t.status()).as(out + Files.readString(config.sandbox().resolve("stderr"))).hasValue(0);
        // the kernel's EROFS, which only a read-only mount gives (a writable sysfs answers EACCES)
        assertThat(out).contains("sys-listed").contains("Read-only file system")
                .containsPattern("sysfs /sys sysfs ro[,\\s]").containsPattern("tmpfs /tmp tmpfs rw[,\\s]")
                .contains("private");
        // what the task wrote in /tmp lived in its own tmpfs, not in the image's directory on the host
        assertThat(dir.resolve("rootfs/sys-tmp/tmp/t.txt")).doesNotExist();
    }

    @Test
    void aWorkingDirUnderTmpIsMadeInThePrivateTmp() throws Exception {
        containerizer.useProvisioner(provisioner);
        provisioner.workingDir = "/tmp/work";
        ContainerConfig config = config("tmp-wd", "echo pwd=$(pwd)", Optional.empty());
        assertThat(run(config).status()).hasValue(0);
        assertThat(config.sandbox().resolve("stdout")).hasContent("pwd=/tmp/work");
        assertThat(dir.resolve("rootfs/tmp-wd/tmp/work")).doesNotExist();
    }

    @Test
    void anImageWhoseTmpIsALinkIsRefused() throws Exception {
        containerizer.useProvisioner(provisioner);
        provisioner.tmpLink = true;
        ContainerConfig config = config("tmp-link", "true", Optional.empty());
        assertThatThrownBy(() -> containerizer.launch(config).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .cause().hasMessageContaining("the image's /tmp is a symbolic link");
    }

    @Test
    void hostPathVolumesAreBoundReadOnlyOrReadWrite() throws Exception {
        containerizer.useProvisioner(provisioner);
        Path ro = Files.createDirectories(dir.resolve("host/ro"));
        Files.writeString(ro.resolve("hello"), "hello from the host\n");
        Path rw = Files.createDirectories(dir.resolve("host/rw"));
        Path conf = Files.writeString(dir.resolve("host/app.conf"), "setting=1\n");
        Volume legacyRw = Volume.newBuilder().setMode(Volume.Mode.RW).setContainerPath("/data/rw")
                .setHostPath(rw.toString()).build();
        ContainerConfig config = config("host-volumes", "cat /data/ro/hello; touch /data/ro/x 2>&1; "
                + "echo from-task > /data/rw/out.txt; cat /tmp/etc/app.conf; echo changed > /tmp/etc/app.conf 2>&1",
                Optional.empty(), hostPath(ro.toString(), "/data/ro", Volume.Mode.RO), legacyRw,
                hostPath(conf.toString(), "/tmp/etc/app.conf", Volume.Mode.RO));
        ContainerTermination t = run(config);
        String out = Files.readString(config.sandbox().resolve("stdout"));
        String err = Files.readString(config.sandbox().resolve("stderr"));
        assertThat(t.status()).as(out + err).isPresent();
        assertThat(out).contains("hello from the host").contains("Read-only file system").contains("setting=1");
        assertThat(ro.resolve("x")).doesNotExist();
        assertThat(rw.resolve("out.txt")).hasContent("from-task");
        assertThat(conf).hasContent("setting=1");
        // the mount points were made in the image's directory, the file's in the private /tmp only
        assertThat(dir.resolve("rootfs/host-volumes/data/ro")).isDirectory();
        assertThat(dir.resolve("rootfs/host-volumes/tmp/etc")).doesNotExist();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.toString());
    }

    @Test
    void sandboxPathVolumesOfTypeSelfAreMadeInTheSandbox() throws Exception {
        containerizer.useProvisioner(provisioner);
        ContainerConfig config = config("sandbox-volumes", "echo cached > /var/cache/app/c.txt; "
                + "echo linked > $MESOS_SANDBOX/sub/here/l.txt; echo uid=$(id -u)", Optional.of("nobody"),
                sandboxPath(Volume.Source.SandboxPath.Type.SELF, "cache", "/var/cache/app"),
                sandboxPath(Volume.Source.SandboxPath.Type.SELF, "shared/data", "sub/here"));
        Path sandbox = config.sandbox();
        // the task's user owns its sandbox, as the agent's sandboxes are
        Files.setOwner(sandbox, sandbox.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(
                "nobody"));
        ContainerTermination t = run(config);
        String out = Files.readString(sandbox.resolve("stdout"));
        assertThat(t.status()).as(out + Files.readString(sandbox.resolve("stderr"))).hasValue(0);
        assertThat(sandbox.resolve("cache/c.txt")).hasContent("cached");
        assertThat(sandbox.resolve("shared/data/l.txt")).hasContent("linked");
    }

    @Test
    void badVolumesFailTheLaunchWithAMessageNamingThem() throws Exception {
        containerizer.useProvisioner(provisioner);
        Path host = Files.createDirectories(dir.resolve("host/ok"));
        Map<Volume, String> bad = new java.util.LinkedHashMap<>();
        bad.put(hostPath("relative/dir", "/data", Volume.Mode.RW), "host path 'relative/dir' is not absolute");
        bad.put(hostPath(dir.resolve("missing").toString(), "/data", Volume.Mode.RO), "does not exist on this agent");
        bad.put(Volume.newBuilder().setMode(Volume.Mode.RW).setContainerPath("/data").setHostPath("rel").build(),
                "host path 'rel' is not absolute");
        bad.put(hostPath(host.toString(), "/proc/sys/kernel", Volume.Mode.RW), "container_path is inside /proc");
        bad.put(hostPath(host.toString(), "/dev/host", Volume.Mode.RW), "container_path is inside /dev");
        bad.put(hostPath(host.toString(), "/data/../../etc", Volume.Mode.RW), "has a '..' component");
        bad.put(hostPath(host.toString(), "/", Volume.Mode.RW), "it would hide the image");
        bad.put(hostPath(host.toString(), "/mnt/mesos", Volume.Mode.RW), "it would hide the sandbox");
        bad.put(sandboxPath(Volume.Source.SandboxPath.Type.SELF, "../../escape", "/data"),
                "sandbox_path '../../escape' has a '..' component");
        bad.put(sandboxPath(Volume.Source.SandboxPath.Type.SELF, "/etc", "/data"), "must be a relative path");
        bad.put(sandboxPath(Volume.Source.SandboxPath.Type.PARENT, "x", "/data"), "PARENT needs a parent container");
        bad.put(Volume.newBuilder().setMode(Volume.Mode.RO).setContainerPath("/data").build(), "names no source");
        int i = 0;
        for (Map.Entry<Volume, String> e : bad.entrySet()) {
            ContainerConfig config = config("bad-volume-" + i++, "echo ran > ran.txt", Optional.empty(), e.getKey());
            assertThatThrownBy(() -> containerizer.launch(config).toCompletableFuture().get(30, TimeUnit.SECONDS))
                    .as(e.getValue()).cause().hasMessageContaining(config.containerId().getValue())
                    .hasMessageContaining("volume '" + e.getKey().getContainerPath() + "' refused")
                    .hasMessageContaining(e.getValue());
            assertThat(config.sandbox().resolve("ran.txt")).doesNotExist();
        }
        // nested volumes are refused too: the inner mount point would be made in the outer volume's host directory
        ContainerConfig nested = config("nested-volumes", "true", Optional.empty(),
                hostPath(host.toString(), "/data", Volume.Mode.RW),
                hostPath(host.toString(), "/data/in", Volume.Mode.RW));
        assertThatThrownBy(() -> containerizer.launch(nested).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .cause().hasMessageContaining("volume '/data/in' refused: it is at or inside another volume's");
        assertThat(containerizer.containers()).isEmpty();
    }

    @Test
    void aContainerPathThatReachesProcThroughALinkInTheImageIsRefused() throws Exception {
        containerizer.useProvisioner(provisioner);
        provisioner.extraLink = Map.entry("data", "/proc/sys");
        Path host = Files.createDirectories(dir.resolve("host/ok"));
        ContainerConfig config = config("linked-volume", "true", Optional.empty(),
                hostPath(host.toString(), "/data/kernel", Volume.Mode.RW));
        assertThatThrownBy(() -> containerizer.launch(config).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .cause().hasMessageContaining("volume '/data/kernel' refused: container_path is inside /proc");
        assertThat(Path.of("/proc/sys/kernel")).isDirectory(); // nothing was made on the host either
    }

    @Test
    void theExitStatusIsRecordedOnTheHostForAContainerThatMustOutliveTheAgent() throws Exception {
        containerizer.useProvisioner(provisioner);
        ContainerConfig plain = config("durable", "echo in-image; exit 3", Optional.empty());
        Path status = Files.createDirectories(plain.sandbox().resolve(".agora")).resolve("exit_status");
        ContainerConfig config = new ContainerConfig(plain.containerId(), plain.command(), plain.resources(),
                plain.sandbox(), plain.user(), plain.containerInfo(), plain.environment(), Optional.of(status));
        ContainerTermination t = run(config);
        assertThat(t.status()).hasValue(3 << 8);
        assertThat(config.sandbox().resolve("stdout")).hasContent("in-image");
        assertThat(status).hasContent("3");
        assertThat(provisioner.destroyed).containsExactly("durable");
    }

    @Test
    void aContainerDestroyedWhileItsImageIsPulledNeverStarts() throws Exception {
        containerizer.useProvisioner(provisioner);
        provisioner.pull = new CompletableFuture<>();
        ContainerConfig config = config("abandoned", "echo started > started.txt", Optional.empty());
        CompletableFuture<Long> launch = containerizer.launch(config).toCompletableFuture();
        containerizer.destroy(config.containerId()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        provisioner.pull.complete(null);
        assertThatThrownBy(() -> launch.get(30, TimeUnit.SECONDS)).cause()
                .hasMessageContaining("destroyed while its image 'test/busybox:latest' was provisioned");
        assertThat(config.sandbox().resolve("started.txt")).doesNotExist();
        await().until(() -> provisioner.destroyed.contains("abandoned"));
        assertThat(containerizer.containers()).isEmpty();
    }

    @Test
    void aProvisionFailureFailsTheLaunchWithItsMessageAndLeavesNothing() throws Exception {
        containerizer.useProvisioner(provisioner);
        provisioner.failWith = new ImageException(ImageException.Reason.NOT_FOUND,
                "image 'test/busybox:latest' not found in registry http://127.0.0.1:1");
        ContainerConfig config = config("no-image", "true", Optional.empty());
        assertThatThrownBy(() -> containerizer.launch(config).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause()
                .hasMessage("image 'test/busybox:latest' not found in registry http://127.0.0.1:1");
        assertThat(containerizer.containers()).isEmpty();
    }

    @Test
    void anImageTaskWithoutAProvisionerFailsSayingWhichFeatureIsMissing() throws Exception {
        ContainerConfig config = config("no-provisioner", "true", Optional.empty());
        assertThatThrownBy(() -> containerizer.launch(config).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .cause().hasMessageContaining("test/busybox:latest").hasMessageContaining("agora-images");
    }

    @Test
    void aTaskWithoutACommandRunsTheImagesEntrypointAndCmd() {
        ImageRuntimeConfig image = new ImageRuntimeConfig(List.of(), List.of("/bin/sh", "-c"), List.of("echo hi"),
                "", "");
        assertThat(ImageLaunch.taskArgv(CommandInfo.getDefaultInstance(), image))
                .containsExactly("/bin/sh", "-c", "echo hi");
        assertThat(ImageLaunch.taskArgv(CommandInfo.newBuilder().setValue("true").build(), image))
                .containsExactly("/bin/sh", "-c", "true");
        assertThatThrownBy(() -> ImageLaunch.taskArgv(CommandInfo.getDefaultInstance(), ImageRuntimeConfig.EMPTY))
                .hasMessageContaining("no command");
    }
}
