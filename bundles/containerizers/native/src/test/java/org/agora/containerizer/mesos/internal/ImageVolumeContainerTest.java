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
import java.util.concurrent.TimeUnit;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerTermination;
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
 * Image volumes (Mesos's {@code volume/image}) with real mount namespaces, as root, each volume's rootfs a busybox tree
 * from {@link DirectoryProvisioner} (agora-images' own handling of nested ids is tested there; ImageTaskIT runs both
 * from a real registry).
 */
class ImageVolumeContainerTest {
    private static final String DATA_IMAGE = "test/data:latest";

    @TempDir
    Path dir;

    private DirectoryProvisioner provisioner;
    private NativeContainerizer containerizer;

    @BeforeEach
    void needsRootAndBusybox() throws Exception {
        provisioner = new DirectoryProvisioner(dir.resolve("rootfs"), ImageContainerTest.BUSYBOX);
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: image volumes are mounts");
        assumeTrue(Files.isExecutable(ImageContainerTest.BUSYBOX), "needs Debian's busybox-static");
        Process ldd = new ProcessBuilder("ldd", ImageContainerTest.BUSYBOX.toString()).redirectErrorStream(true)
                .start();
        assumeTrue(new String(ldd.getInputStream().readAllBytes()).contains("not a dynamic executable"),
                "/bin/busybox is not the static one (busybox-static)");
        containerizer = newContainerizer();
        containerizer.useProvisioner(provisioner);
    }

    /** With the native image launcher where this build ships it ({@link ImageVolumeScriptContainerTest}: script). */
    NativeContainerizer newContainerizer() {
        return new NativeContainerizer(ContainerizerSettings.parse("namespaces/pid"));
    }

    @AfterEach
    void stop() {
        if (containerizer != null) {
            containerizer.stop();
        }
    }

    private static Volume imageVolume(String containerPath, Volume.Mode mode, String image) {
        return Volume.newBuilder().setMode(mode).setContainerPath(containerPath).setImage(Image.newBuilder()
                .setType(Image.Type.DOCKER).setDocker(Image.Docker.newBuilder().setName(image))).build();
    }

    private ContainerConfig config(String id, boolean inImage, String command, Volume... volumes) throws Exception {
        Path sandbox = Files.createDirectories(dir.resolve("sandboxes").resolve(id));
        ContainerInfo.Builder info = ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                .addAllVolumes(List.of(volumes));
        if (inImage) {
            info.setMesos(ContainerInfo.MesosInfo.newBuilder().setImage(Image.newBuilder().setType(Image.Type.DOCKER)
                    .setDocker(Image.Docker.newBuilder().setName("test/busybox:latest"))));
        }
        return new ContainerConfig(ContainerID.newBuilder().setValue(id).build(), CommandInfo.newBuilder()
                .setValue(command).build(), Resources.parse("cpus:0.1;mem:32"), sandbox, Optional.empty(),
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

    @Test
    void imageVolumesAreBoundReadOnlyInAnImageContainerAndGoWithIt() throws Exception {
        ContainerConfig config = config("vol-in-image", true, "cat /data/etc/marker; cat sub/etc/marker; "
                + "test -x /data/bin/busybox && echo DATA-HAS-BUSYBOX; "
                + "touch /data/x 2>/dev/null && echo DATA-WRITABLE || echo DATA-READ-ONLY; "
                + "touch sub/x 2>/dev/null && echo SUB-WRITABLE || echo SUB-READ-ONLY",
                imageVolume("/data", Volume.Mode.RO, DATA_IMAGE), imageVolume("sub", Volume.Mode.RO, DATA_IMAGE));
        ContainerTermination t = run(config);
        String out = output(config);
        assertThat(t.status()).as(out).hasValue(0);
        assertThat(out).contains("image-marker\nimage-marker\n").contains("DATA-HAS-BUSYBOX")
                .contains("DATA-READ-ONLY").contains("SUB-READ-ONLY").doesNotContain("WRITABLE");
        // the container's own image and each volume's, under ids nested under the container's
        assertThat(provisioner.provisioned).containsExactlyInAnyOrder("vol-in-image test/busybox:latest",
                "vol-in-image+volume-0 " + DATA_IMAGE, "vol-in-image+volume-1 " + DATA_IMAGE);
        // every rootfs goes when the container ends, and no mount of it stays on the host
        assertThat(provisioner.destroyed).containsExactlyInAnyOrder("vol-in-image", "vol-in-image+volume-0",
                "vol-in-image+volume-1");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.toString());
        // the image's files are untouched
        assertThat(dir.resolve("rootfs/vol-in-image+volume-0/x")).doesNotExist();
    }

    @Test
    void aContainerWithoutAnImageGetsItsImageVolumesInItsSandboxReadOnly() throws Exception {
        ContainerConfig config = config("vol-plain", false, "cat vol/etc/marker; "
                + "touch vol/x 2>/dev/null && echo WRITABLE || echo READ-ONLY; test -e /etc/os-release && echo HOST",
                imageVolume("vol", Volume.Mode.RO, DATA_IMAGE));
        ContainerTermination t = run(config);
        String out = output(config);
        assertThat(t.status()).as(out).hasValue(0);
        // the task runs on the host's files, with the image's files at its sandbox's vol/
        assertThat(out).contains("image-marker").contains("READ-ONLY").contains("HOST").doesNotContain("WRITABLE");
        assertThat(provisioner.provisioned).containsExactly("vol-plain+volume-0 " + DATA_IMAGE);
        assertThat(provisioner.destroyed).containsExactly("vol-plain+volume-0");
        // the mount was the container's own: the host sees only the empty mount point
        assertThat(config.sandbox().resolve("vol")).isEmptyDirectory();
    }

    @Test
    void aReadWriteImageVolumeIsRefusedBeforeAnythingIsPulled() throws Exception {
        ContainerConfig config = config("vol-rw", true, "true", imageVolume("/data", Volume.Mode.RW, DATA_IMAGE));
        assertThatThrownBy(() -> containerizer.launch(config).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .cause().hasMessageContaining("volume '/data' refused").hasMessageContaining("read-only")
                .hasMessageContaining("mode must be RO");
        assertThat(provisioner.provisioned).isEmpty();
        assertThat(containerizer.containers()).isEmpty();
    }

    @Test
    void aVolumeImageThatCannotBePulledFailsTheLaunchNamingTheVolumeAndTheImageAndLeavesNoRootfs()
            throws Exception {
        provisioner.missingImages.add("test/missing:1");
        ContainerConfig config = config("vol-missing", true, "echo STARTED > started.txt",
                imageVolume("/data", Volume.Mode.RO, DATA_IMAGE), imageVolume("/gone", Volume.Mode.RO,
                        "test/missing:1"));
        assertThatThrownBy(() -> containerizer.launch(config).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .cause().hasMessageContaining("volume '/gone' refused")
                .hasMessageContaining("image 'test/missing:1' cannot be provisioned")
                .hasMessageContaining("not found in registry http://127.0.0.1:1");
        assertThat(config.sandbox().resolve("started.txt")).doesNotExist();
        // what was provisioned for it (its own rootfs, the other volume's) is destroyed
        assertThat(provisioner.rootfs).isEmpty();
        assertThat(provisioner.destroyed).contains("vol-missing", "vol-missing+volume-0");
        assertThat(containerizer.containers()).isEmpty();
    }

    @Test
    void imageVolumesWithoutAProvisionerFailSayingWhichFeatureIsMissing() throws Exception {
        NativeContainerizer bare = newContainerizer();
        try {
            ContainerConfig config = config("vol-noprov", false, "true", imageVolume("v", Volume.Mode.RO,
                    DATA_IMAGE));
            assertThatThrownBy(() -> bare.launch(config).toCompletableFuture().get(30, TimeUnit.SECONDS))
                    .cause().hasMessageContaining(DATA_IMAGE).hasMessageContaining("agora-images");
        } finally {
            bare.stop();
        }
    }
}
