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
package org.agora.security.acl.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.agora.api.json.JsonParseException;
import org.agora.api.json.JsonTree;
import org.agora.api.security.Action;
import org.agora.security.acl.internal.AclKind.Objects;

/**
 * Reads Mesos's ACL JSON (the {@code --acls} format, {@code ACLs} in {@code acls.proto}):
 * <pre>
 * {"permissive": false,
 *  "register_frameworks": [{"principals": {"values": ["marathon"]}, "roles": {"values": ["web", "eng/%"]}}],
 *  "run_tasks": [{"principals": {"type": "ANY"}, "users": {"values": ["nobody"]}}]}
 * </pre>
 * Stricter than Mesos, which ignores names it does not know (its own TODO notes that a misspelled action can open
 * access): every name must be one of the format's. Also refused: an entity with no values and no type (it would
 * never match), values next to type ANY or NONE (Mesos ignores them, except that one ending in {@code /%} makes the
 * ACL recursive), and a type other than SOME, ANY, NONE. Mesos's own checks are kept: actions with an implicit
 * object take only ANY or NONE objects, and {@code get_endpoints} paths must be authorizable ones.
 */
final class AclParser {
    /**
     * The paths whose GET Mesos authorizes with {@code get_endpoints} ({@code AUTHORIZABLE_ENDPOINTS}), and Agora's
     * {@code /metrics/prometheus} beside {@code /metrics/snapshot}. An ACL for any other path could never apply.
     */
    static final Set<String> AUTHORIZABLE_PATHS = Set.of("/containers", "/containerizer/debug", "/files/debug",
            "/logging/toggle", "/metrics/snapshot", "/metrics/prometheus", "/monitor/statistics");

    private final String source;

    private AclParser(String source) {
        this.source = source;
    }

    /**
     * @param source how errors name where the text came from: {@code "ACL file /etc/agora/acls.json"}
     * @throws AclException naming {@code source}, the place and the problem
     */
    static Acls parse(String source, String text) {
        return new AclParser(source).parse(text);
    }

    private Acls parse(String text) {
        if (text.isBlank()) {
            throw new AclException(source + ": is empty; an ACL document is a JSON object such as "
                    + "{\"permissive\": false, \"run_tasks\": [...]}");
        }
        Object tree;
        try {
            tree = JsonTree.parse(text);
        } catch (JsonParseException e) {
            throw new AclException(source + ": is not valid JSON: " + e.getMessage(), e);
        }
        if (!(tree instanceof Map<?, ?> top)) {
            throw problem("", "expected a JSON object of ACL lists, found " + JsonTree.kindOf(tree));
        }
        boolean permissive = true; // Mesos's default
        Map<Action, List<Rule>> rules = new EnumMap<>(Action.class);
        EnumMap<AclKind, Integer> ignored = new EnumMap<>(AclKind.class);
        int count = 0;
        for (Map.Entry<?, ?> field : top.entrySet()) {
            String name = (String) field.getKey();
            if (name.equals("permissive")) {
                if (!(field.getValue() instanceof Boolean b)) {
                    throw problem("permissive", "expected true or false, found " + JsonTree.kindOf(field.getValue()));
                }
                permissive = b;
                continue;
            }
            AclKind kind = AclKind.byKey(name).orElseThrow(() -> problem(name, unknown(name)));
            List<Rule> list = list(kind, field.getValue());
            int written = field.getValue() instanceof List<?> l ? l.size() : 0;
            if (kind.action().isPresent()) {
                rules.put(kind.action().get(), list);
                count += written;
            } else {
                ignored.put(kind, written);
            }
        }
        return new Acls(permissive, rules, ignored, count);
    }

