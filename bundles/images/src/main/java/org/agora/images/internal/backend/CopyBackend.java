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
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.agora.images.internal.layer.LayerExtractor;
import org.agora.images.internal.layer.Whiteouts;

/**
 * A private copy of the layers per container, applied lowest first as the OCI changeset rules say: a whiteout
 * removes what lower layers put at its path, an opaque directory hides their content of it, and an entry of a
 * higher layer replaces one of a lower layer (a directory replaces a file or link, never the other way round
 * through it: no link is ever followed). Works on any file system; costs the image's size per container.
 */
public final class CopyBackend implements RootfsBackend {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    @Override
    public String name() {
        return "copy";
    }

    @Override
    public Path provision(List<Path> layers, Path containerDir) throws IOException {
        Path rootfs = Files.createDirectories(RootfsBackend.rootfsOf(containerDir));
        for (Path layer : layers) {
            apply(layer, rootfs);
        }
        return rootfs;
    }

    private static void apply(Path layer, Path rootfs) throws IOException {
        Files.walkFileTree(layer, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = rootfs.resolve(layer.relativize(dir).toString());
                if (!dir.equals(layer)) {
                    if (Files.exists(target, NOFOLLOW) && !Files.isDirectory(target, NOFOLLOW)) {
                        Files.delete(target);
                    }
                    if (!Files.exists(target, NOFOLLOW)) {
                        Files.copy(dir, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    } else {
                        copyMetadata(dir, target);
                    }
                }
                if (Whiteouts.isOpaque(dir)) {
                    try (var children = Files.list(target)) {
                        for (Path c : (Iterable<Path>) children::iterator) {
                            LayerExtractor.deleteRecursively(c);
                        }
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = rootfs.resolve(layer.relativize(file).toString());
                LayerExtractor.deleteRecursively(target);
                if (!Whiteouts.isWhiteout(file)) {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void copyMetadata(Path from, Path to) throws IOException {
        Files.setAttribute(to, "unix:mode", (Integer) Files.getAttribute(from, "unix:mode", NOFOLLOW) & 07777,
                NOFOLLOW);
        Files.setAttribute(to, "unix:uid", Files.getAttribute(from, "unix:uid", NOFOLLOW), NOFOLLOW);
        Files.setAttribute(to, "unix:gid", Files.getAttribute(from, "unix:gid", NOFOLLOW), NOFOLLOW);
    }
}
