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
package org.agora.api.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON text (RFC 8259) into plain Java values, for configuration files whose shape is not a protobuf
 * message (Mesos's ACLs and credentials files): an object becomes an unmodifiable {@code Map<String, Object>} in
 * document order, an array an unmodifiable {@code List<Object>}, a string a {@link String}, a number a
 * {@link BigDecimal} exactly as written, {@code true}/{@code false} a {@link Boolean} and {@code null} Java
 * {@code null}.
 *
 * <p>Stricter than {@link ProtoJson} where configuration needs it: a name that occurs twice in one object is an
 * error (RFC 8259 leaves its meaning open, and in an access-control file either reading could open access the
 * author meant to close). Nesting is bounded as for {@link ProtoJson}. Errors are {@link JsonParseException}s
 * whose message gives the line and column (both from 1) and the JSON path.
 *
 * <p>Thread-safe; keeps no state.
 */
public final class JsonTree {
    private JsonTree() {
    }

    /**
     * @return the value of the document: a {@code Map}, {@code List}, {@code String}, {@code BigDecimal},
     *     {@code Boolean} or {@code null}
     * @throws JsonParseException if {@code text} is not exactly one JSON value or an object repeats a name; its
     *     message names the line, column and path, its {@link JsonParseException#offset()} the character offset
     */
    public static Object parse(CharSequence text) {
        JsonReader reader = new JsonReader(text);
        try {
            Object value = read(reader);
            reader.peek(); // trailing data after the value is an error
            return value;
        } catch (JsonParseException e) {
            throw new JsonParseException(at(text, e.offset()) + ": " + withoutOffset(e.getMessage()), e.path(),
                    e.offset());
        }
    }

    /** {@code "line 3, column 7"} for a character offset in {@code text}; {@code "at an unknown place"} for -1. */
    public static String at(CharSequence text, int offset) {
        if (offset < 0) {
            return "at an unknown place";
        }
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return "line " + line + ", column " + column;
    }

    private static Object read(JsonReader reader) {
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                reader.beginObject();
                while (reader.hasNext()) {
                    int nameAt = reader.tokenStart();
                    String name = reader.nextName();
                    if (object.containsKey(name)) {
                        throw reader.syntaxError(nameAt, "the name '" + name + "' occurs twice in one object");
                    }
                    object.put(name, read(reader));
                }
                reader.endObject();
                return Collections.unmodifiableMap(object);
            }
            case BEGIN_ARRAY -> {
                List<Object> array = new ArrayList<>();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(read(reader));
                }
                reader.endArray();
                return Collections.unmodifiableList(array);
            }
            case STRING -> {
                return reader.nextString();
            }
            case NUMBER -> {
                int at = reader.tokenStart();
                String number = reader.nextNumber();
                try {
                    return new BigDecimal(number);
                } catch (NumberFormatException e) { // an exponent beyond what BigDecimal holds, e.g. 1e9999999999
                    throw reader.syntaxError(at, "number '" + number + "' is out of range");
                }
            }
            case BOOLEAN -> {
                return reader.nextBoolean();
            }
            case NULL -> {
                reader.nextNull();
                return null;
            }
            default -> throw reader.syntaxError(reader.tokenStart(), "expected a value");
        }
    }

    // The reader's messages start "syntax error at offset N"; the line and column replace the offset.
    private static String withoutOffset(String message) {
        return message.replaceFirst("^syntax error at offset \\d+", "syntax error");
    }

    /** What a value {@link #parse} returned is, for messages: "an object", "an array", "a string", "a number"... */
    public static String kindOf(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof java.util.Map) {
            return "an object";
        }
        if (value instanceof java.util.List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof java.math.BigDecimal) {
            return "a number";
        }
        return "a boolean";
    }
}
