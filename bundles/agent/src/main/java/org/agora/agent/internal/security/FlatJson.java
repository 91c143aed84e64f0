package org.agora.agent.internal.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the one JSON shape a JWT header or claim set of the agent's takes: a flat object whose values are strings or
 * whole numbers. Anything else (nesting, arrays, a duplicate name, trailing text) is refused.
 */
final class FlatJson {
    private final String in;
    private int pos;

    private FlatJson(String in) {
        this.in = in;
    }

    /**
     * @return the members, strings as {@link String} and numbers as {@link Long}
     * @throws IllegalArgumentException saying what is wrong and where
     */
    static Map<String, Object> parseObject(String json) {
        return new FlatJson(json).object();
    }

    private Map<String, Object> object() {
        Map<String, Object> members = new LinkedHashMap<>();
        expect('{');
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                String name = string();
                expect(':');
                Object value = peek() == '"' ? string() : number();
                if (members.put(name, value) != null) {
                    throw error("duplicate member '" + name + "'");
                }
                char c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }
        skipWhitespace();
        if (pos != in.length()) {
            throw error("text after the object");
        }
        return members;
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= in.length()) {
                throw error("unterminated string");
            }
            char c = in.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= in.length()) {
                throw error("unterminated escape");
            }
            char e = in.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (pos + 4 > in.length()) {
                        throw error("short \\u escape");
                    }
                    try {
                        b.append((char) Integer.parseInt(in.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private Long number() {
        skipWhitespace();
        int start = pos;
        if (pos < in.length() && in.charAt(pos) == '-') {
            pos++;
        }
        while (pos < in.length() && Character.isDigit(in.charAt(pos))) {
            pos++;
        }
        try {
            return Long.parseLong(in.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error("expected a string or a whole number");
        }
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private char next() {
        skipWhitespace();
        if (pos >= in.length()) {
            throw error("unexpected end");
        }
        return in.charAt(pos++);
    }

    private char peek() {
        skipWhitespace();
        return pos < in.length() ? in.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < in.length() && " \t\r\n".indexOf(in.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + pos);
    }
}
