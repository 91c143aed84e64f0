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

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.agora.images.internal.reference.Digests;

/**
 * Debian's docker-registry, started on a free loopback port with its storage in a temporary directory, and skopeo
 * to push test images into it. The registry's access log counts the requests it served.
 */
final class RegistryProcess implements AutoCloseable {
    static final Path REGISTRY = Path.of("/usr/bin/docker-registry");
    static final Path SKOPEO = Path.of("/usr/bin/skopeo");

    final Path dir;
    final int port;
    private final Process process;

    static boolean installed() {
        return Files.isExecutable(REGISTRY) && Files.isExecutable(SKOPEO)
                && Files.isExecutable(Path.of("/bin/busybox"));
    }

    RegistryProcess(Path dir) throws IOException {
        this.dir = dir;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("registry.yml");
        Files.writeString(config, "version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: "
                + dir.resolve("data") + "\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
        process = new ProcessBuilder(REGISTRY.toString(), "serve", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    /** Pushes the OCI layout's {@code tag} to {@code ref} (repository:tag) as OCI, or as Docker v2s2. */
    void push(Path layout, String tag, String ref, boolean v2s2) throws IOException, InterruptedException {
        var cmd = new java.util.ArrayList<>(java.util.List.of(SKOPEO.toString(), "copy", "--insecure-policy",
                "--dest-tls-verify=false"));
        if (v2s2) {
            cmd.addAll(java.util.List.of("--format", "v2s2"));
        }
        cmd.addAll(java.util.List.of("oci:" + layout + ":" + tag, "docker://" + host() + "/" + ref));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("skopeo push of " + ref + " failed: " + out);
        }
    }

    /** How often the registry served {@code GET <path>} (as its access log writes it). */
    long gets(String pathPrefix) throws IOException {
        return Files.readAllLines(dir.resolve("registry.log")).stream()
                .filter(l -> l.contains("\"GET " + pathPrefix)).count();
    }

    long blobGets(String digest) throws IOException {
        return Files.readAllLines(dir.resolve("registry.log")).stream()
                .filter(l -> l.contains("\"GET /v2/") && l.contains("/blobs/" + digest + " ")).count();
    }

    /** The file the registry keeps a blob in (to tamper with it). */
    Path blobFile(String digest) {
        String hex = Digests.hex(digest);
        return dir.resolve("data/docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex)
                .resolve("data");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
