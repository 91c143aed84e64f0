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
package org.agora.images.internal.layer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracts one layer's tar stream into an empty directory, as the OCI image spec's changeset rules say, refusing
 * what could reach outside it: absolute paths and {@code ..} components, entries beneath a symbolic link, hard
 * links to anything not already in the layer, symbolic links whose relative target climbs above the layer's root,
 * and device nodes. Whiteouts are recorded as {@link Whiteouts} says. Owners and modes are kept (owners when
 * running as root). Not thread-safe; one instance per extraction.
 */
public final class LayerExtractor {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path root;
    private final String layer;
    private final List<Path> directories = new ArrayList<>();
    private final List<long[]> directoryTimes = new ArrayList<>();

    /**
     * @param root  an existing empty directory
     * @param layer the layer's digest, for messages
     */
    public LayerExtractor(Path root, String layer) {
        this.root = root;
        this.layer = layer;
    }

    /**
     * Reads {@code tar} (already decompressed) to its end marker.
     *
     * @throws LayerRefusedException naming the layer and the entry
     * @throws IOException           a malformed archive or a write that failed
     */
    public void extract(InputStream tar) throws IOException, LayerRefusedException {
        TarReader reader = new TarReader(tar);
        TarEntry e;
        while ((e = reader.next()) != null) {
            String rel = checkedName(e.name());
            if (rel.isEmpty()) {
                continue; // the layer's root itself
            }
            Path path = root.resolve(rel);
            Path parent = path.getParent();
            ensureDirectories(rel, parent);
            String base = path.getFileName().toString();
            if (base.equals(Whiteouts.OPAQUE)) {
                Whiteouts.markOpaque(parent);
                continue;
            }
            if (base.startsWith(Whiteouts.PREFIX)) {
                String hidden = base.substring(Whiteouts.PREFIX.length());
                if (hidden.startsWith(".wh.") || hidden.isEmpty()) {
                    continue; // AUFS bookkeeping (.wh..wh.plnk and the like), meaningless here
                }
                Path target = parent.resolve(hidden);
                if (!Files.exists(target, NOFOLLOW)) { // the layer's own entry of that name wins
                    Whiteouts.createWhiteout(target);
                }
                continue;
            }
            write(e, rel, path, reader);
        }
        for (int i = directories.size() - 1; i >= 0; i--) { // children changed them: times last, deepest first
            Files.setLastModifiedTime(directories.get(i), FileTime.fromMillis(directoryTimes.get(i)[0] * 1000));
        }
    }

    private void write(TarEntry e, String rel, Path path, TarReader reader) throws IOException, LayerRefusedException {
        boolean exists = Files.exists(path, NOFOLLOW);
        if (exists && !(e.isDirectory() && Files.isDirectory(path, NOFOLLOW))) {
            deleteRecursively(path);
        }
        switch (e.type()) {
            case '0', '\0', '7' -> {
                try (InputStream content = reader.content()) {
                    Files.copy(content, path, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            case '5' -> {
                if (!Files.isDirectory(path, NOFOLLOW)) {
                    Files.createDirectory(path);
                }
                directories.add(path);
                directoryTimes.add(new long[] {e.mtimeSeconds()});
            }
            case '2' -> {
                checkSymlink(rel, e.linkName());
                Files.createSymbolicLink(path, Path.of(e.linkName()));
            }
            case '1' -> {
                String target = checkedName(e.linkName());
                Path t = root.resolve(target);
                if (target.isEmpty() || !Files.isRegularFile(t, NOFOLLOW) || beneathLink(target)) {
                    throw refused("hard link '" + rel + "' points to '" + e.linkName() + "', which is not a file "
                            + "earlier in the layer");
                }
                Files.createLink(path, t);
                return; // a hard link shares the target's owner and mode
            }
            case '3', '4' -> throw refused("'" + rel + "' is a device node, which images may not contain");
            case '6' -> ProcessRunner.run("mkfifo", path.toString());
            default -> {
                return; // unknown types (sparse files, volume labels) carry nothing an image needs
            }
        }
        if (ROOT) {
            Files.setAttribute(path, "unix:uid", (int) e.uid(), NOFOLLOW);
            Files.setAttribute(path, "unix:gid", (int) e.gid(), NOFOLLOW);
        }
        if (e.type() != '2') {
            Files.setAttribute(path, "unix:mode", e.mode() & 07777, NOFOLLOW);
            if (!e.isDirectory()) {
                Files.setLastModifiedTime(path, FileTime.fromMillis(e.mtimeSeconds() * 1000));
            }
        }
    }

    /** The entry's path relative to the root ({@code ./} and trailing {@code /} dropped), or a refusal. */
    private String checkedName(String name) throws LayerRefusedException {
        if (name.startsWith("/")) {
            throw refused("entry '" + name + "' has an absolute path");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw refused("entry '" + name + "' has a '..' component");
            }
            if (part.indexOf('\0') >= 0) {
                throw refused("entry '" + name + "' has a NUL character");
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    private void checkSymlink(String rel, String target) throws LayerRefusedException {
        if (target.isEmpty()) {
            throw refused("symbolic link '" + rel + "' has an empty target");
        }
        if (target.startsWith("/")) {
            return; // resolved inside the container's root, where it cannot leave it
        }
        int depth = rel.split("/").length - 1; // the link's directory's depth below the root
        for (String part : target.split("/")) {
            if (part.equals("..")) {
                if (--depth < 0) {
                    throw refused("symbolic link '" + rel + "' -> '" + target + "' leaves the layer");
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
    }

    /** Creates missing parent directories; refuses a parent that is anything but a directory (a symlink above all). */
    private void ensureDirectories(String rel, Path parent) throws IOException, LayerRefusedException {
        if (beneathLink(rel)) {
            throw refused("entry '" + rel + "' lies beneath a symbolic link or a file of the layer");
        }
        if (!parent.equals(root) && !Files.isDirectory(parent, NOFOLLOW)) {
            Files.createDirectories(parent);
        }
    }

    private boolean beneathLink(String rel) {
        Path p = root;
        String[] parts = rel.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            p = p.resolve(parts[i]);
            if (Files.exists(p, NOFOLLOW) && !Files.isDirectory(p, NOFOLLOW)) {
                return true;
            }
        }
        return false;
    }

    private LayerRefusedException refused(String why) {
        return new LayerRefusedException("layer " + layer + ": " + why);
    }

    /** Deletes a file or a tree, never following symbolic links. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, NOFOLLOW)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                try {
                    Files.delete(dir);
                } catch (DirectoryNotEmptyException e) {
                    throw new IOException("cannot remove " + dir + ": not empty (a mount point?)", e);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
