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
package org.agora.agent.internal.task;

import static org.agora.agent.internal.task.TaskHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchTest {

    @TempDir
    Path workDir;

    @TempDir
    Path files;

    TaskHarness agent;
    HttpServer http;
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        agent = new TaskHarness(workDir, true);
        // a tarball holding dir/inner.txt, a zip holding zipped.txt, and a script
        Path content = Files.createDirectories(files.resolve("content/dir"));
        Files.writeString(content.resolve("inner.txt"), "from the tarball\n");
        Process tar = new ProcessBuilder("tar", "-C", files.resolve("content").toString(), "-czf",
                files.resolve("bundle.tar.gz").toString(), "dir").inheritIO().start();
        assertThat(tar.waitFor(30, TimeUnit.SECONDS) && tar.exitValue() == 0).isTrue();
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(files.resolve("pack.zip")))) {
            zip.putNextEntry(new ZipEntry("zipped.txt"));
            zip.write("from the zip\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Map<String, byte[]> served = Map.of(
                "/bundle.tar.gz", Files.readAllBytes(files.resolve("bundle.tar.gz")),
                "/pack.zip", Files.readAllBytes(files.resolve("pack.zip")),
                "/tools/hello.sh", "#!/bin/sh\necho \"hello from a script $1\"\n".getBytes(StandardCharsets.UTF_8));
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/slow.txt")) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = path.equals("/slow.txt") ? "slow\n".getBytes(StandardCharsets.UTF_8) : served.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        http.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        http.stop(0);
        agent.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    private static CommandInfo.URI uri(String value) {
        return CommandInfo.URI.newBuilder().setValue(value).build();
    }

    @Test
    void urisFromFilesAndHttpAreFetchedExtractedAndMadeExecutable() throws IOException {
        Path local = Files.writeString(files.resolve("local.txt"), "from a local file\n");
        Path other = Files.writeString(files.resolve("other.txt"), "from a file URI\n");

        agent.run(task("f1", CommandInfo.newBuilder()
                .addUris(uri(local.toString()))
                .addUris(uri("file://" + other))
                .addUris(CommandInfo.URI.newBuilder().setValue(local.toString()).setOutputFile("sub/renamed.txt"))
                .addUris(uri(url("/bundle.tar.gz")))
                .addUris(uri(url("/pack.zip")))
                .addUris(CommandInfo.URI.newBuilder().setValue(url("/tools/hello.sh")).setExecutable(true))
                .setValue("cat local.txt other.txt sub/renamed.txt dir/inner.txt zipped.txt && ./hello.sh there")
                .build()));

        TaskStatus finished = agent.awaitTerminal("f1");

        assertThat(finished.getState()).as(finished.getMessage()).isEqualTo(TaskState.TASK_FINISHED);
        Path sandbox = agent.sandbox("f1");
        assertThat(sandbox.resolve("stdout")).hasContent(String.join("\n", "from a local file", "from a file URI",
                "from a local file", "from the tarball", "from the zip", "hello from a script there"));
        assertThat(sandbox.resolve("bundle.tar.gz")).exists();
        assertThat(Files.isExecutable(sandbox.resolve("hello.sh"))).isTrue();
    }

    @Test
    void extractFalseLeavesTheArchivePacked() {
        agent.run(task("f2", CommandInfo.newBuilder()
                .addUris(CommandInfo.URI.newBuilder().setValue(url("/bundle.tar.gz")).setExtract(false))
                .setValue("test -f bundle.tar.gz && test ! -e dir").build()));

        assertThat(agent.awaitTerminal("f2").getState()).isEqualTo(TaskState.TASK_FINISHED);
    }

    @Test
    void aFetchFailureFailsTheTaskNamingTheUriAndTheCause() {
        String missing = url("/missing.tar.gz");
        agent.run(task("f3", CommandInfo.newBuilder().addUris(uri(missing)).setValue("true").build()));

        TaskStatus failed = agent.awaitTerminal("f3");

        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
        assertThat(failed.getMessage()).isEqualTo(
                "Failed to launch container: Failed to fetch '" + missing + "': HTTP 404");
        assertThat(agent.statesOf("f3")).containsExactly(TaskState.TASK_FAILED);
    }

    @Test
    void aMissingLocalFileOrAnUnsupportedSchemeFailsTheTask() {
        agent.run(task("f4", CommandInfo.newBuilder().addUris(uri("/no/such/file.txt")).setValue("true").build()));
        agent.run(task("f5", CommandInfo.newBuilder().addUris(uri("hdfs://nn/file")).setValue("true").build()));

        assertThat(agent.awaitTerminal("f4").getMessage())
                .isEqualTo("Failed to launch container: Failed to fetch '/no/such/file.txt': no such file");
        assertThat(agent.awaitTerminal("f5").getMessage()).startsWith(
                "Failed to launch container: Failed to fetch 'hdfs://nn/file': unsupported scheme 'hdfs'");
    }

    @Test
    void anOutputFileOutsideTheSandboxIsRefused() {
        agent.run(task("f6", CommandInfo.newBuilder().addUris(CommandInfo.URI.newBuilder()
                .setValue(url("/pack.zip")).setOutputFile("../../escaped.zip")).setValue("true").build()));

        TaskStatus failed = agent.awaitTerminal("f6");
        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.getMessage()).contains("is not a path inside the sandbox");
    }

    @Test
    void aKillWhileFetchingEndsTheTaskBeforeItRuns() throws Exception {
        agent.run(task("f7", CommandInfo.newBuilder().addUris(uri(url("/slow.txt")))
                .setValue("echo ran > ran.txt").build()));

        agent.kill("f7", null);
        TaskStatus killed = agent.awaitTerminal("f7");
        release.countDown();

        assertThat(killed.getState()).isEqualTo(TaskState.TASK_KILLED);
        assertThat(killed.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH);
        assertThat(killed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
        assertThat(agent.statesOf("f7")).containsExactly(TaskState.TASK_KILLED);
        // the launch finishes in the background and its process is killed
        org.awaitility.Awaitility.await().until(() -> agent.call(() -> agent.tasks.view().frameworks().isEmpty()));
    }
}
