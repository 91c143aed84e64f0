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
package org.agora.secrets.file.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import com.google.protobuf.ByteString;
import org.agora.api.secret.SecretException;
import org.agora.api.secret.SecretResolver;
import org.agora.api.v1.Protos.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets kept as files under one directory. A {@code REFERENCE} with name {@code a/b} and key {@code k} is the file
 * {@code <dir>/a/b/k}; one without a key is the file {@code <dir>/a/b}. The value is the file's bytes, unchanged (a
 * trailing newline is part of it: write secrets with {@code printf}, not {@code echo}). A {@code VALUE} secret is
 * passed through. Names that are absolute, empty, or have an empty, {@code .} or {@code ..} segment, keys with a
 * {@code /}, and paths that lead out of the directory through a symbolic link are refused.
 *
 * <p>Files are read at each resolution, so a changed secret is seen by the next launch. Thread-safe and stateless;
 * {@link #resolve} reads one small file on the caller's thread and returns a completed stage.
 */
final class SecretFiles implements SecretResolver {
    private static final Logger LOG = LoggerFactory.getLogger(SecretFiles.class);
    /** Far more than an environment variable should hold: a larger file is refused rather than read into memory. */
    static final int MAX_BYTES = 1 << 20;

    private final Path dir;

    /** @param dir an absolute directory, which must exist */
    SecretFiles(Path dir) {
        if (!dir.isAbsolute()) {
            throw new IllegalArgumentException("dir '" + dir + "' is not an absolute path");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("dir '" + dir + "' is not a directory");
        }
        this.dir = dir.normalize();
        openToOthers(this.dir).ifPresent(p -> LOG.warn("secrets: {} is {}: group and others should have no access "
                + "to a directory of secrets (chmod 700 {})", this.dir, p, this.dir));
    }

    Path dir() {
        return dir;
    }

    @Override
    public CompletionStage<Secret.Value> resolve(Secret secret) {
        try {
            return CompletableFuture.completedFuture(value(secret));
        } catch (SecretException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Secret.Value value(Secret secret) {
        switch (secret.getType()) {
            case VALUE -> {
                if (!secret.hasValue()) {
                    throw new SecretException("secret of type VALUE has no value");
                }
                return secret.getValue();
            }
            case REFERENCE -> {
                return read(secret);
            }
            default -> throw new SecretException("secret of type " + secret.getType() + " cannot be resolved: "
                    + "expected REFERENCE or VALUE");
        }
    }

    private Secret.Value read(Secret secret) {
        String what = "secret " + SecretResolver.describe(secret);
        Path file = file(secret, what);
        try {
            if (!file.toRealPath().startsWith(dir.toRealPath())) {
                throw new SecretException(what + " leads out of the secrets directory through a symbolic link");
            }
            if (!Files.isRegularFile(file)) {
                throw new SecretException(what + " is not a file in the secrets directory");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new SecretException(what + " is larger than " + MAX_BYTES + " bytes");
            }
            openToOthers(file).ifPresent(p -> LOG.warn("secrets: {} is {}: group and others should have no access "
                    + "to a secret (chmod 600 {})", file, p, file));
            try (InputStream in = Files.newInputStream(file)) {
                return Secret.Value.newBuilder().setData(ByteString.readFrom(in)).build();
            }
        } catch (NoSuchFileException e) {
            throw new SecretException(what + " does not exist (no file " + file + ")");
        } catch (IOException e) {
            throw new SecretException(what + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The file a reference names, refusing names and keys that would leave the directory. */
    private Path file(Secret secret, String what) {
        if (!secret.hasReference()) {
            throw new SecretException("secret of type REFERENCE has no reference");
        }
        String name = secret.getReference().getName();
        if (name.isEmpty() || name.startsWith("/")) {
            throw new SecretException(what + ": the name must be a relative path in the secrets directory");
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new SecretException(what + ": the name must not have empty, '.' or '..' segments");
            }
        }
        Path file = dir.resolve(name);
        if (secret.getReference().hasKey()) {
            String key = secret.getReference().getKey();
            if (key.isEmpty() || key.contains("/") || key.equals(".") || key.equals("..")) {
                throw new SecretException(what + ": the key must be a file name (no '/', not '.' or '..')");
            }
            file = file.resolve(key);
        }
        if (!file.normalize().startsWith(dir)) {
            throw new SecretException(what + " lies outside the secrets directory");
        }
        return file;
    }

    /** The permissions of {@code path} when group or others have any, as {@code rwx------}. */
    static Optional<String> openToOthers(Path path) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            boolean open = p.stream().anyMatch(x -> !x.name().startsWith("OWNER_"));
            return open ? Optional.of(PosixFilePermissions.toString(p)) : Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
