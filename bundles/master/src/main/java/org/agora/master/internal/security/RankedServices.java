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
package org.agora.master.internal.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The services of one kind that DS currently gives the master, with their ranking, and the one in use: the one named
 * by the operator's option, or the best ranked when the option is empty. A named service that is not installed is
 * not replaced by another: for security a missing choice means "refuse", never "something else". Thread-safe.
 */
public final class RankedServices<T> {
    private record Entry<T>(T service, int ranking, long serviceId) {
    }

    private final List<Entry<T>> services = new ArrayList<>();
    private final Function<T, String> nameOf;
    private final String chosen;
    /**
     * The choice, made again whenever a service comes or goes: {@link #current} is asked for every request's
     * authentication and every authorization decision, so it costs a volatile read, not a sort of the services.
     */
    private volatile Optional<T> current = Optional.empty();

    /**
     * @param nameOf how a service says its name
     * @param chosen the operator's choice; empty for the best ranked
     */
    public RankedServices(Function<T, String> nameOf, String chosen) {
        this.nameOf = nameOf;
        this.chosen = chosen;
    }

    public synchronized void add(T service, Map<String, Object> properties) {
        services.add(new Entry<>(service, properties.get("service.ranking") instanceof Integer r ? r : 0,
                properties.get("service.id") instanceof Long id ? id : Long.MAX_VALUE));
        current = choose();
    }

    public synchronized void remove(T service) {
        services.removeIf(e -> e.service() == service);
        current = choose();
    }

    /** The service in use now, if there is one. */
    public Optional<T> current() {
        return current;
    }

    private Optional<T> choose() {
        if (!chosen.isEmpty()) {
            return services.stream().map(Entry::service).filter(s -> nameOf.apply(s).equals(chosen)).findFirst();
        }
        return services.stream().min(Comparator.<Entry<T>>comparingInt(Entry::ranking).reversed()
                .thenComparingLong(Entry::serviceId)).map(Entry::service);
    }

    /** What an operator should read when the choice is missing. */
    public String describeChoice() {
        return chosen.isEmpty() ? "any installed" : "'" + chosen + "'";
    }
}
