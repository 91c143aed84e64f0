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
package org.agora.security.credentials.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.agora.api.json.JsonParseException;
import org.agora.api.json.JsonTree;

/**
 * Reads a Mesos credentials file into principal → secret, in file order. Two formats, told apart by the first
 * character that is not white space:
 * <ul>
 * <li>{@code {} or {@code [}: JSON, Mesos's {@code Credentials} message,
 *     {@code {"credentials": [{"principal": "ops", "secret": "s3cret"}]}};</li>
 * <li>anything else: Mesos's older text format, one {@code principal secret} pair per line, separated by spaces or
 *     tabs; blank lines are skipped.</li>
 * </ul>
 * Stricter than Mesos, because a credentials file decides who gets in: unknown JSON fields, a credential without a
 * secret or with an empty one, a principal given twice, a principal containing {@code :} (which HTTP Basic cannot
 * carry) and an empty file are errors rather than ignored.
 */
final class CredentialsFile {
    /** Far more than any real file (tens of thousands of credentials); bounds what a wrong path can make us read. */
    static final long MAX_BYTES = 1 << 20;

    private CredentialsFile() {
    }

    /** The file's bytes. */
    static byte[] read(Path path) {
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new CredentialsFileException(where(path) + "is " + size + " bytes, more than the "
                        + MAX_BYTES + " a credentials file may have");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new CredentialsFileException(where(path) + "does not exist", e);
        } catch (IOException e) {
            throw new CredentialsFileException(where(path) + "cannot be read: " + e, e);
        }
    }

    /** The credentials in {@code content}, read from {@code path} (named in errors). */
    static Map<String, String> parse(Path path, byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new CredentialsFileException(where(path) + "is not UTF-8 text", e);
        }
        String start = text.strip();
        if (start.isEmpty()) {
            throw new CredentialsFileException(where(path) + "is empty");
        }
        return start.charAt(0) == '{' || start.charAt(0) == '[' ? parseJson(path, text) : parseLines(path, text);
    }

    /**
     * The file's permissions (as {@code ls} shows them) if group or others have any, else empty; also empty where the
     * file system has no POSIX permissions or they cannot be read.
     */
    static Optional<String> openToOthers(Path path) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            for (PosixFilePermission p : permissions) {
                if (!p.name().startsWith("OWNER_")) {
                    return Optional.of(PosixFilePermissions.toString(permissions));
                }
            }
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> parseJson(Path path, String text) {
        Object tree;
        try {
            tree = JsonTree.parse(text);
        } catch (JsonParseException e) {
            throw new CredentialsFileException(where(path) + "is not valid JSON: " + e.getMessage(), e);
        }
        if (!(tree instanceof Map<?, ?> top)) {
            throw problem(path, "", "expected an object {\"credentials\": [...]}, found " + JsonTree.kindOf(tree));
        }
        for (Object key : top.keySet()) {
            if (!key.equals("credentials")) {
                throw problem(path, "", "unknown field '" + key + "'; the only field is 'credentials'");
            }
        }
        Object list = top.get("credentials");
        if (!(list instanceof List<?> entries)) {
            throw problem(path, "credentials", list == null && !top.containsKey("credentials")
                    ? "missing; expected {\"credentials\": [{\"principal\": \"...\", \"secret\": \"...\"}]}"
                    : "expected an array, found " + JsonTree.kindOf(list));
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = "credentials[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw problem(path, at, "expected an object {\"principal\": \"...\", \"secret\": \"...\"}, found "
                        + JsonTree.kindOf(entries.get(i)));
            }
            for (Object key : entry.keySet()) {
                if (!key.equals("principal") && !key.equals("secret")) {
                    throw problem(path, at, "unknown field '" + key + "'; a credential has 'principal' and "
                            + "'secret'");
                }
            }
            String principal = string(path, at, entry, "principal");
            String secret = string(path, at, entry, "secret");
            checkPrincipal(path, at + ".principal", principal);
            Integer before = index.putIfAbsent(principal, i);
            if (before != null) {
                throw problem(path, at + ".principal", "principal '" + principal + "' is also credentials["
                        + before + "]; each principal has one secret");
            }
            secrets.put(principal, secret);
        }
        return secrets;
    }

    private static Map<String, String> parseLines(Path path, String text) {
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int n = 1; n <= lines.length; n++) {
            String line = lines[n - 1].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("[ \t]+");
            String at = "line " + n;
            if (fields.length != 2) {
                throw new CredentialsFileException(where(path) + at + ": expected 'principal secret', found "
                        + fields.length + (fields.length == 1 ? " field" : " fields")
                        + " (a JSON file starts with '{')");
            }
            checkPrincipal(path, at, fields[0]);
            Integer before = lineOf.putIfAbsent(fields[0], n);
            if (before != null) {
                throw new CredentialsFileException(where(path) + at + ": principal '" + fields[0]
                        + "' is also on line " + before + "; each principal has one secret");
            }
            secrets.put(fields[0], fields[1]);
        }
        return secrets;
    }

    private static String string(Path path, String entryAt, Map<?, ?> entry, String field) {
        String at = entryAt + "." + field;
        Object value = entry.get(field);
        if (value == null) {
            throw problem(path, at, "missing");
        }
        if (!(value instanceof String s)) {
            throw problem(path, at, "expected a string, found " + JsonTree.kindOf(value));
        }
        if (s.isEmpty()) {
            throw problem(path, at, "is empty");
        }
        return s;
    }

    private static void checkPrincipal(Path path, String at, String principal) {
        if (principal.indexOf(':') >= 0) {
            throw new CredentialsFileException(where(path) + at + ": principal '" + principal
                    + "' contains ':', which HTTP Basic authentication cannot carry in a user name");
        }
        for (int i = 0; i < principal.length(); i++) {
            if (Character.isISOControl(principal.charAt(i))) {
                throw new CredentialsFileException(where(path) + at + ": principal contains a control character");
            }
        }
    }

    private static CredentialsFileException problem(Path path, String at, String what) {
        return new CredentialsFileException(where(path) + (at.isEmpty() ? "" : at + ": ") + what);
    }

    private static String where(Path path) {
        return "credentials file " + path + ": ";
    }
}
