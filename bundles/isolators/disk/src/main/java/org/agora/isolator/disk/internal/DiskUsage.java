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
package org.agora.isolator.disk.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code du -k -s <dir>} as Mesos measures sandboxes: blocks allocated, so sparse files count as they cost. */
final class DiskUsage {
    private final String du;

    DiskUsage(String du) {
        this.du = du;
    }

    /** Bytes used under {@code dir}. @throws IOException when du cannot run or its output is not understood */
    long bytes(Path dir) throws IOException {
        Process p = new ProcessBuilder(du, "-k", "-s", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(du + " on " + dir + " took over 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted measuring " + dir, e);
        }
        // du exits 1 when a file vanished while it walked; the total it printed still stands
        String last = out.isEmpty() ? "" : out.lines().reduce((a, b) -> b).orElse("");
        String[] fields = last.split("\\s+");
        try {
            return Long.parseLong(fields[0]) * 1024;
        } catch (NumberFormatException e) {
            throw new IOException(du + " -k -s " + dir + " printed '" + out + "'", e);
        }
    }
}
