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
package org.agora.isolator.network.cni.internal;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.agora.api.json.JsonParseException;
import org.agora.api.json.JsonTree;

/**
 * One CNI network as its configuration file defines it (CNI spec 0.4.0 / 1.0.0): a {@code .conflist} names a chain
 * of plugins ({@code {"cniVersion", "name", "plugins": [{"type": ...}, ...]}}); a {@code .conf} or {@code .json} is
 * a single plugin's configuration, {@code name} and {@code cniVersion} beside its {@code type}.
 *
 * @param name the network's name, what {@code NetworkInfo.name} refers to
 * @param cniVersion the CNI version the configuration is written for
 * @param plugins each plugin's configuration, in the order ADD runs them
 * @param list whether the file is a list (plugins get {@code name}, {@code cniVersion} and {@code prevResult}
 *     inserted) or a single plugin's configuration (given to it as it is)
 * @param source the file it came from
 */
record CniNetwork(String name, String cniVersion, List<Map<String, Object>> plugins, boolean list, Path source) {
    /** What a plugin's type may be: a program name in the plugin directories, never a path. */
    private static final Pattern PLUGIN_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    CniNetwork {
        plugins = List.copyOf(plugins);
    }

    /**
     * Reads a configuration file's text.
     *
     * @throws CniException naming the file and what is wrong: not JSON, no name or cniVersion, no plugins, a plugin
     *     without a type or whose type is a path
     */
    static CniNetwork parse(Path source, String text) {
        Object doc;
        try {
            doc = JsonTree.parse(text);
        } catch (JsonParseException e) {
            throw new CniException("CNI configuration " + source + " is not JSON: " + e.getMessage(), e);
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new CniException("CNI configuration " + source + " is " + JsonTree.kindOf(doc) + ", not an object");
        }
        Map<String, Object> top = plain(map);
        String name = text(source, top, "name");
        String version = text(source, top, "cniVersion");
        boolean list = source.getFileName().toString().endsWith(".conflist") || top.containsKey("plugins");
        List<Map<String, Object>> plugins = new ArrayList<>();
        if (list) {
            if (!(top.get("plugins") instanceof List<?> items) || items.isEmpty()) {
                throw new CniException("CNI configuration " + source + " (network '" + name + "') has no 'plugins'");
            }
            for (Object item : items) {
                if (!(item instanceof Map<?, ?> plugin)) {
                    throw new CniException("CNI configuration " + source + " (network '" + name + "'): a plugin is "
                            + JsonTree.kindOf(item) + ", not an object");
                }
                plugins.add(plain(plugin));
            }
        } else {
            plugins.add(top);
        }
        for (Map<String, Object> plugin : plugins) {
            Object type = plugin.get("type");
            if (!(type instanceof String t) || !PLUGIN_TYPE.matcher(t).matches()) {
                throw new CniException("CNI configuration " + source + " (network '" + name + "'): a plugin's 'type' "
                        + (type == null ? "is missing" : "'" + type + "' is not a plugin's name"));
            }
        }
        return new CniNetwork(name, version, plugins, list, source);
    }

    /** The plugin's program name. */
    static String type(Map<String, Object> plugin) {
        return (String) plugin.get("type");
    }

    /** Whether the plugin declares the capability (CNI's {@code "capabilities": {"portMappings": true}}). */
    static boolean hasCapability(Map<String, Object> plugin, String capability) {
        return plugin.get("capabilities") instanceof Map<?, ?> caps && Boolean.TRUE.equals(caps.get(capability));
    }

    /** Whether this network's version passes DEL the ADD result as {@code prevResult} (0.4.0 and later). */
    boolean delGetsPrevResult() {
        String[] parts = cniVersion.split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > 0 || minor >= 4;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** The whole configuration again, as the isolator records it for a later DEL. */
    Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (list) {
            doc.put("cniVersion", cniVersion);
            doc.put("name", name);
            doc.put("plugins", plugins);
            return doc;
        }
        return plugins.get(0);
    }

    private static String text(Path source, Map<String, Object> top, String field) {
        Object value = top.get(field);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new CniException("CNI configuration " + source + " has no '" + field + "'"
                    + (value == null ? "" : " string (it is " + JsonTree.kindOf(value) + ")"));
        }
        return s;
    }

    /**
     * A parsed JSON object as unmodifiable plain values that {@link org.agora.api.json.Json} writes back unchanged:
     * JSON numbers become {@code Long} where they are whole, else {@code Double}.
     */
    static Map<String, Object> plain(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), plainValue(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static Object plainValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return plain(m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(item -> out.add(plainValue(item)));
            return java.util.Collections.unmodifiableList(out);
        }
        if (v instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                return d.doubleValue();
            }
        }
        return v;
    }
}
