package org.agora.master.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Framework, executor and task ids become directory names on agents (sandboxes, checkpoints), so the master refuses
 * what cannot be one before anything is recorded or sent: empty, {@code .} or {@code ..}, a {@code /}, {@code \} or
 * control character (NUL among them), or more than {@link #MAX_BYTES} bytes of UTF-8. The agent applies the same
 * rule.
 */
public final class PathIds {
    /** A file name's limit on Linux. */
    public static final int MAX_BYTES = 255;

    private PathIds() {
    }

    /** What is wrong with {@code id} as the {@code kind} ID ("Task", "Framework", ...), or empty when nothing. */
    public static Optional<String> problem(String kind, String id) {
        if (id.isEmpty()) {
            return Optional.of(kind + " ID must not be empty");
        }
        if (id.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of(kind + " ID is longer than " + MAX_BYTES + " bytes");
        }
        if (id.equals(".") || id.equals("..")) {
            return Optional.of(kind + " ID '" + id + "' is disallowed");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                return Optional.of(kind + " ID '" + printable(id) + "' contains a '/', '\\' or a control character");
            }
        }
        return Optional.empty();
    }

    private static String printable(String id) {
        StringBuilder b = new StringBuilder();
        id.codePoints().forEach(c -> b.append(Character.isISOControl(c) ? String.format("\\u%04x", c)
                : new String(Character.toChars(c))));
        return b.toString();
    }
}
