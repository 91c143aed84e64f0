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

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Marathon's path ids: absolute, {@code /} separated, each segment lower-case letters, digits, {@code -} and
 * {@code .} (a segment neither starts nor ends with {@code -}). Empty segments are dropped, so {@code //group/app},
 * {@code group/app} and {@code /group/app/} are the same id {@code /group/app}.
 */
public final class AppIds {
    private static final Pattern SEGMENT =
            Pattern.compile("^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])$");

    private AppIds() {
    }

    /** The canonical form of {@code raw}: a leading slash, no empty segments, no trailing slash. */
    public static String normalize(String raw) {
        List<String> segments = new ArrayList<>();
        for (String s : raw.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        return "/" + String.join("/", segments);
    }

    /** Why {@code id} (canonical) is not a valid app id, or empty if it is. */
    public static Optional<String> problem(String id) {
        if ("/".equals(id)) {
            return Optional.of("the root group is not an app id");
        }
        for (String s : id.substring(1).split("/")) {
            if (!SEGMENT.matcher(s).matches()) {
                return Optional.of("must fully match regular expression '" + SEGMENT.pattern() + "' (segment '"
                        + s + "')");
            }
        }
        return Optional.empty();
    }

    /** The group an id belongs to: {@code /a/b/c} is in {@code /a/b}; {@code /a} (and {@code /}) in {@code /}. */
    public static String parent(String id) {
        int slash = id.lastIndexOf('/');
        return slash <= 0 ? "/" : id.substring(0, slash);
    }

    /**
     * {@code ref} resolved against the group {@code base}, as Marathon resolves relative ids: an absolute
     * {@code ref} stands as it is; otherwise its segments follow {@code base}'s, {@code ..} going up one
     * (never above the root) and {@code .} staying.
     */
    public static String resolve(String base, String ref) {
        List<String> segments = new ArrayList<>();
        if (!ref.startsWith("/")) {
            for (String s : base.split("/")) {
                if (!s.isEmpty()) {
                    segments.add(s);
                }
            }
        }
        for (String s : ref.split("/")) {
            if (s.isEmpty() || ".".equals(s)) {
                continue;
            }
            if ("..".equals(s)) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else {
                segments.add(s);
            }
        }
        return "/" + String.join("/", segments);
    }

    /** True if {@code id} is {@code group} or lies under it. */
    public static boolean within(String id, String group) {
        return "/".equals(group) || id.equals(group) || id.startsWith(group + "/");
    }

    /** The id as a task id prefix: {@code /group/app} becomes {@code group_app}, as Marathon's task ids start. */
    public static String taskPrefix(String id) {
        return id.substring(1).replace('/', '_');
    }

    /** The id as one znode name: {@code /group/app} becomes {@code group%2Fapp}. */
    public static String znodeName(String id) {
        return id.substring(1).replace("%", "%25").replace("/", "%2F");
    }
}
