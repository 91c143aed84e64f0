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
package org.agora.images.internal.store;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;
import org.agora.api.image.ImageException;
import org.agora.api.image.ImageException.Reason;
import org.agora.api.v1.Protos.ContainerID;

/**
 * A container's directory name: its id's values from the top-level container down, joined by {@code +} (which no
 * value may hold, and which overlay's option string does not treat specially, unlike {@code :} and {@code ,}).
 */
final class ContainerKeys {
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private ContainerKeys() {
    }

    static String of(ContainerID id) {
        Deque<String> parts = new ArrayDeque<>();
        for (ContainerID c = id; c != null; c = c.hasParent() ? c.getParent() : null) {
            String v = c.getValue();
            if (!VALUE.matcher(v).matches() || v.equals(".") || v.equals("..")) {
                throw new ImageException(Reason.INVALID_REQUEST, "container id '" + v + "' is not usable as a "
                        + "directory name (letters, digits, '.', '_', '-', at most 128)");
            }
            parts.addFirst(v);
        }
        return String.join("+", parts);
    }

    /** Whether {@code key} is the key of an id nested (at any depth) under the id whose key is {@code ancestor}. */
    static boolean isNestedUnder(String key, String ancestor) {
        return key.startsWith(ancestor + "+");
    }

    static ContainerID parse(String key) {
        ContainerID id = null;
        for (String part : key.split("\\+")) {
            ContainerID.Builder b = ContainerID.newBuilder().setValue(part);
            if (id != null) {
                b.setParent(id);
            }
            id = b.build();
        }
        return id;
    }
}
