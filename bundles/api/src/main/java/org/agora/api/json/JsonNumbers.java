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

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.function.Function;

/**
 * The grammar of JSON numbers, and conversion of their text to the Java value of a protobuf field, rejecting
 * what the field cannot hold exactly: fractions for integer fields, values out of the field's range, finite
 * values that overflow a double or float.
 */
final class JsonNumbers {

    private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger UINT32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private JsonNumbers() {
    }

    /** True if {@code text} is exactly one JSON number, e.g. to accept numbers that were sent as strings. */
    static boolean isNumber(CharSequence text) {
        return text.length() > 0 && end(text, 0) == text.length();
    }

    /** End of the JSON number starting at {@code start}, or -1 if it is not one ({@code -?int frac? exp?}). */
    static int end(CharSequence s, int start) {
        int i = start;
        int n = s.length();
        if (i < n && s.charAt(i) == '-') {
            i++;
        }
        if (i >= n) {
            return -1;
        }
        if (s.charAt(i) == '0') {
            i++;
        } else if (isDigit(s.charAt(i))) {
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
        } else {
            return -1;
        }
        if (i < n && s.charAt(i) == '.') {
            int digits = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == digits) {
                return -1;
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int digits = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == digits) {
                return -1;
            }
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** True for the strings the printer uses for non-finite doubles. */
    static boolean isNonFinite(String text) {
        return text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity");
    }

    /**
     * The value of an integer field of protobuf type {@code type}: an {@link Integer} for 32-bit types, a
     * {@link Long} for 64-bit types, unsigned types in two's complement as protobuf-java stores them.
     *
     * @param text a JSON number, possibly with a fraction or exponent that must still denote an integer
     */
    static Object integer(FieldDescriptor.Type type, String text, Function<String, JsonParseException> error) {
        BigInteger value = exactInteger(text, error);
        switch (type) {
            case INT32, SINT32, SFIXED32 -> {
                check(value, INT32_MIN, INT32_MAX, "int32", text, error);
                return value.intValue();
            }
            case UINT32, FIXED32 -> {
                check(value, BigInteger.ZERO, UINT32_MAX, "uint32", text, error);
                return value.intValue();
            }
            case INT64, SINT64, SFIXED64 -> {
                check(value, INT64_MIN, INT64_MAX, "int64", text, error);
                return value.longValue();
            }
            case UINT64, FIXED64 -> {
                check(value, BigInteger.ZERO, UINT64_MAX, "uint64", text, error);
                return value.longValue();
            }
            default -> throw new IllegalArgumentException("not an integer type: " + type);
        }
    }

    static Double toDouble(String text, Function<String, JsonParseException> error) {
        double value = Double.parseDouble(text); // also parses the non-finite names
        if (Double.isInfinite(value) && !isNonFinite(text)) {
            throw error.apply("number " + text + " is out of range for a double");
        }
        return value;
    }

    static Float toFloat(String text, Function<String, JsonParseException> error) {
        // Parsed directly as a float: via a double, rounding twice could miss the float the printer meant.
        float value = Float.parseFloat(text);
        if (Float.isInfinite(value) && !isNonFinite(text)) {
            throw error.apply("number " + text + " is out of range for a float");
        }
        return value;
    }

    private static BigInteger exactInteger(String text, Function<String, JsonParseException> error) {
        if (isNonFinite(text)) {
            throw error.apply("expected an integer, got " + text);
        }
        boolean plain = text.length() <= 18 && text.indexOf('.') < 0 && text.indexOf('e') < 0
                && text.indexOf('E') < 0;
        if (plain) {
            return BigInteger.valueOf(Long.parseLong(text));
        }
        BigDecimal decimal;
        try {
            decimal = new BigDecimal(text);
        } catch (NumberFormatException e) { // an exponent beyond int range
            throw error.apply("number " + text + " is out of range");
        }
        if (decimal.signum() == 0) {
            return BigInteger.ZERO;
        }
        decimal = decimal.stripTrailingZeros();
        if (decimal.scale() > 0) {
            throw error.apply("expected an integer, got " + text);
        }
        // Digits before the point; checked before toBigInteger(), which would expand 1e999999999.
        if (decimal.precision() - decimal.scale() > 20) {
            throw error.apply("number " + text + " is out of range");
        }
        return decimal.toBigInteger();
    }

    private static void check(BigInteger value, BigInteger min, BigInteger max, String typeName, String text,
            Function<String, JsonParseException> error) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw error.apply("number " + text + " is out of range for " + typeName);
        }
    }
}
