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
package org.agora.agent.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent id, checkpointed under {@code <work_dir>/meta/slaves/latest} so a restarted agent re-registers as itself.
 * Written atomically (temporary file, fsync, rename) so a crash never leaves half an id.
 */
final class AgentIdStore {
    private static final Logger LOG = LoggerFactory.getLogger(AgentIdStore.class);

    private final Path file;

    AgentIdStore(Path workDir) {
        this.file = workDir.resolve("meta").resolve("slaves").resolve("latest");
    }

    Optional<String> read() {
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (id.isEmpty() || !id.matches("[A-Za-z0-9._-]+")) {
                LOG.warn("Ignoring malformed agent id checkpoint {}: '{}'", file, id);
                return Optional.empty();
            }
            return Optional.of(id);
        } catch (IOException e) {
            LOG.warn("Cannot read agent id checkpoint {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    void write(String id) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    void clear() throws IOException {
        Files.deleteIfExists(file);
    }
}
