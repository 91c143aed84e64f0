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
package org.agora.images.internal;

import static org.agora.images.internal.ProvisionerFixture.await;
import static org.agora.images.internal.ProvisionerFixture.cid;
import static org.agora.images.internal.ProvisionerFixture.docker;
import static org.agora.images.internal.ProvisionerFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.agora.api.image.ImageException;
import org.agora.api.image.ImageException.Reason;
import org.agora.api.image.ProvisionedImage;
import org.agora.images.internal.reference.Digests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The provisioner in local registry mode: docker-save archives and OCI layouts in a directory. Needs root. */
class LocalStoreProvisionTest {
    @TempDir
    Path dir;
    Path images;
    ProvisionerFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(ProvisionerFixture.root(), "needs root: overlay mounts, mknod for whiteouts, image owners");
        images = Files.createDirectories(dir.resolve("images"));
        fixture = new ProvisionerFixture(dir);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void aDockerSaveArchiveAndAnOciLayoutRun() throws Exception {
        Files.createDirectories(images.resolve("agora"));
        byte[] saved = new TestTar().dir("etc").file("etc/agora-image-marker", "saved\n").bytes();
        TestImages.dockerSave(images.resolve("agora/saved:1.0.tar"), "agora/saved:1.0", List.of(saved),
                List.of("FROM=save"));
        byte[] layout = new TestTar().dir("etc").file("etc/agora-image-marker", "layout\n").bytes();
        TestImages.ociLayout(images.resolve("agora/layout"), "2.0", List.of(layout), List.of("FROM=layout"));
        TestImages.dockerSave(images.resolve("agora/repo.tar"), "agora/repo:3.0", List.of(saved), List.of());

        DockerImageProvisioner p = fixture.open(images.toString(), "overlay", Map.of());
        ProvisionedImage s = await(p.provision(cid("saved"), docker("agora/saved:1.0")));
        assertThat(s.rootfs().resolve("etc/agora-image-marker")).hasContent("saved");
        assertThat(s.config().env()).containsExactly("FROM=save");
        assertThat(s.layers()).containsExactly(Digests.of(saved));
        ProvisionedImage l = await(p.provision(cid("layout"), docker("agora/layout:2.0")));
        assertThat(l.rootfs().resolve("etc/agora-image-marker")).hasContent("layout");
        assertThat(l.config().env()).containsExactly("FROM=layout");
        assertThat(await(p.provision(cid("repo"), docker("agora/repo:3.0"))).rootfs()
                .resolve("etc/agora-image-marker")).hasContent("saved");

        ImageException missing = failure(p.provision(cid("missing"), docker("agora/layout:9.9")));
        assertThat(missing.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(missing.getMessage()).contains("agora/layout:9.9").contains(images.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlay", "copy"})
    void whiteoutsAndOpaqueDirectoriesAcrossTwoLayersGiveTheRightTree(String backend) throws Exception {
        byte[] lower = new TestTar().dir("a").file("a/x", "x").file("a/y", "y").dir("b").file("b/z", "z")
                .file("c", "c").dir("d").dir("d/e").file("d/e/f", "f").bytes();
        byte[] upper = new TestTar().file("a/.wh.x", "").dir("b").file("b/.wh..wh..opq", "").file("b/new", "new")
                .file(".wh.c", "").file("d/e/.wh..wh..opq", "").bytes();
        TestImages.ociLayout(images.resolve("agora/whiteouts"), "latest", List.of(lower, upper), List.of());

        DockerImageProvisioner p = fixture.open(images.toString(), backend, Map.of());
        Path root = await(p.provision(cid("wh-" + backend), docker("agora/whiteouts"))).rootfs();
        assertThat(root.resolve("a/y")).hasContent("y");
        assertThat(root.resolve("a/x")).doesNotExist();
        assertThat(root.resolve("a/.wh.x")).doesNotExist();
        assertThat(list(root.resolve("b"))).containsExactly("new");
        assertThat(root.resolve("c")).doesNotExist();
        assertThat(root.resolve("d/e")).isDirectory();
        assertThat(list(root.resolve("d/e"))).isEmpty();
    }

    private static List<String> list(Path d) throws Exception {
        try (var s = Files.list(d)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aLayerWithDotDotIsRefusedNamingItsDigest() throws Exception {
        byte[] evil = new TestTar().dir("etc").file("../escaped", "gotcha").bytes();
        String layer = TestImages.ociLayout(images.resolve("agora/evil"), "latest", List.of(evil), List.of()).get(0);
        DockerImageProvisioner p = fixture.open(images.toString(), "copy", Map.of());
        ImageException e = failure(p.provision(cid("evil"), docker("agora/evil")));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_IMAGE);
        assertThat(e.getMessage()).contains(layer).contains("../escaped");
        assertThat(dir.resolve("store/layers").resolve(layer.substring(7))).doesNotExist();
        assertThat(Files.exists(dir.resolve("store/staging/escaped"))).isFalse();
    }

    @Test
    void aLayerWithADeviceNodeOrAnEscapingLinkIsRefused() throws Exception {
        TestImages.ociLayout(images.resolve("agora/device"), "latest",
                List.of(new TestTar().dir("dev").charDevice("dev/mem").bytes()), List.of());
        TestImages.ociLayout(images.resolve("agora/link"), "latest",
                List.of(new TestTar().dir("etc").symlink("etc/shadow", "../../../etc/shadow").bytes()), List.of());
        DockerImageProvisioner p = fixture.open(images.toString(), "copy", Map.of());
        assertThat(failure(p.provision(cid("device"), docker("agora/device"))).getMessage())
                .contains("dev/mem").contains("device node");
        assertThat(failure(p.provision(cid("link"), docker("agora/link"))).getMessage())
                .contains("etc/shadow").contains("leaves the layer");
    }
}
