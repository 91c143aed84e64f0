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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.agora.api.image.ImageException;
import org.agora.api.image.ImageException.Reason;
import org.agora.images.internal.layer.TarEntry;
import org.agora.images.internal.layer.TarReader;
import org.agora.images.internal.manifest.ImageConfigDocument;
import org.agora.images.internal.manifest.ImageManifest;
import org.agora.images.internal.manifest.ManifestIndex;
import org.agora.images.internal.manifest.ManifestParser;
import org.agora.images.internal.manifest.MediaTypes;
import org.agora.images.internal.manifest.Platform;
import org.agora.images.internal.reference.ImageReference;
import org.agora.images.internal.registry.AuthChallenge;
import org.agora.images.internal.source.RegistryCredentials;
import org.junit.jupiter.api.Test;

/** The parsers, without a network: image references, challenges, manifests, configs, credentials, tar headers. */
class ParsersTest {
    private static final String D1 = "sha256:" + "a".repeat(64);
    private static final String D2 = "sha256:" + "b".repeat(64);

    @Test
    void referencesParseAsDockerParsesThem() {
        ImageReference plain = ImageReference.parse("busybox");
        assertThat(plain).isEqualTo(new ImageReference("", "busybox", "latest", ""));
        assertThat(plain.repositoryOn(true)).isEqualTo("library/busybox");
        assertThat(plain.registryUrl()).isEmpty();
        ImageReference local = ImageReference.parse("127.0.0.1:5000/agora/busybox:oci");
        assertThat(local.registry()).isEqualTo("127.0.0.1:5000");
        assertThat(local.repositoryOn(false)).isEqualTo("agora/busybox");
        assertThat(local.registryUrl()).contains("http://127.0.0.1:5000");
        assertThat(ImageReference.parse("localhost/x").registryUrl()).contains("http://localhost");
        assertThat(ImageReference.parse("[::1]:5000/x").registryUrl()).contains("http://[::1]:5000");
        assertThat(ImageReference.parse("quay.io/coreos/etcd:v3").registryUrl()).contains("https://quay.io");
        assertThat(ImageReference.parse("10.0.0.1:5000/x").registryUrl()).contains("https://10.0.0.1:5000");
        ImageReference pinned = ImageReference.parse("agora/x@" + D1);
        assertThat(pinned.tag()).isEmpty();
        assertThat(pinned.manifestReference()).isEqualTo(D1);
        assertThat(ImageReference.parse("agora/x:1.0@" + D1).manifestReference()).isEqualTo(D1);
    }

    @Test
    void badReferencesAreRefusedNamingThem() {
        for (String bad : List.of("", "../etc", "agora/../x", "UPPER/case", "x:bad tag", "x@sha256:short", "a//b",
                "/abs")) {
            assertThatThrownBy(() -> ImageReference.parse(bad)).isInstanceOf(ImageException.class)
                    .hasMessageContaining("'" + bad + "'")
                    .satisfies(e -> assertThat(((ImageException) e).reason()).isEqualTo(Reason.INVALID_REQUEST));
        }
    }

