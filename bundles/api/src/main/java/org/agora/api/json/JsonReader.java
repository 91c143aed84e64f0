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

/**
 * A strict pull reader for one JSON text (RFC 8259) held in a {@link CharSequence}.
 *
 * <p>The caller asks {@link #peek()} for the kind of the next token and consumes it with the matching method.
 * The reader keeps the path of the current value ({@link #path()}) so that errors found while mapping values to
 * fields can name where they are, and it bounds nesting to {@link #MAX_DEPTH} so that hostile input cannot
 * exhaust the stack of a recursive consumer (it counts every level, also inside skipped values).
 */
final class JsonReader {

    /** The deepest nesting of objects and arrays accepted; the top-level object is depth 1. */
    static final int MAX_DEPTH = 100;

    enum Token { BEGIN_OBJECT, END_OBJECT, BEGIN_ARRAY, END_ARRAY, NAME, STRING, NUMBER, BOOLEAN, NULL, END_DOCUMENT }

    // What the reader expects next in each open scope.
    private static final int EMPTY_DOCUMENT = 0;
    private static final int NONEMPTY_DOCUMENT = 1;
    private static final int EMPTY_OBJECT = 2;
    private static final int DANGLING_NAME = 3;
    private static final int NONEMPTY_OBJECT = 4;
    private static final int EMPTY_ARRAY = 5;
    private static final int NONEMPTY_ARRAY = 6;

    private final CharSequence in;
    private int pos;

    // scopes[0] is the document; scopes[i > 0] an open object or array, with its current name or index.
    private final int[] scopes = new int[MAX_DEPTH + 1];
    private final String[] names = new String[MAX_DEPTH + 1];
    private final int[] indices = new int[MAX_DEPTH + 1];
    private int depth = 1;

    private Token peeked;
    private int tokenStart;

    JsonReader(CharSequence in) {
        this.in = in;
        // A byte order mark is not JSON, but RFC 8259 lets parsers ignore one.
        if (in.length() > 0 && in.charAt(0) == '\uFEFF') {
            pos = 1;
        }
        scopes[0] = EMPTY_DOCUMENT;
    }

    /** The kind of the next token, without consuming it. */
    Token peek() {
        if (peeked != null) {
            return peeked;
        }
        int c;
        switch (scopes[depth - 1]) {
            case EMPTY_DOCUMENT -> {
                scopes[depth - 1] = NONEMPTY_DOCUMENT;
                return peeked = valueAt(skipWhitespace());
            }
            case NONEMPTY_DOCUMENT -> {
                if (skipWhitespace() != -1) {
                    throw syntaxError(pos, "unexpected data after the top-level value");
                }
                tokenStart = pos;
                return peeked = Token.END_DOCUMENT;
            }
            case EMPTY_OBJECT, NONEMPTY_OBJECT -> {
                boolean empty = scopes[depth - 1] == EMPTY_OBJECT;
                c = skipWhitespace();
                if (c == '}') {
                    tokenStart = pos;
                    return peeked = Token.END_OBJECT;
                }
                if (!empty) {
                    if (c != ',') {
                        throw syntaxError(pos, c == -1 ? "unexpected end of input, expected ',' or '}'"
                                : "expected ',' or '}' but found " + describe(c));
                    }
                    pos++;
                    c = skipWhitespace();
                }
                if (c != '"') {
                    throw syntaxError(pos, c == -1 ? "unexpected end of input, expected a field name"
                            : "expected a double-quoted field name but found " + describe(c));
                }
                tokenStart = pos;
                return peeked = Token.NAME;
            }
            case DANGLING_NAME -> {
                c = skipWhitespace();
                if (c != ':') {
                    throw syntaxError(pos, c == -1 ? "unexpected end of input, expected ':'"
                            : "expected ':' after the field name but found " + describe(c));
                }
                pos++;
                scopes[depth - 1] = NONEMPTY_OBJECT;
                return peeked = valueAt(skipWhitespace());
            }
            case EMPTY_ARRAY, NONEMPTY_ARRAY -> {
                c = skipWhitespace();
                if (c == ']') {
                    tokenStart = pos;
                    return peeked = Token.END_ARRAY;
                }
                if (scopes[depth - 1] == NONEMPTY_ARRAY) {
                    if (c != ',') {
                        throw syntaxError(pos, c == -1 ? "unexpected end of input, expected ',' or ']'"
                                : "expected ',' or ']' but found " + describe(c));
                    }
                    pos++;
                    c = skipWhitespace();
                }
                scopes[depth - 1] = NONEMPTY_ARRAY;
                indices[depth - 1]++;
                return peeked = valueAt(c);
            }
            default -> throw new IllegalStateException("scope " + scopes[depth - 1]);
        }
    }

