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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agora.api.ids.Ids;
import org.agora.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens files and directories of the sandboxes so that nothing outside them can be reached, whatever a task does to
 * its sandbox meanwhile: the root is opened first and every name of the path is opened relative to the directory
 * opened before it ({@code openat}, through a {@link SecureDirectoryStream}), never following a symbolic link. A task
 * that swaps a directory for a link between two requests, or during one, makes the request fail; it cannot make the
 * agent open what the link points to. The one link followed is the agent's own {@code runs/latest}, to the run it
 * names in the same directory.
 *
 * <p>Only regular files are opened for reading: the kind of each name is read without following links before it is
 * opened, so a FIFO, socket or device is refused unopened. A task that swaps a regular file for a FIFO in the instant
 * between that look and the open would leave the opening thread blocked; a watchdog opens such a FIFO for writing
 * after {@code fifoPatience} (which releases the blocked open, and never blocks itself), and the request is refused.
 * Reads never go past the size of the opened file, so an opened FIFO (size 0) is never read from.
 */
public final class SandboxFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxFiles.class);
    private static final String LATEST = "latest";
    private static final String RUNS = "runs";

    private final Path root;
    private final Duration fifoPatience;

    /**
     * @param root the sandbox root, {@code <work_dir>/slaves}
     * @param fifoPatience how long an open may block before the watchdog looks for a FIFO
     */
    public SandboxFiles(Path root, Duration fifoPatience) {
        this.root = root.toAbsolutePath().normalize();
        this.fifoPatience = fifoPatience;
    }

    public Path root() {
        return root;
    }

    /** The path asked for, checked against the root (see {@link SandboxPath#parse}). */
    public SandboxPath parse(String asked) {
        Optional<Path> real;
        try {
            real = Optional.of(root.toRealPath());
        } catch (IOException e) {
            real = Optional.empty();
        }
        return SandboxPath.parse(asked, root, real);
    }

    /** One entry of a directory, as it was when listed; links are described, not followed. */
    public record Entry(Path path, PosixFileAttributes attributes, long links) {
    }

    /** A regular file of a sandbox, open for reading; close it. */
    public static final class OpenFile implements AutoCloseable {
        private final SeekableByteChannel channel;
        private final long size;

        OpenFile(SeekableByteChannel channel) throws IOException {
            this.channel = channel;
            this.size = channel.size();
        }

        /** The size of the file when it was opened. */
        public long size() {
            return size;
        }

        /** Up to {@code length} bytes from {@code offset}, never past the size the file had when opened. */
        public byte[] read(long offset, int length) throws IOException {
            long start = Math.min(Math.max(0, offset), size);
            int wanted = (int) Math.max(0, Math.min(length, size - start));
            ByteBuffer buffer = ByteBuffer.allocate(wanted);
            channel.position(start);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // a file truncated meanwhile ends early
            }
            byte[] out = new byte[buffer.position()];
            buffer.flip().get(out);
            return out;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Opens the regular file at {@code path}.
     *
     * @throws HttpException 404 when it does not exist, 403 when a name on the way is a link, 400 when it is a
     *         directory, a FIFO, a socket or a device
     */
    public OpenFile open(SandboxPath path) {
        if (path.names().isEmpty()) {
            throw HttpException.badRequest("'" + path.asked() + "' is a directory");
        }
        SecureDirectoryStream<Path> dir = directory(path, path.names().size() - 1);
        try {
            Path name = Path.of(resolveLatest(dir, path, path.names().size() - 1));
            PosixFileAttributes a = attributes(dir, name, path);
            if (a.isDirectory()) {
                throw HttpException.badRequest("'" + path.asked() + "' is a directory");
            }
            if (!a.isRegularFile()) {
                throw HttpException.badRequest("'" + path.asked() + "' is not a regular file: only regular files "
                        + "are served (a FIFO, socket or device never is)");
            }
            return new OpenFile(guardedOpen(dir, name, path, () -> dir.newByteChannel(name,
                    Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))));
        } catch (IOException e) {
            throw failure(path, e);
        } finally {
            closeQuietly(dir);
        }
    }

    /**
     * The entries of the directory at {@code path}, by name.
     *
     * @throws HttpException 404 when it does not exist, 403 when a name on the way is a link, 400 when it is no
     *         directory
     */
    public List<Entry> list(SandboxPath path) {
        SecureDirectoryStream<Path> dir = directory(path, path.names().size());
        try {
            List<Entry> entries = new ArrayList<>();
            Path listed = path.under(root);
            for (Path p : dir) {
                Path name = p.getFileName();
                PosixFileAttributes a;
                try {
                    a = dir.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .readAttributes();
                } catch (NoSuchFileException e) {
                    continue; // removed while listed
                }
                entries.add(new Entry(listed.resolve(name.toString()), a, links(listed.resolve(name.toString()), a)));
            }
            entries.sort(Comparator.comparing(e -> e.path().getFileName().toString()));
            return entries;
        } catch (IOException e) {
            throw failure(path, e);
        } catch (DirectoryIteratorException e) {
            throw failure(path, e.getCause());
        } finally {
            closeQuietly(dir);
        }
    }

    /**
     * The number of links of an entry: only a path lookup tells it, so it is taken only when that lookup finds the
     * very file that was listed (the same device and inode), else 1. It is the one value not read relative to the
     * opened directory, and it is a count, not content.
     */
    private static long links(Path p, PosixFileAttributes listed) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:nlink,fileKey", LinkOption.NOFOLLOW_LINKS);
            if (listed.fileKey() != null && listed.fileKey().equals(a.get("fileKey"))
                    && a.get("nlink") instanceof Integer n) {
                return n;
            }
        } catch (IOException | RuntimeException e) {
            // a count is not worth a failed listing
        }
        return 1;
    }

    /**
     * Opens the directory that the first {@code depth} names of {@code path} lead to, each relative to the one
     * before, none through a link.
     */
    private SecureDirectoryStream<Path> directory(SandboxPath path, int depth) {
        SecureDirectoryStream<Path> dir = openRoot(path);
        try {
            for (int i = 0; i < depth; i++) {
                Path name = Path.of(resolveLatest(dir, path, i));
                PosixFileAttributes a = attributes(dir, name, path);
                if (!a.isDirectory()) {
                    throw HttpException.badRequest("'" + path.asked() + "': '" + String.join("/", path.names()
                            .subList(0, i + 1)) + "' is not a directory");
                }
                SecureDirectoryStream<Path> current = dir;
                SecureDirectoryStream<Path> next = guardedOpen(current, name, path,
                        () -> current.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS));
                closeQuietly(current);
                dir = next;
            }
            return dir;
        } catch (IOException e) {
            closeQuietly(dir);
            throw failure(path, e);
        } catch (RuntimeException e) {
            closeQuietly(dir);
            throw e;
        }
    }

    private SecureDirectoryStream<Path> openRoot(SandboxPath path) {
        DirectoryStream<Path> stream;
        try {
            stream = Files.newDirectoryStream(root);
        } catch (NoSuchFileException e) {
            throw HttpException.notFound("'" + path.asked() + "' does not exist: no sandbox yet");
        } catch (IOException e) {
            throw new HttpException(500, "Cannot open the sandbox root " + root + ": " + e.getMessage());
        }
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        closeQuietly(stream);
        // every Linux JDK has it; serving without it would reopen the escape
        throw new HttpException(501, "This platform cannot open files relative to a directory: /files is off");
    }

    /**
     * The name to open for the {@code index}th name of {@code path}: itself, except for the agent's
     * {@code runs/latest} link, which stands for the run it names in the same directory (read from the link, but
     * opened relative to the directory already open, so the link's text can only name a sibling).
     */
    private String resolveLatest(SecureDirectoryStream<Path> dir, SandboxPath path, int index) throws IOException {
        String name = path.names().get(index);
        if (!name.equals(LATEST) || index == 0 || !path.names().get(index - 1).equals(RUNS)) {
            return name;
        }
        PosixFileAttributes a;
        try {
            a = dir.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return name;
        }
        if (!a.isSymbolicLink()) {
            return name;
        }
        Path link = root;
        for (String n : path.names().subList(0, index + 1)) {
            link = link.resolve(n);
        }
        String target = Files.readSymbolicLink(link).toString();
        if (!Ids.valid(target)) {
            throw HttpException.forbidden("'" + path.asked() + "': 'latest' does not name a run");
        }
        return target;
    }

    private static PosixFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name, SandboxPath path)
            throws IOException {
        PosixFileAttributes a = dir.getFileAttributeView(name, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes();
        if (a.isSymbolicLink()) {
            throw linked(path);
        }
        return a;
    }

    @FunctionalInterface
    interface Opening<T> {
        T open() throws IOException;
    }

    /**
     * Runs {@code opening} of {@code name} in {@code dir}; should it block because the name became a FIFO after it
     * was looked at, the watchdog releases it and the request is refused.
     */
    <T extends AutoCloseable> T guardedOpen(SecureDirectoryStream<Path> dir, Path name, SandboxPath path,
            Opening<T> opening) throws IOException {
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean released = new AtomicBoolean();
        watch(dir, name, path, done, released);
        T opened;
        try {
            opened = opening.open();
        } finally {
            done.set(true);
        }
        if (released.get()) {
            closeQuietly(opened);
            throw HttpException.badRequest("'" + path.asked() + "' became a FIFO while being opened: only regular "
                    + "files are served");
        }
        return opened;
    }

    private void watch(SecureDirectoryStream<Path> dir, Path name, SandboxPath path, AtomicBoolean done,
            AtomicBoolean released) {
        CompletableFuture.runAsync(() -> {
            if (done.get()) {
                return;
            }
            release(dir, name, path, released);
            watch(dir, name, path, done, released);
            // on the JDK's delay thread itself: the check and the release never block, and no thread is made
        }, CompletableFuture.delayedExecutor(fifoPatience.toMillis(), TimeUnit.MILLISECONDS, Runnable::run));
    }

    /** Opens a FIFO for reading and writing: on Linux that never blocks, and it lets a blocked reader's open return. */
    static void release(SecureDirectoryStream<Path> dir, Path name, SandboxPath path, AtomicBoolean released) {
        try {
            PosixFileAttributes a = dir.getFileAttributeView(name, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes();
            if (!a.isOther()) {
                return;
            }
            released.set(true);
            dir.newByteChannel(name, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)).close();
            LOG.warn("/files: '{}' became a FIFO while being opened; released the blocked open and refused it",
                    path.asked());
        } catch (IOException | RuntimeException e) {
            // gone, or the directory closed meanwhile: the open it guarded has returned
        }
    }

    private static HttpException linked(SandboxPath path) {
        return HttpException.forbidden("'" + path.asked() + "' leads through a symbolic link: links in sandboxes "
                + "are not followed");
    }

    private static HttpException failure(SandboxPath path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return HttpException.notFound("'" + path.asked() + "' does not exist");
        }
        if (e instanceof NotDirectoryException) {
            return HttpException.badRequest("'" + path.asked() + "': a name on the way is not a directory");
        }
        if (e instanceof AccessDeniedException) {
            return HttpException.forbidden("'" + path.asked() + "': permission denied");
        }
        if (e instanceof FileSystemException f && f.getReason() != null && f.getReason().contains("symbolic link")) {
            // the name was swapped for a link after it was looked at: O_NOFOLLOW refused it
            return linked(path);
        }
        return HttpException.notFound("'" + path.asked() + "': " + e.getMessage());
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // nothing was written through it
        }
    }
}
