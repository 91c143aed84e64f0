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
package org.agora.api.resources;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;

/**
 * Parser for the text form of the agent's {@code --resources} flag:
 * {@code name[(role)]:value} fragments separated by {@code ;}, where a value is a scalar
 * ({@code 4}, {@code 0.5}), ranges ({@code [31000-32000,33000-33010]}) or a set ({@code {a,b}}).
 *
 * <p>A role other than {@code *} is a static reservation, written in the
 * {@code reservations} stack; the deprecated {@code role} field is never set. Empty fragments
 * are ignored. Every error names the offending fragment and the reason.
 */
final class ResourceParser {

    // Plain decimal numbers only: no hex, no "NaN"/"Infinity", no Java suffixes like "1d".
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern UNSIGNED = Pattern.compile("\\d+");

    private ResourceParser() {
    }

    /** The resources of {@code text} in order of appearance, each validated. */
    static List<Resource> parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("resources text must not be null");
        }
        List<Resource> resources = new ArrayList<>();
        for (String fragment : text.split(";", -1)) {
            String trimmed = fragment.trim();
            if (!trimmed.isEmpty()) {
                resources.add(parseFragment(trimmed));
            }
        }
        return resources;
    }

    private static Resource parseFragment(String fragment) {
        int colon = fragment.indexOf(':');
        if (colon < 0 || fragment.indexOf(':', colon + 1) >= 0) {
            throw error(fragment, "expected exactly one ':' between name and value");
        }
        String head = fragment.substring(0, colon).trim();
        String valueText = fragment.substring(colon + 1).trim();

        String name = head;
        String role = "*";
        int open = head.indexOf('(');
        int close = head.indexOf(')');
        if (open >= 0 || close >= 0) {
            if (open < 0 || close < open || head.indexOf('(', open + 1) >= 0 || head.indexOf(')', close + 1) >= 0) {
                throw error(fragment, "mismatched parentheses around the role");
            }
            if (!head.substring(close + 1).isBlank()) {
                throw error(fragment, "unexpected text after the role");
            }
            name = head.substring(0, open).trim();
            role = head.substring(open + 1, close).trim();
            Optional<String> roleError = ResourceValidator.validateRole(role);
            if (roleError.isPresent()) {
                throw error(fragment, roleError.get());
            }
        }
        if (name.isEmpty()) {
            throw error(fragment, "resource name is empty");
        }
        if (valueText.isEmpty()) {
            throw error(fragment, "value is empty");
        }

        Resource.Builder resource = Resource.newBuilder().setName(name);
        if (!role.equals("*")) {
            resource.addReservations(Resource.ReservationInfo.newBuilder()
                    .setType(Resource.ReservationInfo.Type.STATIC)
                    .setRole(role));
        }
        char first = valueText.charAt(0);
        if (first == '[') {
            resource.setType(Value.Type.RANGES).setRanges(parseRanges(fragment, valueText));
        } else if (first == '{') {
            resource.setType(Value.Type.SET).setSet(parseSet(fragment, valueText));
        } else if (DECIMAL.matcher(valueText).matches()) {
            resource.setType(Value.Type.SCALAR)
                    .setScalar(Value.Scalar.newBuilder().setValue(Double.parseDouble(valueText)));
        } else if (valueText.chars().noneMatch(c -> "[]{},".indexOf(c) >= 0)) {
            throw error(fragment, "value '" + valueText + "' is text, which resources cannot have");
        } else {
            throw error(fragment, "cannot parse value '" + valueText + "'");
        }

        Resource built = resource.build();
        Optional<String> invalid = ResourceValidator.validate(built);
        if (invalid.isPresent()) {
            throw error(fragment, invalid.get());
        }
        return built;
    }

    private static Value.Ranges parseRanges(String fragment, String text) {
        if (!text.endsWith("]") || text.length() < 2) {
            throw error(fragment, "ranges must end with ']'");
        }
        String body = text.substring(1, text.length() - 1).trim();
        Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
        if (body.isEmpty()) {
            return ranges.build();
        }
        for (String part : body.split(",", -1)) {
            String range = part.trim();
            int dash = range.indexOf('-');
            if (dash < 0) {
                throw error(fragment, "range '" + range + "' is not of the form begin-end");
            }
            long begin = parseUnsigned(fragment, range.substring(0, dash).trim(), range);
            long end = parseUnsigned(fragment, range.substring(dash + 1).trim(), range);
            ranges.addRange(Value.Range.newBuilder().setBegin(begin).setEnd(end));
        }
        return ranges.build();
    }

    private static long parseUnsigned(String fragment, String number, String range) {
        if (!UNSIGNED.matcher(number).matches()) {
            throw error(fragment, "range '" + range + "' has a bound '" + number
                    + "' that is not an unsigned integer");
        }
        try {
            return Long.parseUnsignedLong(number);
        } catch (NumberFormatException e) {
            throw error(fragment, "range bound '" + number + "' does not fit in 64 bits");
        }
    }

    private static Value.Set parseSet(String fragment, String text) {
        if (!text.endsWith("}") || text.length() < 2) {
            throw error(fragment, "set must end with '}'");
        }
        String body = text.substring(1, text.length() - 1).trim();
        Set<String> items = new LinkedHashSet<>();
        if (!body.isEmpty()) {
            for (String part : body.split(",", -1)) {
                String item = part.trim();
                if (item.isEmpty()) {
                    throw error(fragment, "set has an empty item");
                }
                if (item.chars().anyMatch(c -> "[]{}".indexOf(c) >= 0)) {
                    throw error(fragment, "set item '" + item + "' contains a bracket");
                }
                if (!items.add(item)) {
                    throw error(fragment, "set item '" + item + "' appears more than once");
                }
            }
        }
        return Value.Set.newBuilder().addAllItem(items).build();
    }

    private static IllegalArgumentException error(String fragment, String reason) {
        return new IllegalArgumentException("invalid resource '" + fragment + "': " + reason);
    }
}
