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
package org.agora.api.ids;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Mesos's rule for ids that end up as path components (its {@code common::validation::validateID}), a little stricter:
 * an id is not empty, at most {@link #MAX_BYTES} bytes in UTF-8 (a file name's limit, NAME_MAX), not {@code "."} or
 * {@code ".."}, and holds no {@code '/'}, no {@code '\'}, no control character (U+0000-U+001F, U+007F-U+009F, NUL
 * included) and no unpaired surrogate (which would not survive the trip to a UTF-8 file name).
 */
public final class Ids {
    /** The longest id, in UTF-8 bytes. */
    public static final int MAX_BYTES = 255;

    /** How much of an offending id a message quotes. */
    private static final int QUOTED = 64;

    private Ids() {
    }

    /**
     * @param kind what the id is, for the message: {@code "Framework ID"}, {@code "Task ID"}
     * @param id the id's value
     * @return why the id is not acceptable, naming {@code kind} and quoting (the start of) the id; empty when it is
     */
    public static Optional<String> problem(String kind, String id) {
        if (id.isEmpty()) {
            return Optional.of(kind + " must not be empty");
        }
        if (id.equals(".") || id.equals("..")) {
            return Optional.of(kind + " '" + id + "' is disallowed");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                return Optional.of(kind + " '" + quote(id) + "' contains a '/', a '\\' or a control character");
            }
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(kind + " '" + quote(id) + "' is not valid Unicode (an unpaired surrogate)");
            }
        }
        // a char is at most 3 bytes in UTF-8 (a surrogate pair 4 for 2 chars): short ids need no encoding
        if (id.length() > MAX_BYTES / 3) {
            int bytes = id.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_BYTES) {
                return Optional.of(kind + " '" + quote(id) + "' is " + bytes + " bytes long; at most " + MAX_BYTES
                        + " bytes are allowed");
            }
        }
        return Optional.empty();
    }

    /** Whether {@code id} follows the rule ({@link #problem} is empty). */
    public static boolean valid(String id) {
        return problem("ID", id).isEmpty();
    }

    /** The id as a message can show it: its start, with control characters escaped. */
    private static String quote(String id) {
        StringBuilder b = new StringBuilder();
        int end = Math.min(id.length(), QUOTED);
        for (int i = 0; i < end; i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (end < id.length()) {
            b.append("...");
        }
        return b.toString();
    }
}
