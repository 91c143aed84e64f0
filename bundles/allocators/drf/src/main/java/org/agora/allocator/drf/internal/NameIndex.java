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
package org.agora.allocator.drf.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resource names numbered in the order they are first seen, so that quantities can live in arrays indexed by name
 * ({@code cpus} is usually 0). One index for scalar names, one for range names.
 */
final class NameIndex {
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    /** The number of {@code name}, numbering it if it is new. */
    int of(String name) {
        Integer i = index.get(name);
        if (i != null) {
            return i;
        }
        int next = names.size();
        index.put(name, next);
        names.add(name);
        return next;
    }

    /** The number of {@code name}, or -1 when it was never seen. */
    int find(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    String name(int i) {
        return names.get(i);
    }

    int size() {
        return names.size();
    }
}
