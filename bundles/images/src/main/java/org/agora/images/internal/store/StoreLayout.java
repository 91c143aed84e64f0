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
package org.agora.images.internal.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.agora.images.internal.reference.Digests;

/**
 * Where things are on disk. The store ({@code store.dir}): {@code layers/<sha256 hex>/} one extracted layer each,
 * {@code images/<sha256 of the name>.json} what a name resolved to, {@code staging/} extractions in progress,
 * {@code trash/} layers being deleted. The provisioner directory ({@code provisioner.dir}):
 * {@code containers/<container key>/} with {@code rootfs/} and {@code record.json}. Nothing appears under
 * {@code layers/}, {@code images/} or as a {@code record.json} but by an atomic rename of something complete.
 */
public record StoreLayout(Path store, Path provisioner) {

    public Path layers() {
        return store.resolve("layers");
    }

    public Path layer(String digest) {
        return layers().resolve(Digests.hex(digest));
    }

    public Path images() {
        return store.resolve("images");
    }

    public Path image(String name) {
        return images().resolve(Digests.hex(Digests.of(name.getBytes(StandardCharsets.UTF_8))) + ".json");
    }

    public Path staging() {
        return store.resolve("staging");
    }

    public Path trash() {
        return store.resolve("trash");
    }

    public Path containers() {
        return provisioner.resolve("containers");
    }

    public Path container(String key) {
        return containers().resolve(key);
    }

    public void create() throws IOException {
        for (Path p : new Path[] {layers(), images(), staging(), trash(), containers()}) {
            Files.createDirectories(p);
        }
    }

    /** A fresh directory under {@code staging/}. */
    public Path newStagingDir(String prefix) throws IOException {
        return Files.createDirectory(staging().resolve(prefix + "-" + UUID.randomUUID()));
    }

    /** Writes {@code bytes} to {@code target} through a temporary file and a rename, so readers see all or none. */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + UUID.randomUUID());
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
