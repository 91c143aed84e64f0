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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerTermination;
import org.agora.api.image.ImageProvisioner;
import org.agora.api.image.ImageRuntimeConfig;
import org.agora.api.image.ProvisionedImage;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.Image;
import org.agora.api.v1.Protos.Secret;
import org.agora.api.v1.Protos.Volume;
import org.agora.secrets.file.internal.FileSecretResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret volumes, {@code sandbox_path} of type PARENT and the allowed host paths, on real containers as root: image
 * containers (a busybox rootfs entered with real mount and pid namespaces) and containers without an image (their
 * own mount namespace), with the real file secret resolver behind the secrets.
 */
class ContainerVolumesTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final String VALUE = "s3cret-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path dir;

    private NativeContainerizer containerizer;

    @BeforeEach
    void needsRoot() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: volumes are mounts");
        Path secrets = Files.createDirectories(dir.resolve("secrets/db"));
        Files.setPosixFilePermissions(dir.resolve("secrets"), PosixFilePermissions.fromString("rwx------"));
        Files.writeString(secrets.resolve("password"), VALUE);
        containerizer = new NativeContainerizer(ContainerizerSettings.parse("namespaces/pid"));
        containerizer.useSecretResolver(new FileSecretResolver(Map.of("dir", dir.resolve("secrets").toString())));
    }

    @AfterEach
    void stop() {
        if (containerizer != null) {
            containerizer.stop();
        }
    }

    private static Volume secretVolume(String containerPath, String name, String key) {
        return Volume.newBuilder().setMode(Volume.Mode.RW).setContainerPath(containerPath).setSource(Volume.Source
                .newBuilder().setType(Volume.Source.Type.SECRET).setSecret(Secret.newBuilder()
                        .setType(Secret.Type.REFERENCE).setReference(Secret.Reference.newBuilder().setName(name)
                                .setKey(key)))).build();
    }

    private static Volume hostPath(String hostPath, String containerPath) {
        return Volume.newBuilder().setMode(Volume.Mode.RO).setContainerPath(containerPath).setSource(Volume.Source
                .newBuilder().setType(Volume.Source.Type.HOST_PATH).setHostPath(Volume.Source.HostPath.newBuilder()
                        .setPath(hostPath))).build();
    }

    private static Volume parentPath(String path, String containerPath) {
        return Volume.newBuilder().setMode(Volume.Mode.RW).setContainerPath(containerPath).setSource(
                Volume.Source.newBuilder().setType(Volume.Source.Type.SANDBOX_PATH).setSandboxPath(
                        Volume.Source.SandboxPath.newBuilder().setType(Volume.Source.SandboxPath.Type.PARENT)
                                .setPath(path))).build();
    }

    private ContainerConfig config(String id, Path sandbox, String command, Optional<String> user, boolean image,
            Volume... volumes) throws Exception {
        Files.createDirectories(sandbox);
        ContainerInfo.Builder info = ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                .addAllVolumes(List.of(volumes));
        if (image) {
            info.setMesos(ContainerInfo.MesosInfo.newBuilder().setImage(Image.newBuilder().setType(Image.Type.DOCKER)
                    .setDocker(Image.Docker.newBuilder().setName("test/busybox"))));
        }
        return new ContainerConfig(ContainerID.newBuilder().setValue(id).build(),
                CommandInfo.newBuilder().setValue(command).build(), Resources.parse("cpus:0.1;mem:32"), sandbox, user,
                Optional.of(info.build()), Map.of());
    }

    private ContainerTermination run(ContainerConfig config) throws Exception {
        containerizer.launch(config).toCompletableFuture().get(30, TimeUnit.SECONDS);
        return containerizer.wait(config.containerId()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static String output(ContainerConfig config) throws Exception {
        return Files.readString(config.sandbox().resolve("stdout")) + Files.readString(config.sandbox()
                .resolve("stderr"));
    }

    private static String sha256(String s) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    /** No file under {@code root} holds the secret's value. */
    private static void assertNoValueUnder(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(VALUE);
            }
        }
    }

    private void busyboxImage() throws Exception {
        assumeTrue(Files.isExecutable(BUSYBOX), "needs Debian's busybox-static");
        containerizer.useProvisioner(new BusyboxProvisioner(dir.resolve("rootfs")));
    }

    @Test
    void aSecretVolumeIsAReadOnlyFileOfTheTasksUserInTheImageAndNowhereOnDisk() throws Exception {
        busyboxImage();
        ContainerConfig config = config("secret-image", dir.resolve("sandboxes/secret-image"),
                "sha256sum /run/secrets/db creds/password; stat -c 'mode=%a uid=%u' /run/secrets/db; "
                        + "echo x 2>&1 > /run/secrets/db || echo read-only", Optional.of("nobody"), true,
                secretVolume("/run/secrets/db", "db", "password"), secretVolume("creds/password", "db", "password"));
        Files.setOwner(config.sandbox(), config.sandbox().getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("nobody"));

        ContainerTermination t = run(config);

        String out = output(config);
        assertThat(t.status()).as(out).hasValue(0);
        String digest = sha256(VALUE);
        assertThat(out).contains(digest + "  /run/secrets/db", digest + "  creds/password", "mode=400 uid=65534",
                "read-only").doesNotContain(VALUE);
        // the sandbox on the host holds the empty mount point only, and the tmpfs copy is gone with the container
        assertThat(config.sandbox().resolve("creds/password")).isEmptyFile();
        assertNoValueUnder(config.sandbox());
        assertThat(SecretVolumes.ROOT.resolve("secret-image")).doesNotExist();
        assertThat(Files.getFileStore(SecretVolumes.ROOT).type()).isEqualTo("tmpfs");
    }

    @Test
    void aCommandTaskWithoutAnImageGetsItsSecretInItsSandboxAndCannotSeeOtherSecrets() throws Exception {
        ContainerConfig config = config("secret-plain", dir.resolve("sandboxes/secret-plain"),
                "sha256sum creds/password; ls -A " + SecretVolumes.ROOT + " | wc -l",
                Optional.empty(), false, secretVolume("creds/password", "db", "password"));

        ContainerTermination t = run(config);

        String out = output(config);
        assertThat(t.status()).as(out).hasValue(0);
        assertThat(out).contains(sha256(VALUE) + "  creds/password").doesNotContain(VALUE);
        assertThat(out.lines().skip(1).findFirst()).as("the secrets of every container are hidden from the task")
                .hasValue("0");
        assertThat(config.sandbox().resolve("creds/password")).isEmptyFile();
        assertNoValueUnder(config.sandbox());
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).as("the mounts stayed in its namespace")
                .doesNotContain(config.sandbox().toString());
        assertThat(SecretVolumes.ROOT.resolve("secret-plain")).doesNotExist();
    }

    @Test
    void anUnresolvableSecretFailsTheLaunchNamingItsReference() throws Exception {
        ContainerConfig missing = config("secret-missing", dir.resolve("sandboxes/secret-missing"),
                "echo ran > ran.txt", Optional.empty(), false, secretVolume("creds/x", "db", "nope"));
        assertThatThrownBy(() -> run(missing)).cause().hasMessageContaining("secret-missing")
                .hasMessageContaining("volume 'creds/x' refused: secret 'db' (key 'nope') cannot be resolved");
        assertThat(missing.sandbox().resolve("ran.txt")).doesNotExist();
        assertThat(SecretVolumes.ROOT.resolve("secret-missing")).doesNotExist();

        NativeContainerizer without = new NativeContainerizer(ContainerizerSettings.parse(""));
        try {
            ContainerConfig config = config("secret-no-resolver", dir.resolve("sandboxes/secret-no-resolver"),
                    "true", Optional.empty(), false, secretVolume("creds/password", "db", "password"));
            assertThatThrownBy(() -> without.launch(config).toCompletableFuture().get(30, TimeUnit.SECONDS))
                    .cause().hasMessageContaining("secret 'db' (key 'password') cannot be resolved: this agent has "
                            + "no secret resolver");
        } finally {
            without.stop();
        }
    }

    @Test
    void aTaskOfATaskGroupMountsADirectoryOfItsExecutorsSandbox() throws Exception {
        Path executorSandbox = dir.resolve("sandboxes/exec1");
        ContainerConfig first = config("exec1.writer", executorSandbox.resolve("tasks/writer"),
                "echo shared-by-writer > shared/note.txt", Optional.empty(), false, parentPath("data", "shared"));
        assertThat(run(first).status()).as(output(first)).hasValue(0);
        assertThat(executorSandbox.resolve("data/note.txt")).hasContent("shared-by-writer");

        busyboxImage();
        ContainerConfig second = config("exec1.reader", executorSandbox.resolve("tasks/reader"),
                "cat /srv/data/note.txt", Optional.empty(), true, parentPath("data", "/srv/data"));
        assertThat(run(second).status()).as(output(second)).hasValue(0);
        assertThat(output(second)).contains("shared-by-writer");

        ContainerConfig topLevel = config("top", dir.resolve("sandboxes/top"), "true", Optional.empty(), false,
                parentPath("data", "shared"));
        assertThatThrownBy(() -> run(topLevel)).cause().hasMessageContaining("volume 'shared' refused: "
                + "sandbox_path of type PARENT needs a parent container");
        ContainerConfig escape = config("exec1.escape", executorSandbox.resolve("tasks/escape"), "true",
                Optional.empty(), false, parentPath("../../..", "shared"));
        assertThatThrownBy(() -> run(escape)).cause().hasMessageContaining("has a '..' component");
    }

    @Test
    void hostPathVolumesOutsideTheAllowedPrefixesAreRefusedNamingThePath() throws Exception {
        Path allowed = Files.createDirectories(dir.resolve("allowed/data"));
        Files.writeString(allowed.resolve("f.txt"), "allowed\n");
        Path outside = Files.createDirectories(dir.resolve("allowedness"));
        Files.createSymbolicLink(allowed.resolve("out"), outside);
        containerizer.stop();
        containerizer = new NativeContainerizer(ContainerizerSettings.parse("").withHostPaths(
                HostPathAllowList.parse(dir.resolve("allowed") + ", /nonexistent/prefix")));

        ContainerConfig ok = config("host-ok", dir.resolve("sandboxes/host-ok"), "cat data/f.txt", Optional.empty(),
                false, hostPath(allowed.toString(), "data"));
        assertThat(run(ok).status()).as(output(ok)).hasValue(0);
        assertThat(output(ok)).contains("allowed");

        for (Path refused : List.of(outside, allowed.resolve("out"), Path.of("/etc"))) {
            ContainerConfig config = config("host-refused-" + refused.getFileName(), dir.resolve("sandboxes/r-"
                    + refused.getFileName()), "echo ran > ran.txt", Optional.empty(), false,
                    hostPath(refused.toString(), "data"));
            assertThatThrownBy(() -> run(config)).cause().hasMessageContaining("volume 'data' refused: host path '"
                    + refused + "'").hasMessageContaining("is outside the host paths this agent allows for volumes "
                    + "(volumes.host.allowed: " + dir.resolve("allowed") + ", /nonexistent/prefix)");
            assertThat(config.sandbox().resolve("ran.txt")).doesNotExist();
        }
        assertThatThrownBy(() -> HostPathAllowList.parse("/ok, relative/dir"))
                .hasMessageContaining("volumes.host.allowed: 'relative/dir' is not an absolute path");
    }

    @Test
    void anAbsoluteContainerPathOfATaskWithoutAnImageMountsOverTheHostsPathInItsNamespaceOnly() throws Exception {
        Path data = Files.createDirectories(dir.resolve("host/data"));
        Files.writeString(data.resolve("f.txt"), "from-data\n");
        Path target = Files.createDirectories(dir.resolve("host/target"));
        ContainerConfig config = config("abs", dir.resolve("sandboxes/abs"), "cat " + target + "/f.txt",
                Optional.empty(), false, hostPath(data.toString(), target.toString()));
        assertThat(run(config).status()).as(output(config)).hasValue(0);
        assertThat(output(config)).contains("from-data");
        assertThat(target.resolve("f.txt")).doesNotExist();

        ContainerConfig missing = config("abs-missing", dir.resolve("sandboxes/abs-missing"), "true",
                Optional.empty(), false, hostPath(data.toString(), dir.resolve("host/missing").toString()));
        assertThatThrownBy(() -> run(missing)).cause().hasMessageContaining("does not exist on this agent");
    }

    /** Each container gets a tiny busybox rootfs of its own. */
    private static final class BusyboxProvisioner implements ImageProvisioner {
        private final Path root;

        BusyboxProvisioner(Path root) {
            this.root = root;
        }

        @Override
        public CompletionStage<ProvisionedImage> provision(ContainerID containerId, Image image) {
            try {
                Path rootfs = Files.createDirectories(root.resolve(containerId.getValue()));
                Files.createDirectories(rootfs.resolve("bin"));
                Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
                for (String applet : List.of("sh", "cat", "echo", "stat", "sha256sum")) {
                    Files.createSymbolicLink(rootfs.resolve("bin/" + applet), Path.of("busybox"));
                }
                return CompletableFuture.completedFuture(new ProvisionedImage(containerId, rootfs,
                        image.getDocker().getName(), "sha256:00", List.of(), new ImageRuntimeConfig(
                                List.of("PATH=/bin"), List.of(), List.of(), "", "")));
            } catch (java.io.IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public CompletionStage<Boolean> destroy(ContainerID containerId) {
            return CompletableFuture.completedFuture(true);
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
