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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is wrong with an app definition, by JSON path ({@code /instances}, {@code /constraints(0)}), in the order
 * found; becomes Marathon's 422 {@code details}. Not thread-safe: one per validation.
 */
public final class Violations {
    private final Map<String, List<String>> byPath = new LinkedHashMap<>();

    /** Records that the value at {@code path} is wrong for {@code reason}. */
    public void add(String path, String reason) {
        byPath.computeIfAbsent(path, p -> new ArrayList<>()).add(reason);
    }

    public boolean isEmpty() {
        return byPath.isEmpty();
    }

    /** Marathon's {@code details}: {@code [{"path": "/instances", "errors": ["..."]}]}. */
    public List<Map<String, Object>> details() {
        List<Map<String, Object>> out = new ArrayList<>();
        byPath.forEach((path, errors) -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("path", path);
            d.put("errors", List.copyOf(errors));
            out.add(d);
        });
        return out;
    }

    /** @throws InvalidAppException if anything was recorded */
    public void throwIfAny() {
        if (!isEmpty()) {
            throw new InvalidAppException(this);
        }
    }

    @Override
    public String toString() {
        return byPath.toString();
    }
}