    /** True if the current object or array has another member (the next token is not its end). */
    boolean hasNext() {
        Token t = peek();
        return t != Token.END_OBJECT && t != Token.END_ARRAY && t != Token.END_DOCUMENT;
    }

    void beginObject() {
        expect(Token.BEGIN_OBJECT);
        push(EMPTY_OBJECT);
    }

    void endObject() {
        expect(Token.END_OBJECT);
        depth--;
        pos++;
    }

    void beginArray() {
        expect(Token.BEGIN_ARRAY);
        push(EMPTY_ARRAY);
    }

    void endArray() {
        expect(Token.END_ARRAY);
        depth--;
        pos++;
    }

    String nextName() {
        expect(Token.NAME);
        String name = readString();
        names[depth - 1] = name;
        scopes[depth - 1] = DANGLING_NAME;
        return name;
    }

    String nextString() {
        expect(Token.STRING);
        return readString();
    }

    /** The number exactly as written (a valid JSON number), for the caller to convert to the type it needs. */
    String nextNumber() {
        expect(Token.NUMBER);
        int end = JsonNumbers.end(in, pos);
        if (end < 0 || (end < in.length() && isNumberContinuation(in.charAt(end)))) {
            int stop = Math.max(end, pos + 1);
            while (stop < in.length() && isNumberContinuation(in.charAt(stop))) {
                stop++;
            }
            throw syntaxError(pos, "malformed number '" + in.subSequence(pos, stop) + "'");
        }
        String number = in.subSequence(pos, end).toString();
        pos = end;
        return number;
    }

    boolean nextBoolean() {
        expect(Token.BOOLEAN);
        boolean value = in.charAt(pos) == 't';
        pos += value ? 4 : 5;
        return value;
    }

    void nextNull() {
        expect(Token.NULL);
        pos += 4;
    }

    /** Consumes the next value, however deeply nested, still checking its syntax and depth. */
    void skipValue() {
        int open = 0;
        do {
            switch (peek()) {
                case BEGIN_OBJECT -> { beginObject(); open++; }
                case BEGIN_ARRAY -> { beginArray(); open++; }
                case END_OBJECT -> { endObject(); open--; }
                case END_ARRAY -> { endArray(); open--; }
                case NAME -> nextName();
                case STRING -> nextString();
                case NUMBER -> nextNumber();
                case BOOLEAN -> nextBoolean();
                case NULL -> nextNull();
                case END_DOCUMENT -> throw syntaxError(pos, "unexpected end of input");
            }
        } while (open > 0);
    }

    /** Offset of the token last peeked or consumed: where the value being mapped starts. */
    int tokenStart() {
        return tokenStart;
    }

    /** Path of the value being read: {@code a.b[2].c}; {@code ""} at the top level. */
    String path() {
        StringBuilder path = new StringBuilder();
        for (int i = 1; i < depth; i++) {
            int scope = scopes[i];
            if (scope == EMPTY_ARRAY || scope == NONEMPTY_ARRAY) {
                if (indices[i] >= 0) {
                    path.append('[').append(indices[i]).append(']');
                }
            } else if (names[i] != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(names[i]);
            }
        }
        return path.toString();
    }

