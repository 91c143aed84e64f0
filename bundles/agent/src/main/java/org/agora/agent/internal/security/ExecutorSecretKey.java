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
package org.agora.agent.internal.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key the agent signs executors' tokens with. As Mesos's {@code --executor_secret_key}, the key is the whole
 * content of a file. A configured file must exist and hold something; without one the agent generates 256 random bits
 * at first start into its work directory, readable by its own user only (0600), and keeps using them, so tokens given
 * to executors stay valid across agent restarts.
 */
public final class ExecutorSecretKey {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorSecretKey.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private ExecutorSecretKey() {
    }

    /**
     * Reads the key in a configured file.
     *
     * @throws IllegalArgumentException naming the file and the problem (missing, unreadable, empty)
     */
    public static byte[] read(Path file) {
        byte[] key;
        try {
            key = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("executor.secret.key: " + file + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("executor.secret.key: " + file + " cannot be read (permission denied)",
                    e);
        } catch (IOException e) {
            throw new IllegalArgumentException("executor.secret.key: " + file + " cannot be read: " + e, e);
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("executor.secret.key: " + file + " is empty");
        }
        warnIfShared(file);
        return key;
    }

    /**
     * The key in {@code file}, generated there first if the file does not exist yet.
     *
     * @throws IllegalArgumentException naming the file when it can be neither read nor written
     */
    public static byte[] readOrGenerate(Path file) {
        if (Files.exists(file)) {
            return read(file);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        byte[] key = HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            // created 0600 at once: there is no instant in which another user could open it
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.write(tmp, key, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp);
                return read(file);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("executor.secret.key: cannot generate " + file + ": " + e, e);
        }
        LOG.info("Generated the key executors' tokens are signed with in {} (readable by this user only)", file);
        return key;
    }

    private static void warnIfShared(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("The executor secret key {} can be read by other users ({}): anyone who reads it can act as "
                        + "any executor", file, PosixFilePermissions.toString(p));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to say
        }
    }
}
