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
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.agora.api.secret.SecretException;
import org.agora.api.secret.SecretResolver;
import org.agora.api.v1.Protos.Secret;
import org.agora.containerizer.mesos.internal.LaunchCommand.UserIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secret volumes ({@code Volume.Source} of type {@code SECRET}), as Mesos's {@code volume/secret} isolator makes them:
 * the secret is resolved at launch through the {@link SecretResolver} service bound now, written to a file of its own
 * in a per-container directory under {@link #ROOT} (a tmpfs, mounted there when it is not one already, so that no
 * value ever reaches a disk), mode 0400 and owned by the task's user, and that file is bind-mounted read-only at the
 * volume's {@code container_path} inside the container's mount namespace. The sandbox on the host holds only the
 * empty mount point, so {@code /files} never shows the value; the task's {@code ContainerInfo} keeps the reference.
 * The container's directory is removed when the container ends (or fails to launch); the mount in the container's
 * namespace needs nothing of it once made.
 */
final class SecretVolumes {
    /** Where the secrets of every container of this host live, one directory per container. */
    static final Path ROOT = Path.of("/run/agora/secrets");
    /** How long a launch waits for a resolver's answer. */
    static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(SecretVolumes.class);

    private final Path root;
    private volatile SecretResolver resolver;
    private boolean tmpfsChecked;

    SecretVolumes(Path root) {
        this.root = root;
    }

    void set(SecretResolver r) {
        resolver = r;
    }

    void clear(SecretResolver r) {
        if (resolver == r) {
            resolver = null;
        }
    }

    Path root() {
        return root;
    }

    /**
     * Resolves {@code secret} and writes it to the container's {@code index}-th secret file.
     *
     * @return the file, to bind at the volume's mount point
     * @throws IllegalArgumentException naming the secret's reference (never its value) when it cannot be resolved or
     *     written
     */
    Path write(String containerId, int index, Secret secret, Optional<UserIds> owner) {
        String named = "secret " + SecretResolver.describe(secret);
        SecretResolver r = resolver;
        if (r == null) {
            throw new IllegalArgumentException(named + " cannot be resolved: this agent has no secret resolver "
                    + "(install the feature agora-secrets-file and configure org.agora.secrets.file)");
        }
        byte[] value;
        try {
            value = r.resolve(secret).toCompletableFuture().get(RESOLVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .getData().toByteArray();
        } catch (ExecutionException e) {
            throw new IllegalArgumentException(named + " cannot be resolved: " + reason(e.getCause()));
        } catch (TimeoutException e) {
            throw new IllegalArgumentException(named + " cannot be resolved: the secret resolver did not answer "
                    + "within " + RESOLVE_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException(named + " cannot be resolved: the launch was interrupted");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(named + " cannot be resolved: " + reason(e));
        }
        try {
            Path dir = containerDir(containerId);
            Path file = dir.resolve("secret-" + index);
            // left by an earlier try of the same container (a launch retried on a new instance after a bundle update)
            Files.deleteIfExists(file);
            try (SeekableByteChannel out = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("r--------")))) {
                ByteBuffer b = ByteBuffer.wrap(value);
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
            if (owner.isPresent()) {
                Files.setAttribute(file, "unix:uid", owner.get().uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(file, "unix:gid", owner.get().gid(), LinkOption.NOFOLLOW_LINKS);
            }
            return file;
        } catch (IOException e) {
            // the exception names the file, never the value
            throw new IllegalArgumentException(named + " cannot be written for the container: " + e);
        }
    }

    /** Removes the container's secrets; nothing when it has none. */
    void remove(String containerId) {
        Path dir = root.resolve(containerId);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    Files.deleteIfExists(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
            LOG.debug("Container {}: secret volumes removed", containerId);
        } catch (NoSuchFileException e) {
            // removed meanwhile
        } catch (IOException e) {
            LOG.error("Container {}: its secret files under {} could not be removed: {}", containerId, dir,
                    e.toString());
        }
    }

    private Path containerDir(String containerId) throws IOException {
        ensureTmpfs();
        Path dir = root.resolve(containerId);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwx------")));
        }
        return dir;
    }

    /** The root on a tmpfs, readable by root only: mounts one there the first time when it is on a disk. */
    private synchronized void ensureTmpfs() throws IOException {
        if (tmpfsChecked) {
            return;
        }
        Files.createDirectories(root);
        if (!"tmpfs".equals(Files.getFileStore(root).type())) {
            Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "mode=0700,nosuid,nodev,noexec,size=64m",
                    "agora-secrets", root.toString()).redirectErrorStream(true).start();
            String out = new String(mount.getInputStream().readAllBytes()).strip();
            try {
                if (mount.waitFor() != 0) {
                    throw new IOException("secret volumes need a tmpfs at " + root + " (so that no secret reaches a "
                            + "disk) and it cannot be mounted: " + out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while mounting a tmpfs at " + root);
            }
            LOG.info("Secret volumes are written to a tmpfs mounted at {}", root);
        }
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        tmpfsChecked = true;
    }

    /** A resolver's own failure says why (its contract keeps values out of it); anything else only by its type. */
    private static String reason(Throwable t) {
        return t instanceof SecretException ? t.getMessage() : "the secret resolver failed with "
                + t.getClass().getName();
    }
}