    /** A syntax error at {@code offset}; the message gives the offset and, if any, the path. */
    JsonParseException syntaxError(int offset, String reason) {
        String path = path();
        return new JsonParseException("syntax error at offset " + offset
                + (path.isEmpty() ? "" : " (near " + path + ")") + ": " + reason, path, offset);
    }

    private void push(int scope) {
        if (depth > MAX_DEPTH) {
            throw syntaxError(tokenStart, "nesting deeper than " + MAX_DEPTH + " levels");
        }
        scopes[depth] = scope;
        names[depth] = null;
        indices[depth] = -1;
        depth++;
        pos++;
    }

    private void expect(Token expected) {
        Token actual = peek();
        if (actual != expected) {
            throw new IllegalStateException("expected " + expected + " but the next token is " + actual
                    + " at offset " + tokenStart);
        }
        peeked = null;
    }

    private Token valueAt(int c) {
        tokenStart = pos;
        return switch (c) {
            case '{' -> Token.BEGIN_OBJECT;
            case '[' -> Token.BEGIN_ARRAY;
            case '"' -> Token.STRING;
            case 't' -> literal("true", Token.BOOLEAN);
            case 'f' -> literal("false", Token.BOOLEAN);
            case 'n' -> literal("null", Token.NULL);
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> Token.NUMBER;
            case -1 -> throw syntaxError(pos, "unexpected end of input, expected a value");
            default -> throw syntaxError(pos, "expected a value but found " + describe(c));
        };
    }

    private Token literal(String word, Token token) {
        int end = pos + word.length();
        if (end > in.length() || !in.subSequence(pos, end).toString().equals(word)
                || (end < in.length() && Character.isLetterOrDigit(in.charAt(end)))) {
            throw syntaxError(pos, "invalid literal, expected '" + word + "'");
        }
        return token;
    }

    private int skipWhitespace() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c;
            }
            pos++;
        }
        return -1;
    }

    /** Reads the string starting at the opening quote at {@code pos}. */
    private String readString() {
        int start = ++pos;
        // Fast path: no escapes, no control characters.
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == '"') {
                return in.subSequence(start, pos++).toString();
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
            pos++;
        }
        StringBuilder out = new StringBuilder(pos - start + 16).append(in, start, pos);
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == '"') {
                pos++;
                return out.toString();
            }
            if (c < 0x20) {
                throw syntaxError(pos, "unescaped control character " + describe(c) + " in a string");
            }
            if (c != '\\') {
                out.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= in.length()) {
                break;
            }
            char e = in.charAt(pos + 1);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    // Surrogates are taken unit by unit: a pair becomes its code point, and an unpaired one,
                    // which RFC 8259 allows syntactically and our writer emits for such strings, stays as is.
                    out.append(hex4(pos));
                    pos += 6;
                    continue;
                }
                default -> throw syntaxError(pos, "invalid escape '\\" + e + "'");
            }
            pos += 2;
        }
        throw syntaxError(start - 1, "unterminated string");
    }

    /** The UTF-16 unit of the {@code \\uXXXX} escape at {@code at}. */
    private char hex4(int at) {
        if (at + 6 > in.length()) {
            throw syntaxError(at, "truncated \\u escape");
        }
        int value = 0;
        for (int i = at + 2; i < at + 6; i++) {
            int digit = Character.digit(in.charAt(i), 16);
            if (digit < 0) {
                throw syntaxError(at, "invalid \\u escape, expected 4 hex digits");
            }
            value = value << 4 | digit;
        }
        return (char) value;
    }

    // Characters that cannot follow a number directly, e.g. "01", "1.", "1e", "1x".
    private static boolean isNumberContinuation(char c) {
        return c >= '0' && c <= '9' || c == '.' || c == '+' || c == '-' || Character.isLetter(c);
    }

    private static String describe(int c) {
        if (c == -1) {
            return "end of input";
        }
        if (c < 0x20 || c == 0x7f) {
            return String.format("U+%04X", c);
        }
        return "'" + (char) c + "'";
    }
}
