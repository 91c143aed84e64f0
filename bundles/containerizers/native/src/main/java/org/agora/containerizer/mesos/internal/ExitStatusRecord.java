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
package org.agora.containerizer.mesos.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases a finished container's exit-status file from the container's memory cgroup.
 *
 * <p>The launcher records the task's exit status from inside the container, so the kernel charges the file's page to
 * the container's memory cgroup. A memory cgroup that is removed stays in the kernel, "dying", until every page charged
 * to it is freed; for a file kept in the sandbox that is when memory pressure evicts it or the sandbox is collected.
 * So every task left one behind: 44,875 after a day of benchmarks on the 2-core machine ({@code /proc/cgroups}), and
 * dropping the page cache released all but 24 of them and 1.1 GB of slab; deleting one framework's 1,000 exit-status
 * files released 1,000.
 *
 * <p>{@link #release} writes the same bytes (same mode and owner) from this JVM into a new file and renames it over the
 * old one: the new page is charged to the agent, and the old one goes with its inode. The rename keeps the record
 * whole at every moment, for a reader or a crash. The sandbox may belong to the task's user, so every step below the
 * sandbox is taken relative to an open directory and without following symbolic links, the file must be a small
 * regular file, and the new one is created exclusively under a random name: a task cannot make the agent read,
 * create or replace anything outside its own sandbox.
 */
final class ExitStatusRecord {
    private static final Logger LOG = LoggerFactory.getLogger(ExitStatusRecord.class);
    /** An exit status is "0\n" to "255\n": anything larger is not one, and is left alone. */
    private static final int MAX_BYTES = 16;

    private ExitStatusRecord() {
    }

    /**
     * Rewrites {@code file} (under {@code sandbox}) as described above; does nothing when it is missing, not a small
     * regular file, not under the sandbox, or reached through a symbolic link.
     *
     * @return whether it was rewritten
     */
    static boolean release(Path sandbox, Path file) {
        Path relative;
        try {
            relative = sandbox.relativize(file);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (relative.getNameCount() < 1 || relative.startsWith("..") || relative.isAbsolute()) {
            return false;
        }
        try (DirectoryStream<Path> top = Files.newDirectoryStream(sandbox)) {
            if (!(top instanceof SecureDirectoryStream<Path> dir)) {
                return false; // no openat on this platform: leave it
            }
            return release(dir, relative);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Exit-status file {} not rewritten: {}", file, e.toString());
            return false;
        }
    }

    private static boolean release(SecureDirectoryStream<Path> dir, Path relative) throws IOException {
        if (relative.getNameCount() > 1) {
            try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(relative.getName(0),
                    LinkOption.NOFOLLOW_LINKS)) {
                return release(sub, relative.subpath(1, relative.getNameCount()));
            }
        }
        PosixFileAttributes attributes = dir.getFileAttributeView(relative, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes();
        if (!attributes.isRegularFile() || attributes.size() > MAX_BYTES) {
            return false;
        }
        Optional<byte[]> content = read(dir, relative);
        if (content.isEmpty()) {
            return false;
        }
        Path temp = Path.of("." + relative + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (SeekableByteChannel out = dir.newByteChannel(temp, Set.of(StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS))) {
                ByteBuffer bytes = ByteBuffer.wrap(content.get());
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
            PosixFileAttributeView view = dir.getFileAttributeView(temp, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributes made = view.readAttributes();
            if (!made.owner().equals(attributes.owner())) {
                view.setOwner(attributes.owner());
            }
            if (!made.group().equals(attributes.group())) {
                view.setGroup(attributes.group());
            }
            view.setPermissions(attributes.permissions());
            dir.move(temp, dir, relative);
            return true;
        } catch (IOException | RuntimeException e) {
            try {
                dir.deleteFile(temp);
            } catch (IOException | RuntimeException ignored) {
                // it was not made, or is gone
            }
            throw e;
        }
    }

    private static Optional<byte[]> read(SecureDirectoryStream<Path> dir, Path file) throws IOException {
        try (SeekableByteChannel in = dir.newByteChannel(file, Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            ByteBuffer buffer = ByteBuffer.allocate(MAX_BYTES + 1);
            while (buffer.hasRemaining() && in.read(buffer) > 0) {
                // until the end or one byte too many
            }
            if (buffer.position() > MAX_BYTES) {
                return Optional.empty();
            }
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return Optional.of(bytes);
        }
    }
}
