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
package org.agora.api.hook;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Hooks ({@link MasterHook}, {@link AgentHook}) in the order they run: {@code service.ranking} highest first, ties
 * broken by {@code service.id} (the older service first), as OSGi orders services. The master and the agent keep the
 * hooks DS binds in one of these. A read-only list view that DS threads change (bind, unbind, a changed ranking)
 * while an actor iterates it: an iteration sees one snapshot, and {@link #bind} and {@link #unbind} never block it.
 *
 * @param <T> the hook type
 * @since 1.1
 */
public final class RankedHooks<T> extends AbstractList<T> {
    private record Entry<T>(T hook, int ranking, long serviceId) {
    }

    private static final Comparator<Entry<?>> ORDER = Comparator.<Entry<?>>comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private volatile List<Entry<T>> entries = List.of();

    /** Adds {@code hook} with its service properties, or moves it where its (changed) ranking puts it. */
    public synchronized void bind(T hook, Map<String, ?> properties) {
        List<Entry<T>> next = new ArrayList<>(entries);
        next.removeIf(e -> e.hook() == hook);
        next.add(new Entry<>(hook, properties.get("service.ranking") instanceof Integer r ? r : 0,
                properties.get("service.id") instanceof Long id ? id : Long.MAX_VALUE));
        next.sort(ORDER);
        entries = List.copyOf(next);
    }

    /** Removes {@code hook}; one that is not here is ignored. */
    public synchronized void unbind(T hook) {
        List<Entry<T>> next = new ArrayList<>(entries);
        next.removeIf(e -> e.hook() == hook);
        entries = List.copyOf(next);
    }

    @Override
    public T get(int index) {
        return entries.get(index).hook();
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public Iterator<T> iterator() {
        Iterator<Entry<T>> snapshot = entries.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return snapshot.hasNext();
            }

            @Override
            public T next() {
                return snapshot.next().hook();
            }
        };
    }
}
