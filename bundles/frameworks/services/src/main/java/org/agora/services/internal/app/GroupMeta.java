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
import java.util.Objects;

/**
 * What a group has of its own, beyond the apps under it: its {@code dependencies} (absolute ids of apps or groups
 * every app of the group starts after) and the versions it was changed at. Groups that only hold apps need none:
 * they are implied by the app ids ({@code /a/b/app} makes {@code /a} and {@code /a/b}).
 *
 * @param id           the group's absolute id
 * @param dependencies absolute ids of apps or groups
 * @param versions     the versions of the group's changes, oldest first, at most {@link #MAX_VERSIONS}
 */
public record GroupMeta(String id, List<String> dependencies, List<String> versions) {

    /** Versions kept per group. */
    public static final int MAX_VERSIONS = 25;

    public GroupMeta {
        Objects.requireNonNull(id, "id");
        dependencies = List.copyOf(dependencies);
        versions = List.copyOf(versions);
    }

    /** This group changed at {@code version}, its dependencies now {@code newDependencies}. */
    public GroupMeta changed(List<String> newDependencies, String version) {
        List<String> v = new ArrayList<>(versions);
        v.add(version);
        while (v.size() > MAX_VERSIONS) {
            v.remove(0);
        }
        return new GroupMeta(id, newDependencies, v);
    }

    /** The version of the group's last change; empty before any. */
    public String version() {
        return versions.isEmpty() ? "" : versions.get(versions.size() - 1);
    }
}
