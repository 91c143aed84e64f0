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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.agora.http.HttpException;
import org.agora.http.Request;
import org.agora.http.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task swaps a directory of its sandbox for a symbolic link to a directory outside the sandboxes, and back, in a
 * tight loop while {@code /files} serves paths through it: not one byte (or name) from outside may ever be served.
 * (The check-then-open implementation served the outside file in several percent of the reads.)
 */
class FilesRaceTest {
    private static final int REQUESTS = 5_000;
    private static final String SECRET = "SECRET-OUTSIDE-THE-SANDBOXES";

    @TempDir
    Path workDir;

    private Path sandbox;
    private FilesEndpoint files;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger swaps = new AtomicInteger();
    private Thread swapper;

    @BeforeEach
    void setUp() throws IOException {
        sandbox = Files.createDirectories(workDir.resolve("slaves/a1/frameworks/f1/executors/e1/runs/c1"));
        Path inside = Files.createDirectories(sandbox.resolve("d"));
        Files.writeString(inside.resolve("f"), "inside");
        Path outside = Files.createDirectories(workDir.resolve("outside"));
        Files.writeString(outside.resolve("f"), SECRET);
        Files.writeString(outside.resolve("outside-only"), SECRET);
        files = new FilesEndpoint(workDir.resolve("slaves"), Runnable::run);
        Path parked = sandbox.resolve("d.parked");
        swapper = new Thread(() -> {
            while (!stop.get()) {
                try {
                    Files.move(inside, parked, StandardCopyOption.ATOMIC_MOVE);
                    Files.createSymbolicLink(inside, outside);
                    Files.delete(inside);
                    Files.move(parked, inside, StandardCopyOption.ATOMIC_MOVE);
                    swaps.incrementAndGet();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }, "sandbox-swapper");
        swapper.start();
    }

    @AfterEach
    void stopSwapping() throws InterruptedException {
        stop.set(true);
        swapper.join();
    }

    private static Request get(String path, String file, String offset) {
        return new Request("GET", path, Map.of("path", List.of(file), "offset", List.of(offset)), h -> null,
                new byte[0], null);
    }

    /** The body served, or empty for a refusal (the path was not there, or was a link, at that instant). */
    private static String served(CompletableFuture<Response> answer) {
        try {
            return new String(answer.join().body(), StandardCharsets.UTF_8);
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(HttpException.class);
            assertThat(((HttpException) e.getCause()).status()).isBetween(400, 499);
            return "";
        }
    }

    private int race(Function<Integer, CompletableFuture<Response>> request) {
        int servedInside = 0;
        for (int i = 0; i < REQUESTS; i++) {
            String body = served(request.apply(i));
            assertThat(body).as("request %d of %d, after %d swaps", i, REQUESTS, swaps.get())
                    .doesNotContain(SECRET).doesNotContain("outside-only");
            if (body.contains("inside") || body.contains("\"f\"") || body.contains("/f\"")) {
                servedInside++;
            }
        }
        assertThat(swaps.get()).as("the swapper ran alongside").isPositive();
        return servedInside;
    }

    @Test
    void readNeverServesAFileOutsideTheSandboxes() {
        String path = sandbox.resolve("d/f").toString();
        int inside = race(i -> files.read(get("/files/read", path, "0")));
        assertThat(inside).as("reads that found the directory in place").isPositive();
    }

    @Test
    void downloadNeverServesAFileOutsideTheSandboxes() {
        String path = sandbox.resolve("d/f").toString();
        int inside = race(i -> files.download(get("/files/download", path, "0")));
        assertThat(inside).isPositive();
    }

    @Test
    void browseNeverListsADirectoryOutsideTheSandboxes() {
        String path = sandbox.resolve("d").toString();
        int inside = race(i -> files.browse(get("/files/browse", path, "0")));
        assertThat(inside).isPositive();
    }
}