    private List<Rule> list(AclKind kind, Object value) {
        String at = kind.key();
        if (!(value instanceof List<?> entries)) {
            throw problem(at, "expected an array of ACLs, found " + JsonTree.kindOf(value));
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entryAt = at + "[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> acl)) {
                throw problem(entryAt, "expected an ACL object {\"principals\": {...}, \"" + kind.objectKey()
                        + "\": {...}}, found " + JsonTree.kindOf(entries.get(i)));
            }
            for (Object key : acl.keySet()) {
                if (!key.equals("principals") && !key.equals(kind.objectKey())) {
                    throw problem(entryAt, "unknown field '" + key + "'; " + at + " ACLs have 'principals' and '"
                            + kind.objectKey() + "'");
                }
            }
            Entity subjects = entity(entryAt + ".principals", acl, "principals");
            Entity objects = entity(entryAt + "." + kind.objectKey(), acl, kind.objectKey());
            checkObjects(kind, entryAt + "." + kind.objectKey(), objects);
            if (kind.objects() == Objects.ROLES) {
                split(subjects, objects, entryAt, rules);
            } else {
                rules.add(new Rule(subjects, objects, entryAt));
            }
        }
        return List.copyOf(rules);
    }

    /**
     * As Mesos's {@code createHierarchicalRoleACLs}: each recursive value ({@code eng/%}) becomes a rule of its
     * own, the plain values one more rule after them; all from one ACL, so their order does not change a decision.
     */
    private static void split(Entity subjects, Entity objects, String from, List<Rule> rules) {
        if (objects.type() != Entity.Type.SOME) {
            rules.add(new Rule(subjects, objects, from));
            return;
        }
        List<String> plain = new ArrayList<>();
        for (String role : objects.values()) {
            if (role.endsWith("/%")) {
                rules.add(new Rule(subjects, Entity.some(role), from));
            } else {
                plain.add(role);
            }
        }
        if (!plain.isEmpty()) {
            rules.add(new Rule(subjects, Entity.some(plain), from));
        }
    }

    private Entity entity(String at, Map<?, ?> acl, String field) {
        if (!acl.containsKey(field)) {
            throw problem(at, "missing; write {\"values\": [...]}, {\"type\": \"ANY\"} or {\"type\": \"NONE\"}");
        }
        if (!(acl.get(field) instanceof Map<?, ?> entity)) {
            throw problem(at, "expected an object such as {\"values\": [...]} or {\"type\": \"ANY\"}, found "
                    + JsonTree.kindOf(acl.get(field)));
        }
        for (Object key : entity.keySet()) {
            if (!key.equals("type") && !key.equals("values")) {
                throw problem(at, "unknown field '" + key + "'; an entity has 'type' and 'values'");
            }
        }
        Entity.Type type = Entity.Type.SOME; // Mesos's default
        if (entity.containsKey("type")) {
            Object t = entity.get("type");
            if (!(t instanceof String name)
                    || Arrays.stream(Entity.Type.values()).noneMatch(v -> v.name().equals(name))) {
                throw problem(at + ".type", "expected \"SOME\", \"ANY\" or \"NONE\", found "
                        + (t instanceof String name ? "'" + name + "'" : JsonTree.kindOf(t)));
            }
            type = Entity.Type.valueOf(name);
        }
        List<String> values = new ArrayList<>();
        if (entity.containsKey("values")) {
            if (!(entity.get("values") instanceof List<?> list)) {
                throw problem(at + ".values", "expected an array of strings, found "
                        + JsonTree.kindOf(entity.get("values")));
            }
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String value)) {
                    throw problem(at + ".values[" + i + "]", "expected a string, found "
                            + JsonTree.kindOf(list.get(i)));
                }
                values.add(value);
            }
        }
        if (type != Entity.Type.SOME && !values.isEmpty()) {
            throw problem(at, "has values and type " + type + "; give either values or a type ANY or NONE");
        }
        if (type == Entity.Type.SOME && values.isEmpty()) {
            throw problem(at, "has no values, so it would never match; give values, or a type ANY or NONE");
        }
        return switch (type) {
            case ANY -> Entity.ANY;
            case NONE -> Entity.NONE;
            case SOME -> Entity.some(values);
        };
    }

    private void checkObjects(AclKind kind, String at, Entity objects) {
        if (kind.objects() == Objects.IMPLICIT && objects.type() == Entity.Type.SOME) {
            throw problem(at, "must be {\"type\": \"ANY\"} or {\"type\": \"NONE\"}: the object of " + kind.key()
                    + " is implicit");
        }
        if (kind.objects() == Objects.PATHS) {
            for (String path : objects.values()) {
                if (!AUTHORIZABLE_PATHS.contains(path)) {
                    throw problem(at, "'" + path + "' is not an authorizable path; get_endpoints governs "
                            + new TreeSet<>(AUTHORIZABLE_PATHS));
                }
            }
        }
    }

    private String unknown(String name) {
        Optional<String> near = Arrays.stream(AclKind.values()).map(AclKind::key)
                .filter(k -> distance(k, name) <= 3).min(Comparator.comparingInt(k -> distance(k, name)));
        return "no such ACL list" + near.map(k -> "; did you mean '" + k + "'?").orElse("")
                + " (unknown names are refused: a misspelt one would leave its action to 'permissive')";
    }

    private AclException problem(String at, String what) {
        return new AclException(source + ": " + (at.isEmpty() ? "" : at + ": ") + what);
    }

    /** Levenshtein distance, for suggesting the name a typo meant. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
