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
package org.agora.agent.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.agora.http.HttpException;
import org.agora.http.Request;
import org.agora.http.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesEndpointTest {

    @TempDir
    Path workDir;

    private Path sandbox;
    private FilesEndpoint files;
    private final ExecutorService io = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopIo() {
        io.shutdownNow();
    }

    @BeforeEach
    void setUp() throws Exception {
        sandbox = Files.createDirectories(workDir.resolve("slaves/a1/frameworks/f1/executors/t1/runs/c1"));
        Files.writeString(sandbox.resolve("stdout"), "hello sandbox\n");
        Files.writeString(workDir.resolve("secret"), "outside");
        Files.createSymbolicLink(sandbox.resolve("escape"), workDir.resolve("secret"));
        files = new FilesEndpoint(workDir.resolve("slaves"), Runnable::run);
    }

    private static Request get(String path, Map<String, String> query) {
        return new Request("GET", path, Map.of("path", List.of(query.get("path")),
                "offset", List.of(query.getOrDefault("offset", "-1")),
                "length", List.of(query.getOrDefault("length", "1000"))), h -> null, new byte[0], null);
    }

    private static Response answer(CompletableFuture<Response> f) {
        return f.join();
    }

    private static int status(CompletableFuture<Response> f) {
        try {
            // a deadline against a hang, not a speed goal
            return f.get(60, TimeUnit.SECONDS).status();
        } catch (java.util.concurrent.ExecutionException e) {
            return ((HttpException) e.getCause()).status();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int statusNow(CompletableFuture<Response> f) {
        try {
            return f.join().status();
        } catch (CompletionException e) {
            return ((HttpException) e.getCause()).status();
        }
    }

    @Test
    void readsPagesOfAFileAndTellsItsSize() {
        String stdout = sandbox.resolve("stdout").toString();
        assertThat(answer(files.read(get("/files/read", Map.of("path", stdout)))).bodyText())
                .isEqualTo("{\"data\":\"\",\"offset\":14}");
        assertThat(answer(files.read(get("/files/read", Map.of("path", stdout, "offset", "6", "length", "7"))))
                .bodyText()).isEqualTo("{\"data\":\"sandbox\",\"offset\":6}");
    }

    @Test
    void browsesADirectoryAndDownloadsAFile() {
        String listing = answer(files.browse(get("/files/browse", Map.of("path", sandbox.toString())))).bodyText();
        assertThat(listing).contains("\"path\":\"" + sandbox.resolve("stdout") + "\"").contains("\"size\":14");

        Response d = answer(files.download(get("/files/download", Map.of("path", sandbox.resolve("stdout")
                .toString()))));
        assertThat(new String(d.body(), StandardCharsets.UTF_8)).isEqualTo("hello sandbox\n");
        assertThat(d.headers().get("Content-Disposition")).contains("stdout");
    }

    @Test
    void refusesPathsAndLinksLeadingOutOfTheSandboxes() {
        assertThat(status(files.read(get("/files/read", Map.of("path", sandbox + "/../../../../../../../../secret",
                "offset", "0"))))).isEqualTo(403);
        assertThat(status(files.read(get("/files/read", Map.of("path", sandbox.resolve("escape").toString(),
                "offset", "0"))))).isEqualTo(403);
        assertThat(status(files.download(get("/files/download", Map.of("path", "/etc/hostname"))))).isEqualTo(403);
        assertThat(status(files.download(get("/files/download", Map.of("path", "/no/such/file"))))).isEqualTo(403);
        assertThat(status(files.read(get("/files/read", Map.of("path", sandbox.resolve("nope").toString())))))
                .isEqualTo(404);
        assertThatThrownBy(() -> files.read(get("/files/read", Map.of("path", sandbox.resolve("stdout").toString(),
                "offset", "x"))).join()).hasCauseInstanceOf(HttpException.class);
    }

    @Test
    void aFifoIsNeitherReadNorDownloadedAndBlocksNoThread() throws Exception {
        Path fifo = sandbox.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        FilesEndpoint onOneThread = new FilesEndpoint(workDir.resolve("slaves"), io);

        for (int i = 0; i < 20; i++) {
            assertThat(status(onOneThread.read(get("/files/read", Map.of("path", fifo.toString(), "offset", "0")))))
                    .isEqualTo(400);
            assertThat(status(onOneThread.read(get("/files/read", Map.of("path", fifo.toString()))))).isEqualTo(400);
            assertThat(status(onOneThread.download(get("/files/download", Map.of("path", fifo.toString())))))
                    .isEqualTo(400);
        }
        // the one I/O thread is not stuck in an open: a regular file is still served through it
        assertThat(status(onOneThread.read(get("/files/read", Map.of("path", sandbox.resolve("stdout").toString(),
                "offset", "0"))))).isEqualTo(200);
        assertThat(answer(onOneThread.browse(get("/files/browse", Map.of("path", sandbox.toString())))).bodyText())
                .contains("\"path\":\"" + fifo + "\"", "\"mode\":\"prw");
    }

    @Test
    void linksInsideTheSandboxAreNotFollowedWhereverTheyPoint() throws Exception {
        Path outsideDir = Files.createDirectories(workDir.resolve("outside"));
        Files.writeString(outsideDir.resolve("f"), "outside");
        Files.createSymbolicLink(sandbox.resolve("out"), outsideDir);
        Files.createSymbolicLink(sandbox.resolve("again"), sandbox.resolve("stdout"));

        assertThat(status(files.read(get("/files/read", Map.of("path", sandbox + "/out/f", "offset", "0")))))
                .isEqualTo(403);
        assertThat(status(files.browse(get("/files/browse", Map.of("path", sandbox + "/out"))))).isEqualTo(403);
        assertThat(status(files.download(get("/files/download", Map.of("path", sandbox + "/escape"))))).isEqualTo(403);
        assertThat(status(files.read(get("/files/read", Map.of("path", sandbox + "/again", "offset", "0")))))
                .isEqualTo(403);
        // listed as links, not as what they point to
        assertThat(answer(files.browse(get("/files/browse", Map.of("path", sandbox.toString())))).bodyText())
                .contains("\"mode\":\"lrwx");
    }

    @Test
    void theLatestRunLinkLeadsToTheRunItNames() throws Exception {
        Files.createSymbolicLink(sandbox.resolveSibling("latest"), sandbox.getFileName());
        Files.createSymbolicLink(sandbox.resolveSibling("sneaky"), sandbox.getFileName());
        Path runs = sandbox.getParent();

        assertThat(answer(files.read(get("/files/read", Map.of("path", runs + "/latest/stdout", "offset", "0"))))
                .bodyText()).contains("hello sandbox");
        assertThat(answer(files.browse(get("/files/browse", Map.of("path", runs + "/latest")))).bodyText())
                .contains("stdout");
        assertThat(status(files.read(get("/files/read", Map.of("path", runs + "/sneaky/stdout", "offset", "0")))))
                .isEqualTo(403);
    }

    @Test
    void relativePathsAreTakenFromTheSandboxRootAndMalformedOnesAreBadRequests() {
        assertThat(answer(files.read(get("/files/read", Map.of("path",
                "a1/frameworks/f1/executors/t1/runs/c1/stdout", "offset", "0")))).bodyText()).contains("hello");
        assertThat(status(files.read(get("/files/read", Map.of("path", "a1/../../secret", "offset", "0")))))
                .isEqualTo(403);
        assertThat(statusNow(files.read(get("/files/read", Map.of("path", sandbox + "/std\u0000out")))))
                .isEqualTo(400);
        assertThat(status(files.read(get("/files/read", Map.of("path", sandbox.toString(), "offset", "0")))))
                .isEqualTo(400);
        assertThat(status(files.read(get("/files/read", Map.of("path", sandbox + "/stdout/x", "offset", "0")))))
                .isEqualTo(400);
    }
}
