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

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native launcher ({@code src/main/c/agora-launcher.c}, compiled by gcc during the build and shipped in
 * this bundle for linux-x86_64) installed as an executable file: written once into a directory of the agent's
 * ({@code launcher.dir}), named for its SHA-256 so that bundles of different versions never overwrite each other's,
 * checked against that hash whenever it is found there already, mode 0755, and run once ({@code --version}) to see that
 * this machine can execute it. When any of that fails (a bundle built without gcc, another platform, a directory
 * others may write to, a file system mounted noexec) tasks start through the {@code /bin/sh} launcher scripts instead,
 * and a warning says why.
 */
final class LauncherBinary {
    private static final Logger LOG = LoggerFactory.getLogger(LauncherBinary.class);
    /** Where the build puts the binary among this bundle's classes. */
    static final String RESOURCE = "/META-INF/agora/linux-x86_64/agora-launcher";
    /** What {@code agora-launcher --version} prints. */
    static final String VERSION = "agora-launcher 3";
    private static final Set<PosixFilePermission> RWXR_XR_X = PosixFilePermissions.fromString("rwxr-xr-x");

    private LauncherBinary() {
    }

    /**
     * The directory the launcher goes to when {@code launcher.dir} is empty: {@code <karaf.data>/agora-containerizer}
     * in Karaf, else {@code <java.io.tmpdir>/agora-launcher-<user>} (tests, benchmarks).
     */
    static Path defaultDir() {
        String data = System.getProperty("karaf.data");
        if (data != null && !data.isEmpty()) {
            return Path.of(data, "agora-containerizer");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "agora-launcher-" + System.getProperty("user.name"));
    }

    /**
     * Installs the launcher in {@code dir} (made when missing).
     *
     * @return its path, or empty (with a warning logged saying why) when image tasks must use the script
     */
    static Optional<Path> install(Path dir) {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.equals("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return fallBack("it is built for linux-x86_64 and this is " + os + "/" + arch);
        }
        byte[] binary;
        try (InputStream in = LauncherBinary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return fallBack("this bundle was built without it (no gcc at build time)");
            }
            binary = in.readAllBytes();
        } catch (IOException e) {
            return fallBack("it cannot be read from this bundle: " + e);
        }
        String sha256 = sha256(binary);
        Path target = dir.resolve("agora-launcher-" + sha256.substring(0, 16));
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(RWXR_XR_X));
            Optional<String> unsafe = unsafe(dir);
            if (unsafe.isPresent()) {
                return fallBack(unsafe.get());
            }
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || !sha256(Files.readAllBytes(target))
                    .equals(sha256) || unsafe(target).isPresent()) {
                write(dir, target, binary);
            }
        } catch (IOException e) {
            return fallBack("it cannot be installed in " + dir + ": " + e);
        }
        Optional<String> broken = selfCheck(target);
        if (broken.isPresent()) {
            return fallBack(target + " does not run here: " + broken.get());
        }
        LOG.info("Native launcher {} (sha256 {}): tasks join their cgroups, and image tasks enter their rootfs "
                + "with pivot_root, in one process", target, sha256);
        return Optional.of(target);
    }

    /** Written beside the target and renamed onto it, so that no one ever runs (or checks) half a file. */
    private static void write(Path dir, Path target, byte[] binary) throws IOException {
        Path temp = Files.createTempFile(dir, ".agora-launcher-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(binary);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.setPosixFilePermissions(temp, RWXR_XR_X);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Why a path may not be trusted to hold what root executes: not ours, or others may change it. */
    private static Optional<String> unsafe(Path p) throws IOException {
        String owner = Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName();
        if (!owner.equals(System.getProperty("user.name"))) {
            return Optional.of(p + " belongs to " + owner + ", not to " + System.getProperty("user.name"));
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            return Optional.of(p + " may be written by others (" + PosixFilePermissions.toString(perms) + ")");
        }
        return Optional.empty();
    }

    /** Runs {@code --version}; empty when it printed what this bundle expects. */
    private static Optional<String> selfCheck(Path launcher) {
        try {
            Process p = new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of("--version did not end within 10 s");
            }
            if (p.exitValue() != 0 || !out.equals(VERSION)) {
                return Optional.of("--version exited " + p.exitValue() + " printing '" + out + "'");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    private static Optional<Path> fallBack(String why) {
        LOG.warn("Native launcher not used: {}; tasks start through the /bin/sh launcher scripts (more "
                + "processes per start)", why);
        return Optional.empty();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                    .toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
