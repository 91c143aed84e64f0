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
package org.agora.agent.internal.fetcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks fetched archives into the sandbox as Mesos's fetcher does: tar formats with {@code tar}, zip files with
 * {@code unzip}, plain {@code .gz} files by gunzipping next to the archive. The archive itself stays.
 */
final class Archives {
    private static final List<String> TAR_SUFFIXES = List.of(".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2",
            ".tar.xz", ".txz");
    private static final long TIMEOUT_MINUTES = 10;

    private Archives() {
    }

    static boolean isArchive(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return TAR_SUFFIXES.stream().anyMatch(n::endsWith) || n.endsWith(".zip") || n.endsWith(".gz");
    }

    /** Unpacks {@code archive} into {@code dir}. */
    static void extract(Path archive, Path dir) throws IOException {
        String n = archive.getFileName().toString().toLowerCase(Locale.ROOT);
        if (TAR_SUFFIXES.stream().anyMatch(n::endsWith)) {
            run(List.of("tar", "-C", dir.toString(), "-xf", archive.toString()));
        } else if (n.endsWith(".zip")) {
            run(List.of("unzip", "-o", "-q", "-d", dir.toString(), archive.toString()));
        } else if (n.endsWith(".gz")) {
            String name = archive.getFileName().toString();
            Path out = dir.resolve(name.substring(0, name.length() - 3));
            try (InputStream in = new GZIPInputStream(Files.newInputStream(archive));
                    OutputStream os = Files.newOutputStream(out)) {
                in.transferTo(os);
            }
        } else {
            throw new IOException("not an archive");
        }
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] output = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            String text = new String(output, StandardCharsets.UTF_8).trim();
            throw new IOException(command.get(0) + " exited with status " + p.exitValue()
                    + Optional.of(text).filter(t -> !t.isEmpty()).map(t -> ": " + tail(t)).orElse(""));
        }
    }

    private static String tail(String text) {
        return text.length() <= 300 ? text : "..." + text.substring(text.length() - 300);
    }
}
