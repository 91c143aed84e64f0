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
package org.agora.images.internal.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agora.images.internal.layer.ProcessRunner;

/**
 * An overlay mount per container: the layers as read-only lower directories (each reached through a short
 * symbolic link in the container's directory, so that many layers fit in the kernel's one-page option string), a
 * private upper and work directory. Mounted with {@code userxattr}, the form in which layers record opaque
 * directories. Needs root and a kernel with overlayfs (5.11 or later for {@code userxattr}).
 */
public final class OverlayBackend implements RootfsBackend {

    /** Whether the running kernel knows overlayfs. */
    public static boolean available() {
        try {
            return Files.readAllLines(Path.of("/proc/filesystems")).stream()
                    .anyMatch(l -> l.trim().endsWith("overlay"));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "overlay";
    }

    @Override
    public Path provision(List<Path> layers, Path containerDir) throws IOException {
        Path links = Files.createDirectories(containerDir.resolve("lower"));
        Path upper = Files.createDirectories(containerDir.resolve("upper"));
        Path work = Files.createDirectories(containerDir.resolve("work"));
        Path rootfs = Files.createDirectories(RootfsBackend.rootfsOf(containerDir));
        List<String> lower = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Path link = links.resolve(Integer.toString(i));
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, layers.get(i).toAbsolutePath());
            lower.add(0, link.toAbsolutePath().toString()); // overlay lists the topmost lower directory first
        }
        if (layers.size() == 1) {
            // overlay needs an upper or two lowers; an empty extra lower keeps the option string uniform
            Path empty = Files.createDirectories(containerDir.resolve("empty"));
            lower.add(empty.toAbsolutePath().toString());
        }
        String options = "userxattr,lowerdir=" + String.join(":", lower) + ",upperdir=" + upper.toAbsolutePath()
                + ",workdir=" + work.toAbsolutePath();
        ProcessRunner.run("mount", "-t", "overlay", "overlay", "-o", options, rootfs.toAbsolutePath().toString());
        return rootfs;
    }
}
