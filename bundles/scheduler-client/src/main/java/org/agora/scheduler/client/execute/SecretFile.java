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
package org.agora.scheduler.client.execute;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The secret of {@code --secret-file}: the file's content, UTF-8, with trailing line breaks removed (as editors and
 * {@code echo} leave one). A file that group or others may read or write is still read, with a warning: whoever
 * can read it can act as the framework's principal.
 *
 * @param secret  the secret
 * @param warning set when the file's mode lets others at it
 */
record SecretFile(String secret, Optional<String> warning) {

    /** Larger files are surely not a secret (a key file, a log given by mistake). */
    static final int MAX_BYTES = 64 * 1024;

    /**
     * Reads {@code file}.
     *
     * @throws UsageException naming the file when it is missing, unreadable, too large, not UTF-8 or empty
     */
    static SecretFile read(Path file) throws UsageException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new UsageException("--secret-file " + file + ": no such file");
        } catch (IOException e) {
            throw new UsageException("--secret-file " + file + ": cannot be read: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new UsageException("--secret-file " + file + ": larger than " + MAX_BYTES + " bytes; not a secret");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new UsageException("--secret-file " + file + ": not UTF-8 text");
        }
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        String secret = text.substring(0, end);
        if (secret.isEmpty()) {
            throw new UsageException("--secret-file " + file + ": empty");
        }
        if (secret.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new UsageException("--secret-file " + file + ": the secret holds a line break or another control "
                    + "character, which HTTP Basic cannot carry (only trailing line breaks are ignored)");
        }
        return new SecretFile(secret, warning(file));
    }

    private static Optional<String> warning(Path file) {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty(); // not a POSIX file system: nothing to say
        }
        boolean open = mode.stream().anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"));
        return open ? Optional.of("the secret file " + file + " is not private to its owner (mode "
                + PosixFilePermissions.toString(mode) + "); others may read it: chmod 600 " + file) : Optional.empty();
    }

    @Override
    public String toString() {
        return "SecretFile[secret=(hidden), warning=" + warning + "]";
    }
}
