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

import com.google.protobuf.MessageOrBuilder;
import java.util.Map;
import java.util.Optional;

/**
 * Writes plain Java values as compact JSON, for endpoints whose shape is not a protobuf message (Mesos's v0
 * {@code /master/state}): maps (keys as strings, in iteration order), iterables, strings, numbers, booleans, null,
 * {@link Optional} (empty is null) and protobuf messages, which are written as Mesos writes them (with explicit
 * defaults, see {@link ProtoJson#printWithExplicitDefaults}).
 */
public final class Json {
    private Json() {
    }

    /**
     * @throws IllegalArgumentException for a value of any other type, naming it
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(1024);
        JsonWriter w = new JsonWriter(out);
        write(w, value);
        return out.toString();
    }

    static void write(JsonWriter w, Object value) {
        if (value == null) {
            w.nullValue();
        } else if (value instanceof String s) {
            w.value(s);
        } else if (value instanceof Boolean b) {
            w.value(b);
        } else if (value instanceof Double || value instanceof Float) {
            w.value(((Number) value).doubleValue());
        } else if (value instanceof Number n) {
            w.value(n.longValue());
        } else if (value instanceof MessageOrBuilder m) {
            new MessagePrinter(w, true).print(m);
        } else if (value instanceof Map<?, ?> map) {
            w.beginObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                w.name(String.valueOf(e.getKey()));
                write(w, e.getValue());
            }
            w.endObject();
        } else if (value instanceof Iterable<?> items) {
            w.beginArray();
            for (Object item : items) {
                write(w, item);
            }
            w.endArray();
        } else if (value instanceof Optional<?> o) {
            write(w, o.orElse(null));
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }
}
