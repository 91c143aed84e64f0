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
package org.agora.master.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.allocator.Allocator;

/**
 * An allocator service and its registration properties.
 *
 * @param allocator the service
 * @param ranking its {@code service.ranking} (0 when absent)
 * @param serviceId its {@code service.id} (older services win ties, as OSGi orders them)
 */
public record AllocatorService(Allocator allocator, int ranking, long serviceId) {

    AllocatorService(Allocator allocator, Map<String, Object> properties) {
        this(allocator, properties.get("service.ranking") instanceof Integer r ? r : 0,
                properties.get("service.id") instanceof Long id ? id : Long.MAX_VALUE);
    }

    public String name() {
        return allocator.name();
    }

    /** The allocator named {@code name} if there is one, else the best ranked (highest ranking, then oldest). */
    static Optional<Allocator> choose(List<AllocatorService> services, String name) {
        Optional<AllocatorService> named = services.stream().filter(s -> s.name().equals(name)).findFirst();
        return named.or(() -> services.stream().min(Comparator.comparingInt(AllocatorService::ranking).reversed()
                .thenComparingLong(AllocatorService::serviceId))).map(AllocatorService::allocator);
    }
}
