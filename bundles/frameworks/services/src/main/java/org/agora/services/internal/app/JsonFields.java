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
package org.agora.services.internal.app;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of one JSON object (as {@link org.agora.api.json.JsonTree} parses it) that record a wrong type as a
 * {@link Violations} entry at the field's path instead of failing, so that a 422 names every bad field at once.
 */
final class JsonFields {
    private final Map<String, Object> object;
    private final String base;
    private final Violations violations;

    JsonFields(Map<String, Object> object, String base, Violations violations) {
        this.object = object;
        this.base = base;
        this.violations = violations;
    }

    String path(String key) {
        return base + "/" + key;
    }

    boolean has(String key) {
        return object.get(key) != null;
    }

    Optional<String> string(String key) {
        Object v = object.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s) {
            return Optional.of(s);
        }
        violations.add(path(key), "error.expected.jsstring");
        return Optional.empty();
    }

    Optional<BigDecimal> number(String key) {
        Object v = object.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof BigDecimal n) {
            return Optional.of(n);
        }
        // a rendered definition merged with a partial update holds Java numbers
        if (v instanceof Double || v instanceof Float) {
            return Optional.of(BigDecimal.valueOf(((Number) v).doubleValue()));
        }
        if (v instanceof Number n) {
            return Optional.of(BigDecimal.valueOf(n.longValue()));
        }
        violations.add(path(key), "error.expected.jsnumber");
        return Optional.empty();
    }

    double decimal(String key, double fallback) {
        return number(key).map(BigDecimal::doubleValue).orElse(fallback);
    }

    int integer(String key, int fallback) {
        Optional<BigDecimal> n = number(key);
        if (n.isEmpty()) {
            return fallback;
        }
        try {
            return n.get().intValueExact();
        } catch (ArithmeticException e) {
            violations.add(path(key), "error.expected.int");
            return fallback;
        }
    }

    boolean bool(String key, boolean fallback) {
        Object v = object.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        violations.add(path(key), "error.expected.jsboolean");
        return fallback;
    }

    Optional<Map<String, Object>> object(String key) {
        Object v = object.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) m;
            return Optional.of(typed);
        }
        violations.add(path(key), "error.expected.jsobject");
        return Optional.empty();
    }

    List<Object> array(String key) {
        Object v = object.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        violations.add(path(key), "error.expected.jsarray");
        return List.of();
    }

    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        List<Object> items = array(key);
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof String s) {
                out.add(s);
            } else {
                violations.add(path(key) + "(" + i + ")", "error.expected.jsstring");
            }
        }
        return out;
    }

    /** An object of string values ({@code env}, {@code labels}). */
    Map<String, String> stringMap(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        object(key).ifPresent(m -> m.forEach((name, value) -> {
            if (value instanceof String s) {
                out.put(name, s);
            } else {
                violations.add(path(key) + "/" + name, "error.expected.jsstring");
            }
        }));
        return out;
    }

    /** A nested object's fields, read with the same violations. */
    JsonFields nested(Map<String, Object> child, String childPath) {
        return new JsonFields(child, childPath, violations);
    }

    Violations violations() {
        return violations;
    }
}
