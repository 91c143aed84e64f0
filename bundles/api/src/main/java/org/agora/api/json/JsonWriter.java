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

import java.util.Arrays;

/**
 * Writes compact JSON into a {@link StringBuilder}: no whitespace at all, so that a document never contains a
 * line feed (streamed events are framed one RecordIO record per HTTP chunk and naive clients split on
 * newlines). The caller is trusted to produce a well-formed structure; the writer only places the commas.
 */
final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;
    // Per open object/array: has it got a member yet (then the next one needs a comma)?
    private boolean[] nonEmpty = new boolean[16];
    private int depth;
    private boolean afterName;

    JsonWriter(StringBuilder out) {
        this.out = out;
    }

    JsonWriter beginObject() {
        open('{');
        return this;
    }

    JsonWriter endObject() {
        depth--;
        out.append('}');
        return this;
    }

    JsonWriter beginArray() {
        open('[');
        return this;
    }

    JsonWriter endArray() {
        depth--;
        out.append(']');
        return this;
    }

    JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        string(value);
        return this;
    }

    JsonWriter value(boolean value) {
        separate();
        out.append(value);
        return this;
    }

    JsonWriter nullValue() {
        separate();
        out.append("null");
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        return this;
    }

    /** A number already formatted as a JSON number, e.g. an unsigned 64-bit value. */
    JsonWriter number(String number) {
        separate();
        out.append(number);
        return this;
    }

    /** Places the separator before a value that the caller appends itself (a JSON text written earlier). */
    JsonWriter beforeValue() {
        separate();
        return this;
    }

    /** A double as a JSON number; NaN and the infinities, which JSON numbers cannot express, as strings. */
    JsonWriter value(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value(nonFinite(value));
        }
        separate();
        // Double.toString gives the shortest digits that parse back to the same double; timestamps and large
        // amounts (1.7954356971452987E9) read better, and as Mesos prints them, in plain notation.
        double magnitude = Math.abs(value);
        if (magnitude >= 1e7 && magnitude < 1e16) {
            String plain = new java.math.BigDecimal(Double.toString(value)).toPlainString();
            out.append(plain.indexOf('.') < 0 ? plain + ".0" : plain);
        } else {
            out.append(value);
        }
        return this;
    }

    /** A float with the fewest digits that identify it ("0.1", not 0.10000000149011612). */
    JsonWriter value(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            return value(nonFinite(value));
        }
        separate();
        out.append(value);
        return this;
    }

    private static String nonFinite(double value) {
        return Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
    }

    private void open(char bracket) {
        separate();
        if (depth == nonEmpty.length) {
            nonEmpty = Arrays.copyOf(nonEmpty, depth * 2);
        }
        nonEmpty[depth++] = false;
        out.append(bracket);
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (nonEmpty[depth - 1]) {
                out.append(',');
            }
            nonEmpty[depth - 1] = true;
        }
    }

    /**
     * Quotes and escapes a string. Non-ASCII text stays as it is (the output is UTF-8); control characters,
     * DEL and unpaired surrogates are escaped so that the output is printable, one line and encodable as UTF-8
     * without loss.
     */
    private void string(String s) {
        out.append('"');
        int n = s.length();
        int run = 0; // start of the pending run of characters that need no escaping
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String escape = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                default -> null;
            };
            if (escape == null && !needsUnicodeEscape(s, i, c)) {
                continue;
            }
            out.append(s, run, i);
            if (escape != null) {
                out.append(escape);
            } else {
                out.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                        .append(HEX[c & 0xf]);
            }
            run = i + 1;
        }
        out.append(s, run, n).append('"');
    }

    private static boolean needsUnicodeEscape(String s, int i, char c) {
        if (c < 0x20 || c == 0x7f) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }
}
