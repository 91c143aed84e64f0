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
package org.agora.testing.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a JSON text into plain Java values: objects become {@code Map<String, Object>} (in document order), arrays
 * {@code List<Object>}, strings {@code String}, numbers {@code Double}, and {@code true}/{@code false}/{@code null}
 * themselves. Enough to read {@code /master/state}; the endpoints' protobuf answers need no parser of this kind.
 */
public final class JsonTree {
    private final String in;
    private int pos;

    private JsonTree(String in) {
        this.in = in;
    }

    /**
     * @throws IllegalArgumentException naming the offset, if {@code json} is not one well-formed JSON value
     */
    public static Object parse(String json) {
        JsonTree p = new JsonTree(json);
        Object v = p.value();
        p.whitespace();
        if (p.pos != json.length()) {
            throw p.error("trailing characters");
        }
        return v;
    }

    /** {@link #parse} of a text that must hold an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String json) {
        Object v = parse(json);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object, got " + json.substring(0,
                    Math.min(80, json.length())));
        }
        return (Map<String, Object>) v;
    }

    private Object value() {
        whitespace();
        if (pos >= in.length()) {
            throw error("unexpected end");
        }
        char c = in.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++;
        whitespace();
        if (peek() == '}') {
            pos++;
            return m;
        }
        while (true) {
            whitespace();
            if (peek() != '"') {
                throw error("expected a name");
            }
            String name = string();
            whitespace();
            expect(':');
            m.put(name, value());
            whitespace();
            char c = next();
            if (c == '}') {
                return m;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array() {
        List<Object> l = new ArrayList<>();
        pos++;
        whitespace();
        if (peek() == ']') {
            pos++;
            return l;
        }
        while (true) {
            l.add(value());
            whitespace();
            char c = next();
            if (c == ']') {
                return l;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        pos++;
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    if (pos + 4 > in.length()) {
                        throw error("short \\u escape");
                    }
                    b.append((char) Integer.parseInt(in.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> b.append(e);
            }
        }
    }

    private Object literal(String text, Object value) {
        if (!in.startsWith(text, pos)) {
            throw error("expected " + text);
        }
        pos += text.length();
        return value;
    }

    private Double number() {
        int start = pos;
        while (pos < in.length() && "+-0123456789.eE".indexOf(in.charAt(pos)) >= 0) {
            pos++;
        }
        if (start == pos) {
            throw error("unexpected character '" + in.charAt(pos) + "'");
        }
        try {
            return Double.valueOf(in.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error("bad number " + in.substring(start, pos));
        }
    }

    private void whitespace() {
        while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= in.length()) {
            throw error("unexpected end");
        }
        return in.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("JSON at offset " + pos + ": " + what);
    }
}
