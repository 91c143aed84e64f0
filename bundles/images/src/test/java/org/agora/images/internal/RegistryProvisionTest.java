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
import static org.agora.images.internal.ProvisionerFixture.uncached;
import static org.agora.images.internal.ProvisionerFixture.withConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.agora.api.image.ImageException;
import org.agora.api.image.ImageException.Reason;
import org.agora.api.image.ProvisionedImage;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.images.internal.backend.MountTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The provisioner against a real registry (Debian's docker-registry on a loopback port) holding images pushed by
 * skopeo as OCI and as Docker v2 schema 2 manifests. Needs root (overlay mounts, mknod) and the three packages
 * .ci/run installs.
 */
class RegistryProvisionTest {
    @TempDir
    static Path shared;
    static RegistryProcess registry;
    static String layerA;

    @TempDir
    Path dir;
    ProvisionerFixture fixture;

    @BeforeAll
    static void startRegistry() throws Exception {
        assumeTrue(RegistryProcess.installed(), "needs Debian's docker-registry, skopeo and busybox-static "
                + "(apt-get install them; .ci/run does)");
        assumeTrue(ProvisionerFixture.root(), "needs root: overlay and tmpfs mounts, mknod for whiteouts");
        registry = new RegistryProcess(Files.createDirectory(shared.resolve("registry")));
        Path a = shared.resolve("image-a");
        layerA = TestImages.ociLayout(a, "latest", List.of(TestTar.busybox("image-a").bytes()),
                List.of("PATH=/bin", "AGORA_IMAGE_ENV=from-image")).get(0);
        registry.push(a, "latest", "agora/busybox:oci", false);
        registry.push(a, "latest", "agora/busybox:v2s2", true);
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) { // null when an assumption above skipped the class
            registry.close();
        }
    }

    @BeforeEach
    void fixture() {
        fixture = new ProvisionerFixture(dir);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private DockerImageProvisioner provisioner(String backend) {
        return fixture.open("https://registry.invalid", backend, Map.of());
    }

    private String pushFresh(String name, String marker) throws Exception {
        Path layout = dir.resolve("layout-" + name.replace('/', '-'));
        String layer = TestImages.ociLayout(layout, "latest", List.of(TestTar.busybox(marker).bytes()),
                List.of("PATH=/bin")).get(0);
        registry.push(layout, "latest", name + ":latest", false);
        return layer;
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlay", "copy"})
    void bothManifestFormatsGiveARootfsWithTheImagesFilesAndConfig(String backend) throws Exception {
        DockerImageProvisioner p = provisioner(backend);
        for (String tag : List.of("oci", "v2s2")) {
            ProvisionedImage img = await(p.provision(cid(tag + "-" + backend),
                    docker(registry.host() + "/agora/busybox:" + tag)));
            assertThat(img.rootfs().resolve("etc/agora-image-marker")).hasContent("image-a");
            assertThat(Files.isExecutable(img.rootfs().resolve("bin/busybox"))).isTrue();
            assertThat(Files.readSymbolicLink(img.rootfs().resolve("bin/sh"))).hasToString("busybox");
            assertThat(img.config().env()).containsExactly("PATH=/bin", "AGORA_IMAGE_ENV=from-image");
            assertThat(img.config().cmd()).containsExactly("/bin/sh");
            assertThat(img.config().workingDir()).isEqualTo("/tmp");
            assertThat(img.imageReference()).isEqualTo(registry.host() + "/agora/busybox:" + tag);
            assertThat(img.manifestDigest()).startsWith("sha256:");
            assertThat(MountTable.isMountPoint(img.rootfs())).isEqualTo(backend.equals("overlay"));
            // the container writes to its own rootfs, never to the shared layer
            Files.writeString(img.rootfs().resolve("etc/agora-image-marker"), "changed");
            Path stored = dir.resolve("store/layers").resolve(img.layers().get(0).substring(7));
            assertThat(stored.resolve("etc/agora-image-marker")).hasContent("image-a");
        }
        assertThat(await(p.destroy(cid("oci-" + backend)))).isTrue();
        assertThat(dir.resolve("provisioner/containers/oci-" + backend)).doesNotExist();
        assertThat(MountTable.mountsUnder(dir.resolve("provisioner/containers/oci-" + backend))).isEmpty();
        assertThat(await(p.destroy(cid("oci-" + backend)))).isFalse();
    }

    @Test
    void tenConcurrentProvisionsOfAFreshImageFetchItsManifestAndLayerOnce() throws Exception {
        String layer = pushFresh("agora/fresh", "fresh");
        long manifestsBefore = registry.gets("/v2/agora/fresh/manifests/");
        DockerImageProvisioner p = provisioner("overlay");
        List<CompletableFuture<ProvisionedImage>> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(p.provision(cid("fresh-" + i), docker(registry.host() + "/agora/fresh:latest"))
                    .toCompletableFuture());
        }
        for (CompletableFuture<ProvisionedImage> f : all) {
            assertThat(await(f).rootfs().resolve("etc/agora-image-marker")).hasContent("fresh");
        }
        assertThat(registry.blobGets(layer)).isEqualTo(1);
        assertThat(registry.gets("/v2/agora/fresh/manifests/") - manifestsBefore).isEqualTo(1);
    }

    @Test
    void aCachedImageNeedsNoRegistryAndCachedFalseFetchesTheManifestAgain() throws Exception {
        String layer = pushFresh("agora/cached", "cached");
        DockerImageProvisioner p = provisioner("copy");
        String name = registry.host() + "/agora/cached:latest";
        await(p.provision(cid("c1"), docker(name)));
        long manifests = registry.gets("/v2/agora/cached/manifests/");
        await(p.provision(cid("c2"), docker(name)));
        assertThat(registry.gets("/v2/agora/cached/manifests/")).isEqualTo(manifests);
        await(p.provision(cid("c3"), uncached(name)));
        assertThat(registry.gets("/v2/agora/cached/manifests/")).isEqualTo(manifests + 1);
        assertThat(registry.blobGets(layer)).isEqualTo(1);
    }

    @Test
    void anUnknownImageFailsNamingIt() throws Exception {
        ImageException e = failure(provisioner("copy").provision(cid("missing"),
                docker(registry.host() + "/agora/no-such-image:latest")));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("agora/no-such-image").contains("http://" + registry.host());
        assertThat(dir.resolve("provisioner/containers/missing")).doesNotExist();
    }

    @Test
    void anUnreachableRegistryFailsNamingItsUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ImageException e = failure(provisioner("copy").provision(cid("unreachable"),
                docker("127.0.0.1:" + port + "/agora/busybox:oci")));
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).contains("http://127.0.0.1:" + port);
    }

    @Test
    void aTamperedBlobIsRefusedAndNothingOfItIsKept() throws Exception {
        String layer = pushFresh("agora/tampered", "tampered");
        Path blob = registry.blobFile(layer);
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(blob, bytes);
        DockerImageProvisioner p = provisioner("overlay");
        ImageException e = failure(p.provision(cid("tampered"), docker(registry.host() + "/agora/tampered:latest")));
        assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH);
        assertThat(e.getMessage()).contains(layer);
        assertThat(dir.resolve("store/layers").resolve(layer.substring(7))).doesNotExist();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            try (var s = Files.list(dir.resolve("store/staging")); var c = Files.list(dir.resolve(
                    "provisioner/containers"))) {
                return s.count() == 0 && c.count() == 0;
            }
        });
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void bearerAndBasicChallengesAreAnsweredWithTheImagesCredentials(boolean bearer) throws Exception {
        try (AuthProxy proxy = new AuthProxy(registry.host(), bearer)) {
            DockerImageProvisioner p = provisioner("copy");
            String name = proxy.host() + "/agora/busybox:oci";
            ImageException anonymous = failure(p.provision(cid("anon"), docker(name)));
            assertThat(anonymous.reason()).isEqualTo(Reason.UNAUTHORIZED);
            assertThat(anonymous.getMessage()).contains(proxy.host());
            ImageException wrong = failure(p.provision(cid("wrong"), withConfig(name, proxy.host(), AuthProxy.USER,
                    "not-the-password")));
            assertThat(wrong.reason()).isEqualTo(Reason.UNAUTHORIZED);
            assertThat(wrong.getMessage()).contains("refused").contains(proxy.host());
            ProvisionedImage ok = await(p.provision(cid("ok"), withConfig(name, "http://" + proxy.host(),
                    AuthProxy.USER, AuthProxy.PASSWORD)));
            assertThat(ok.rootfs().resolve("etc/agora-image-marker")).hasContent("image-a");
            if (bearer) {
                assertThat(proxy.tokensIssued.get()).isEqualTo(1); // one token served manifest, config and layer
            }
        }
    }

    @Test
    void credentialsFromTheConfigurationAreUsed() throws Exception {
        try (AuthProxy proxy = new AuthProxy(registry.host(), true)) {
            Path config = dir.resolve("docker-config.json");
            Files.writeString(config, "{\"auths\":{\"" + proxy.host() + "\":{\"username\":\"" + AuthProxy.USER
                    + "\",\"password\":\"" + AuthProxy.PASSWORD + "\"}}}");
            DockerImageProvisioner p = fixture.open("https://registry.invalid", "copy",
                    Map.of("docker.config", config.toString()));
            assertThat(await(p.provision(cid("configured"), docker(proxy.host() + "/agora/busybox:v2s2")))
                    .rootfs().resolve("etc/agora-image-marker")).hasContent("image-a");
        }
    }

    @Test
    void theDefaultRegistryServesNamesWithoutOne() throws Exception {
        DockerImageProvisioner p = fixture.open("http://" + registry.host(), "copy", Map.of());
        ProvisionedImage img = await(p.provision(cid("default"), docker("agora/busybox:oci")));
        assertThat(img.rootfs().resolve("etc/agora-image-marker")).hasContent("image-a");
        // a single name gets library/, as on Docker Hub
        ImageException e = failure(p.provision(cid("single"), docker("busybox")));
        assertThat(e.getMessage()).contains("library/busybox");
    }

    @Test
    void gcRemovesUnusedLayersOnly() throws Exception {
        String layerB = pushFresh("agora/gc-b", "gc-b");
        DockerImageProvisioner p = provisioner("overlay");
        ProvisionedImage a = await(p.provision(cid("uses-a"), docker(registry.host() + "/agora/busybox:oci")));
        await(p.provision(cid("uses-b"), docker(registry.host() + "/agora/gc-b:latest")));
        Path layers = dir.resolve("store/layers");
        await(p.pruneImages(List.of()));
        assertThat(layers.resolve(layerA.substring(7))).isDirectory();
        assertThat(layers.resolve(layerB.substring(7))).isDirectory();

        await(p.destroy(cid("uses-b")));
        await(p.pruneImages(List.of()));
        assertThat(layers.resolve(layerB.substring(7))).doesNotExist();
        assertThat(layers.resolve(layerA.substring(7))).isDirectory();
        assertThat(a.rootfs().resolve("etc/agora-image-marker")).hasContent("image-a");

        // pulled again when needed after the GC
        assertThat(await(p.provision(cid("uses-b-again"), docker(registry.host() + "/agora/gc-b:latest")))
                .rootfs().resolve("etc/agora-image-marker")).hasContent("gc-b");
        assertThat(registry.blobGets(layerB)).isEqualTo(2);
    }

    @Test
    void theAgeGcRemovesLayersUnusedForLongerButNeverOnesInUse() throws Exception {
        String layerB = pushFresh("agora/age-b", "age-b");
        DockerImageProvisioner p = fixture.open("https://registry.invalid", "copy",
                Map.of("gc.interval.ms", "20", "gc.max.unused.age.ms", "1", "gc.disk.headroom", "0"));
        await(p.provision(cid("keeps-a"), docker(registry.host() + "/agora/busybox:oci")));
        await(p.provision(cid("drops-b"), docker(registry.host() + "/agora/age-b:latest")));
        await(p.destroy(cid("drops-b")));
        Path layers = dir.resolve("store/layers");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> !Files.exists(layers.resolve(layerB.substring(7))));
        assertThat(layers.resolve(layerA.substring(7))).isDirectory();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlay", "copy"})
    void recoverKeepsKnownContainersAndRemovesTheRest(String backend) throws Exception {
        String name = registry.host() + "/agora/busybox:oci";
        DockerImageProvisioner before = provisioner(backend);
        ProvisionedImage kept = await(before.provision(cid("keep"), docker(name)));
        ProvisionedImage dropped = await(before.provision(cid("drop"), docker(name)));
        before.deactivate(); // the agent stops; mounts stay

        DockerImageProvisioner after = provisioner(backend);
        await(after.recover(Set.of(cid("keep"))));
        assertThat(dropped.rootfs().getParent()).doesNotExist();
        assertThat(MountTable.mountsUnder(dropped.rootfs().getParent())).isEmpty();
        assertThat(kept.rootfs().resolve("etc/agora-image-marker")).hasContent("image-a");
        assertThat(MountTable.isMountPoint(kept.rootfs())).isEqualTo(backend.equals("overlay"));
        // the kept container still holds its layer against the GC, and provisioning it again is idempotent
        await(after.pruneImages(List.of()));
        assertThat(dir.resolve("store/layers").resolve(layerA.substring(7))).isDirectory();
        assertThat(await(after.provision(cid("keep"), docker(name))).rootfs()).isEqualTo(kept.rootfs());
        assertThat(await(after.destroy(cid("keep")))).isTrue();
        assertThat(MountTable.mountsUnder(dir.resolve("provisioner"))).isEmpty();
    }

    /** An image volume's rootfs is provisioned under an id nested under its container's (the native containerizer). */
    private static ContainerID volume(String container, int index) {
        return ContainerID.newBuilder().setValue("volume-" + index).setParent(cid(container)).build();
    }

    @Test
    void nestedIdsShareLayersAndAreRecoveredAndDestroyedWithTheirContainer() throws Exception {
        String volumeLayer = pushFresh("agora/vol-data", "vol-data");
        String data = registry.host() + "/agora/vol-data:latest";
        String own = registry.host() + "/agora/busybox:oci";
        DockerImageProvisioner before = provisioner("overlay");
        // two containers, each with its own image and a volume of the same image, provisioned concurrently
        List<CompletableFuture<ProvisionedImage>> all = List.of(
                before.provision(cid("with-vol"), docker(own)).toCompletableFuture(),
                before.provision(volume("with-vol", 0), docker(data)).toCompletableFuture(),
                before.provision(cid("other"), docker(own)).toCompletableFuture(),
                before.provision(volume("other", 0), docker(data)).toCompletableFuture());
        for (CompletableFuture<ProvisionedImage> f : all) {
            await(f);
        }
        ProvisionedImage vol = all.get(1).join();
        assertThat(vol.rootfs().resolve("etc/agora-image-marker")).hasContent("vol-data");
        assertThat(vol.rootfs().getParent().getFileName()).hasToString("with-vol+volume-0");
        assertThat(registry.blobGets(volumeLayer)).isEqualTo(1);
        before.deactivate(); // the agent stops; mounts stay

        // after a restart the agent knows only with-vol: its volume's rootfs stays, other's both go
        DockerImageProvisioner after = provisioner("overlay");
        await(after.recover(Set.of(cid("with-vol"))));
        assertThat(vol.rootfs().resolve("etc/agora-image-marker")).hasContent("vol-data");
        assertThat(MountTable.isMountPoint(vol.rootfs())).isTrue();
        assertThat(all.get(3).join().rootfs().getParent()).doesNotExist();
        assertThat(all.get(2).join().rootfs().getParent()).doesNotExist();
        await(after.pruneImages(List.of()));
        assertThat(dir.resolve("store/layers").resolve(volumeLayer.substring(7))).isDirectory();

        // destroying the container destroys its volume's rootfs too; then the volume's layer is unused
        assertThat(await(after.destroy(cid("with-vol")))).isTrue();
        assertThat(vol.rootfs().getParent()).doesNotExist();
        assertThat(MountTable.mountsUnder(dir.resolve("provisioner"))).isEmpty();
        await(after.pruneImages(List.of()));
        assertThat(dir.resolve("store/layers").resolve(volumeLayer.substring(7))).doesNotExist();
    }

    @Test
    void aFullDiskFailsNamingTheLayerAndLeavesNothing() throws Exception {
        // room for the compressed layer (1 MB), not for its extracted busybox (2 MB): ENOSPC while extracting
        Path small = Files.createDirectory(dir.resolve("small"));
        org.agora.images.internal.layer.ProcessRunner.run("mount", "-t", "tmpfs", "-o", "size=1536k", "tmpfs",
                small.toString());
        // the fixture unmounts it after the test
        DockerImageProvisioner p = fixture.open("https://registry.invalid", "copy",
                Map.of("store.dir", small.resolve("store").toString()));
        ImageException e = failure(p.provision(cid("full"), docker(registry.host() + "/agora/busybox:oci")));
        assertThat(e.reason()).isEqualTo(Reason.DISK_FULL);
        assertThat(e.getMessage()).contains(layerA);
        try (var left = Files.list(small.resolve("store/staging")); var ls = Files.list(small.resolve(
                "store/layers"))) {
            assertThat(left.count() + ls.count()).isZero();
        }
    }
}
