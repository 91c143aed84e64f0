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
package org.agora.agent.internal.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.agora.http.HttpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one way left to block on a FIFO is to win the race between the look at a name and its open; the watchdog then
 * releases the open. This test opens a FIFO for reading with no writer, as a thread that lost that race would, and
 * expects the open to come back refused rather than block for ever.
 */
class FifoWatchdogTest {
    @TempDir
    Path root;

    private final ExecutorService opener = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        opener.shutdownNow();
    }

    @Test
    void anOpenBlockedOnAFifoIsReleasedAndRefused() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        SandboxFiles files = new SandboxFiles(root, Duration.ofMillis(50));
        SandboxPath path = new SandboxPath("pipe", List.of("pipe"));

        @SuppressWarnings("unchecked")
        SecureDirectoryStream<Path> dir = (SecureDirectoryStream<Path>) Files.newDirectoryStream(root);
        try (dir) {
            Path name = Path.of("pipe");
            CompletableFuture<SeekableByteChannel> opened = CompletableFuture.supplyAsync(() -> {
                try {
                    return files.guardedOpen(dir, name, path, () -> dir.newByteChannel(name,
                            Set.of(StandardOpenOption.READ)));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, opener);

            // a deadline against a hang, not a speed goal: unreleased, the open never returns
            Throwable refused = null;
            try {
                opened.get(60, TimeUnit.SECONDS).close();
            } catch (ExecutionException e) {
                refused = e.getCause();
            }
            assertThat(refused).isInstanceOf(HttpException.class).hasMessageContaining("became a FIFO");
            assertThat(((HttpException) refused).status()).isEqualTo(400);
        }
        // the thread that opened is free again
        assertThat(CompletableFuture.supplyAsync(() -> "free", opener).get(60, TimeUnit.SECONDS)).isEqualTo("free");
    }
}
