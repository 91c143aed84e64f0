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
package org.agora.images.internal.manifest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agora.api.image.ImageException;
import org.agora.api.image.ImageException.Reason;
import org.agora.api.json.JsonParseException;
import org.agora.api.json.JsonTree;

/** Typed access to a parsed JSON document of an image, with errors that name the document ({@code what}). */
final class JsonValues {
    private final String what;

    JsonValues(String what) {
        this.what = what;
    }

    Map<String, Object> object(byte[] bytes) {
        Object value;
        try {
            value = JsonTree.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw invalid("is not JSON: " + e.getMessage());
        }
        if (!(value instanceof Map<?, ?>)) {
            throw invalid("is not a JSON object");
        }
        return cast(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }

    Map<String, Object> object(Map<String, Object> in, String key, boolean required) {
        Object v = in.get(key);
        if (v == null) {
            if (required) {
                throw invalid("has no '" + key + "'");
            }
            return Map.of();
        }
        if (!(v instanceof Map<?, ?>)) {
            throw invalid("'" + key + "' is not an object");
        }
        return cast(v);
    }

    List<Map<String, Object>> objects(Map<String, Object> in, String key, boolean required) {
        Object v = in.get(key);
        if (v == null) {
            if (required) {
                throw invalid("has no '" + key + "'");
            }
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw invalid("'" + key + "' is not an array");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?>)) {
                throw invalid("'" + key + "' holds something that is not an object");
            }
            out.add(cast(o));
        }
        return out;
    }

    /** A string array; absent or null is empty. */
    List<String> strings(Map<String, Object> in, String key) {
        Object v = in.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return List.of(s); // Docker accepts a lone string for Cmd and Entrypoint in some writers
        }
        if (!(v instanceof List<?> list)) {
            throw invalid("'" + key + "' is not an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw invalid("'" + key + "' holds something that is not a string");
            }
            out.add(s);
        }
        return out;
    }

    String string(Map<String, Object> in, String key, boolean required) {
        Object v = in.get(key);
        if (v == null) {
            if (required) {
                throw invalid("has no '" + key + "'");
            }
            return "";
        }
        if (!(v instanceof String s)) {
            throw invalid("'" + key + "' is not a string");
        }
        return s;
    }

    long number(Map<String, Object> in, String key) {
        Object v = in.get(key);
        if (v == null) {
            return -1;
        }
        if (!(v instanceof BigDecimal n)) {
            throw invalid("'" + key + "' is not a number");
        }
        try {
            return n.longValueExact();
        } catch (ArithmeticException e) {
            throw invalid("'" + key + "' is not a whole number");
        }
    }

    ImageException invalid(String why) {
        return new ImageException(Reason.INVALID_IMAGE, what + " " + why);
    }
}