    @Test
    void challengesParseWithQuotedParameters() {
        List<AuthChallenge> cs = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\", Basic realm=\"x, y\"");
        assertThat(cs).containsExactly(
                new AuthChallenge("bearer", Map.of("realm", "https://auth.docker.io/token",
                        "service", "registry.docker.io", "scope", "repository:library/busybox:pull")),
                new AuthChallenge("basic", Map.of("realm", "x, y")));
        assertThat(AuthChallenge.parse("")).isEmpty();
        assertThat(AuthChallenge.parse("=junk")).isEmpty();
        assertThat(AuthChallenge.parse("Basic")).containsExactly(new AuthChallenge("basic", Map.of()));
    }

    @Test
    void manifestsOfBothFormatsAndIndexesParse() {
        String layers = "\"config\":{\"mediaType\":\"c\",\"digest\":\"" + D1 + "\",\"size\":7},"
                + "\"layers\":[{\"mediaType\":\"l\",\"digest\":\"" + D2 + "\",\"size\":9}]";
        Object v2 = ManifestParser.parse(("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST
                + "\"," + layers + "}").getBytes(StandardCharsets.UTF_8), "", "m");
        assertThat(v2).isInstanceOf(ImageManifest.class);
        assertThat(((ImageManifest) v2).layers()).extracting(d -> d.digest()).containsExactly(D2);
        // OCI manifests may omit mediaType: the Content-Type or the shape says what they are
        Object oci = ManifestParser.parse(("{\"schemaVersion\":2," + layers + "}").getBytes(StandardCharsets.UTF_8),
                MediaTypes.OCI_MANIFEST, "m");
        assertThat(((ImageManifest) oci).mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);

        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_LIST + "\",\"manifests\":["
                + "{\"digest\":\"" + D1 + "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\","
                + "\"variant\":\"v8\"}},"
                + "{\"digest\":\"" + D2 + "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
        ManifestIndex idx = (ManifestIndex) ManifestParser.parse(index.getBytes(StandardCharsets.UTF_8), "", "i");
        assertThat(idx.forPlatform(new Platform("linux", "amd64", "")).orElseThrow().descriptor().digest())
                .isEqualTo(D2);
        assertThat(idx.forPlatform(Platform.parse("linux/arm64")).orElseThrow().descriptor().digest()).isEqualTo(D1);
        assertThat(idx.forPlatform(Platform.parse("linux/s390x"))).isEmpty();
    }

    @Test
    void schema1AndMalformedManifestsAreRefusedNamingTheDocument() {
        assertThatThrownBy(() -> ManifestParser.parse("{\"schemaVersion\":1,\"name\":\"x\"}".getBytes(
                StandardCharsets.UTF_8), "", "the manifest of image 'x'"))
                .hasMessageContaining("the manifest of image 'x'").hasMessageContaining("schema 1")
                .satisfies(e -> assertThat(((ImageException) e).reason()).isEqualTo(Reason.UNSUPPORTED));
        assertThatThrownBy(() -> ManifestParser.parse("not json".getBytes(StandardCharsets.UTF_8), "", "doc"))
                .hasMessageContaining("doc is not JSON");
        assertThatThrownBy(() -> ManifestParser.parse(("{\"schemaVersion\":2,\"config\":{\"digest\":\"md5:1\"},"
                + "\"layers\":[]}").getBytes(StandardCharsets.UTF_8), "", "doc"))
                .hasMessageContaining("not a sha256 digest");
    }

    @Test
    void imageConfigsGiveTheRuntimeConfigAndDiffIds() {
        ImageConfigDocument c = ImageConfigDocument.parse(("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":"
                + "{\"Env\":[\"A=1\"],\"Entrypoint\":[\"/e\"],\"Cmd\":null,\"WorkingDir\":\"/w\",\"User\":\"1:2\"},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + D1 + "\"]}}").getBytes(StandardCharsets.UTF_8),
                "cfg");
        assertThat(c.runtime().env()).containsExactly("A=1");
        assertThat(c.runtime().entrypoint()).containsExactly("/e");
        assertThat(c.runtime().cmd()).isEmpty();
        assertThat(c.runtime().workingDir()).isEqualTo("/w");
        assertThat(c.runtime().user()).isEqualTo("1:2");
        assertThat(c.diffIds()).containsExactly(D1);
        assertThat(c.platform()).isEqualTo(new Platform("linux", "amd64", ""));
    }

    @Test
    void dockerConfigCredentialsMatchByHostWhateverTheKeyLooksLike() {
        String auth = java.util.Base64.getEncoder().encodeToString("u:p:w".getBytes(StandardCharsets.UTF_8));
        RegistryCredentials c = RegistryCredentials.parse("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
                + auth + "\"},\"http://127.0.0.1:5000\":{\"username\":\"a\",\"password\":\"b\"}}}", "cfg");
        assertThat(c.forRegistry("registry-1.docker.io")).contains(new RegistryCredentials.Basic("u", "p:w"));
        assertThat(c.forRegistry("127.0.0.1:5000")).contains(new RegistryCredentials.Basic("a", "b"));
        assertThat(c.forRegistry("127.0.0.1:5001")).isEmpty();
        assertThat(c.toString()).doesNotContain("p:w");
        assertThatThrownBy(() -> RegistryCredentials.parse("{\"auths\":{\"x\":{\"auth\":\"***\"}}}", "the config"))
                .hasMessageContaining("the config").hasMessageContaining("not base64");
    }

    @Test
    void tarReaderReadsUstarEntriesAndRefusesCorruptHeaders() throws Exception {
        byte[] tar = new TestTar().dir("a").file("a/b", "hello").symlink("a/l", "b").bytes();
        TarReader r = new TarReader(new ByteArrayInputStream(tar));
        TarEntry dir = r.next();
        assertThat(dir.isDirectory()).isTrue();
        TarEntry file = r.next();
        assertThat(file.name()).isEqualTo("a/b");
        assertThat(new String(r.content().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(r.next().linkName()).isEqualTo("b");
        assertThat(r.next()).isNull();

        tar[0] ^= 1;
        assertThatThrownBy(() -> new TarReader(new ByteArrayInputStream(tar)).next())
                .hasMessageContaining("bad checksum");
    }
}
