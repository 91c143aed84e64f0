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
package org.agora.api.config;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a component's raw configuration properties into an instance of its configuration annotation, as DS does,
 * but with errors an operator can act on: {@code "org.agora.master: port=abc is not a whole number"} instead of a
 * bare {@code NumberFormatException}. Keys follow DS's mapping of method names ({@code agent_heartbeat_ms} is
 * {@code agent.heartbeat.ms}); a missing key takes the method's default.
 */
public final class TypedConfig {
    private TypedConfig() {
    }

    /**
     * @throws IllegalArgumentException naming the PID, the key, the value and what was expected
     */
    public static <A> A read(Class<A> type, String pid, Map<String, ?> properties) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Method m : type.getDeclaredMethods()) {
            String key = m.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
            Object raw = properties.get(key);
            values.put(m.getName(), raw == null ? m.getDefaultValue() : convert(pid, key, raw, m.getReturnType()));
        }
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (m.getName().equals("annotationType")) {
                return type;
            }
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "toString" -> pid + values;
                    case "hashCode" -> values.hashCode();
                    default -> proxy == args[0];
                };
            }
            return values.get(m.getName());
        }));
    }

    private static Object convert(String pid, String key, Object raw, Class<?> target) {
        String text = String.valueOf(raw).trim();
        try {
            if (target == String.class) {
                return String.valueOf(raw);
            }
            if (target == int.class) {
                return raw instanceof Number n ? n.intValue() : Integer.parseInt(text);
            }
            if (target == long.class) {
                return raw instanceof Number n ? n.longValue() : Long.parseLong(text);
            }
            if (target == double.class) {
                return raw instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
            }
            if (target == boolean.class) {
                if (raw instanceof Boolean b) {
                    return b;
                }
                if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(text);
                }
                throw new IllegalArgumentException(pid + ": " + key + "=" + text + " is not true or false");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(pid + ": " + key + "=" + text + " is not a "
                    + (target == double.class ? "number" : "whole number"), e);
        }
        throw new IllegalArgumentException(pid + ": " + key + " has a type this reader does not know: " + target);
    }
}
