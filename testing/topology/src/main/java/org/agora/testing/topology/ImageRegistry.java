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
package org.agora.testing.topology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Debian's docker-registry on a free loopback port, its storage in a directory of its own, and skopeo to push images
 * built here from Debian's static busybox into it: what the image integration tests and the image benchmark run
 * tasks from. {@link #close()} stops the registry by its pid.
 */
public final class ImageRegistry implements AutoCloseable {
    static final Path REGISTRY = Path.of("/usr/bin/docker-registry");
    static final Path SKOPEO = Path.of("/usr/bin/skopeo");
    static final Path BUSYBOX = Path.of("/bin/busybox");
    /** Where {@link #ociLayout} puts its marker in the image. */
    public static final String MARKER_FILE = "etc/agora-image-marker";

    private final Path dir;
    private final int port;
    private final Process process;

    /**
     * Why this machine cannot run image containers from a registry, if it cannot: not root, or one of
     * docker-registry, skopeo and busybox-static missing.
     */
    public static Optional<String> missing() throws IOException, InterruptedException {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!Integer.valueOf(0).equals(uid)) {
            return Optional.of("needs root (uid " + uid + "): image containers need mounts and cgroups");
        }
        List<String> absent = new ArrayList<>();
        for (Path p : List.of(REGISTRY, SKOPEO, BUSYBOX)) {
            if (!Files.isExecutable(p)) {
                absent.add(p.toString());
            }
        }
        if (!absent.isEmpty()) {
            return Optional.of(absent + " missing: apt-get install docker-registry skopeo busybox-static");
        }
        Process ldd = new ProcessBuilder("ldd", BUSYBOX.toString()).redirectErrorStream(true).start();
        String out = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ldd.waitFor(10, TimeUnit.SECONDS);
        if (!out.contains("not a dynamic executable")) {
            return Optional.of(BUSYBOX + " is not the static busybox: apt-get install busybox-static");
        }
        return Optional.empty();
    }

    /** Starts the registry with its config, data and access log in {@code dir}; waits until {@code /v2/} answers. */
    public ImageRegistry(Path dir) throws IOException, InterruptedException {
        this.dir = Files.createDirectories(dir);
        port = Ports.free();
        Path config = dir.resolve("registry.yml");
        Files.writeString(config, "version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: "
                + dir.resolve("data") + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
        process = new ProcessBuilder(REGISTRY.toString(), "serve", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException starting) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IOException("docker-registry (pid " + process.pid() + ") did not answer on " + host()
                        + " within 30 s; see " + dir.resolve("registry.log"));
            }
            Thread.sleep(50);
        }
    }

    /** {@code 127.0.0.1:port}, the first part of the images' names. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** Pushes the OCI layout's {@code latest} to {@code ref} (repository:tag) as an OCI image. */
    public void push(Path layout, String ref) throws IOException, InterruptedException {
        push(layout, ref, false);
    }

    /** The same, as a Docker v2 schema 2 image when {@code v2s2}. */
    public void push(Path layout, String ref, boolean v2s2) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(SKOPEO.toString(), "copy", "--insecure-policy",
                "--dest-tls-verify=false"));
        if (v2s2) {
            cmd.addAll(List.of("--format", "v2s2"));
        }
        cmd.addAll(List.of("oci:" + layout + ":latest", "docker://" + host() + "/" + ref));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("skopeo push of " + ref + " failed: " + out);
        }
    }

    /** How often the registry served {@code GET} of the blob {@code digest} (as its access log writes it). */
    public long blobGets(String digest) throws IOException {
        try (Stream<String> lines = Files.lines(dir.resolve("registry.log"))) {
            return lines.filter(l -> l.contains("\"GET /v2/") && l.contains("/blobs/" + digest + " ")).count();
        }
    }

    /**
     * Writes an OCI image layout tagged latest: one layer (the static busybox, a few applets and {@code marker} in
     * {@link #MARKER_FILE}, so that each marker makes a layer of its own digest), packed with the system's tar; its
     * config's Env is {@code PATH=/bin} and {@code env}.
     *
     * @return the compressed layer's digest
     */
    public static String ociLayout(Path layout, String marker, String... env) throws IOException,
            InterruptedException {
        Path staging = Files.createDirectories(layout.resolveSibling(layout.getFileName() + "-rootfs"));
        for (String d : List.of("bin", "etc", "tmp", "mnt/mesos/sandbox")) {
            Files.createDirectories(staging.resolve(d));
        }
        Files.copy(BUSYBOX, staging.resolve("bin/busybox"));
        for (String applet : List.of("sh", "cat", "echo", "test", "ls", "sleep", "env", "true", "pwd")) {
            Files.createSymbolicLink(staging.resolve("bin/" + applet), Path.of("busybox"));
        }
        Files.writeString(staging.resolve(MARKER_FILE), marker + "\n");
        Path tar = layout.resolveSibling(layout.getFileName() + ".tar");
        Process p = new ProcessBuilder("tar", "--numeric-owner", "--owner=0", "--group=0", "-cf", tar.toString(),
                "-C", staging.toString(), "bin", "etc", "tmp", "mnt").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("tar of " + staging + " failed: " + out);
        }
        byte[] raw = Files.readAllBytes(tar);
        ByteArrayOutputStream gzBytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(gzBytes)) {
            gz.write(raw);
        }
        Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
        String layer = blob(blobs, gzBytes.toByteArray());
        StringBuilder envJson = new StringBuilder("\"PATH=/bin\"");
        for (String e : env) {
            envJson.append(",\"").append(e).append('"');
        }
        String config = blob(blobs, ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":["
                + envJson + "],\"Cmd\":[\"/bin/sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + sha256(raw) + "\"]}}").getBytes(StandardCharsets.UTF_8));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config
                + "\",\"size\":" + Files.size(blobs.resolve(config.substring(7))) + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layer + "\",\"size\":"
                + gzBytes.size() + "}]}").getBytes(StandardCharsets.UTF_8);
        String m = blob(blobs, manifest);
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + m + "\",\"size\":"
                + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}}]}");
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return layer;
    }

    private static String blob(Path blobs, byte[] b) throws IOException {
        String d = sha256(b);
        Files.write(blobs.resolve(d.substring(7)), b);
        return d;
    }

    private static String sha256(byte[] b) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** Stops the registry (SIGTERM, then SIGKILL after 10 s) by its pid; its directory stays for the caller. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
