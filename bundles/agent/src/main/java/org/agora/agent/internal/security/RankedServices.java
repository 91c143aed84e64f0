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
package org.agora.agent.internal.security;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The services of one kind DS has bound (Authenticators, Authorizers), and the choice among them by name, as the
 * master chooses its allocator. Unlike the allocator choice, a name that is configured but not installed never falls
 * back to another service: a security service stands in for no other. Thread-safe; read on every request.
 */
final class RankedServices<T> {
    private record Bound<T>(T service, String name, int ranking, long serviceId) {
    }

    private final List<Bound<T>> bound = new CopyOnWriteArrayList<>();
    private final Function<T, String> nameOf;

    RankedServices(Function<T, String> nameOf) {
        this.nameOf = nameOf;
    }

    void add(T service, Map<String, ?> properties) {
        bound.removeIf(b -> b.service() == service);
        bound.add(new Bound<>(service, nameOf.apply(service),
                properties.get("service.ranking") instanceof Integer r ? r : 0,
                properties.get("service.id") instanceof Long id ? id : Long.MAX_VALUE));
    }

    void remove(T service) {
        bound.removeIf(b -> b.service() == service);
    }

    /**
     * @param name the configured name; empty takes the best ranked (highest ranking, then the oldest service)
     * @return the service named, or the best ranked; empty when there is none (or none of that name)
     */
    Optional<T> choose(String name) {
        if (!name.isEmpty()) {
            return bound.stream().filter(b -> b.name().equals(name)).findFirst().map(Bound::service);
        }
        return bound.stream().min(Comparator.comparingInt((Bound<T> b) -> b.ranking()).reversed()
                .thenComparingLong(Bound::serviceId)).map(Bound::service);
    }

    /** The names of the services bound, for messages. */
    List<String> names() {
        return bound.stream().map(Bound::name).toList();
    }
}
