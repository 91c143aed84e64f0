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

import java.util.Comparator;

/**
 * Something the DRF sorter orders: a role (with its sub-roles), a role's own frameworks taken together (the
 * "virtual leaf" Mesos's hierarchical sorter uses when a role has both frameworks and sub-roles), or one framework in
 * one role. Ordered by weighted dominant share, then by name, so that ties always break the same way.
 *
 * <p>{@link #share} is what the entry's set was sorted by: it changes only while the entry is out of its set (see
 * {@link RoleTree}).
 */
abstract class SortEntry {
    static final Comparator<SortEntry> ORDER = (a, b) -> {
        int c = Double.compare(a.share, b.share);
        return c != 0 ? c : a.name.compareTo(b.name);
    };

    final String name;
    double share;
    /** In its parent's set of entries with something to offer to. */
    boolean sorted;

    SortEntry(String name) {
        this.name = name;
    }

    /** What is allocated to the entry, by scalar-name number. */
    abstract Quantities allocation();

    abstract double weight();

    @Override
    public String toString() {
        return name;
    }
}
