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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agora.api.json.Json;
import org.agora.images.internal.reference.Digests;

/** Writes images for tests: OCI image layouts and docker-save archives from layer tars. */
final class TestImages {
    private TestImages() {
    }

    static String config(List<byte[]> rawLayers, List<String> env) {
        List<String> diffIds = rawLayers.stream().map(Digests::of).toList();
        return Json.write(java.util.Map.of("architecture", "amd64", "os", "linux",
                "config", java.util.Map.of("Env", env, "Cmd", List.of("/bin/sh"), "WorkingDir", "/tmp"),
                "rootfs", java.util.Map.of("type", "layers", "diff_ids", diffIds)));
    }

    /**
     * An OCI layout at {@code dir} with one image tagged {@code tag}, layers gzip-compressed.
     *
     * @return the compressed layers' digests
     */
    static List<String> ociLayout(Path dir, String tag, List<byte[]> rawLayers, List<String> env) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        List<String> digests = new ArrayList<>();
        List<Object> layerDescs = new ArrayList<>();
        for (byte[] raw : rawLayers) {
            byte[] gz = TestTar.gzip(raw);
            String d = blob(dir, gz);
            digests.add(d);
            layerDescs.add(java.util.Map.of("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip", "digest", d,
                    "size", gz.length));
        }
        byte[] config = config(rawLayers, env).getBytes(StandardCharsets.UTF_8);
        String cd = blob(dir, config);
        byte[] manifest = Json.write(java.util.Map.of("schemaVersion", 2,
                "mediaType", "application/vnd.oci.image.manifest.v1+json",
                "config", java.util.Map.of("mediaType", "application/vnd.oci.image.config.v1+json", "digest", cd,
                        "size", config.length),
                "layers", layerDescs)).getBytes(StandardCharsets.UTF_8);
        String md = blob(dir, manifest);
        Files.writeString(dir.resolve("index.json"), Json.write(java.util.Map.of("schemaVersion", 2, "manifests",
                List.of(java.util.Map.of("mediaType", "application/vnd.oci.image.manifest.v1+json", "digest", md,
                        "size", manifest.length, "annotations",
                        java.util.Map.of("org.opencontainers.image.ref.name", tag))))));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return digests;
    }

    private static String blob(Path dir, byte[] b) throws IOException {
        String d = Digests.of(b);
        Files.write(dir.resolve("blobs/sha256").resolve(Digests.hex(d)), b);
        return d;
    }

    /** A {@code docker save} archive of one image tagged {@code repoTag}, layers uncompressed. */
    static void dockerSave(Path file, String repoTag, List<byte[]> rawLayers, List<String> env) throws IOException {
        TestTar t = new TestTar();
        byte[] config = config(rawLayers, env).getBytes(StandardCharsets.UTF_8);
        String id = Digests.hex(Digests.of(config));
        t.file(id + ".json", config, 0644);
        List<String> names = new ArrayList<>();
        for (byte[] raw : rawLayers) {
            String dirName = Digests.hex(Digests.of(raw));
            t.dir(dirName);
            t.file(dirName + "/layer.tar", raw, 0644);
            names.add(dirName + "/layer.tar");
        }
        t.file("manifest.json", Json.write(List.of(java.util.Map.of("Config", id + ".json", "RepoTags",
                List.of(repoTag), "Layers", names))).getBytes(StandardCharsets.UTF_8), 0644);
        Files.write(file, t.bytes());
    }
}
