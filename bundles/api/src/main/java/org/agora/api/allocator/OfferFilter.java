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
package org.agora.api.allocator;

import java.time.Duration;
import java.util.Objects;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.FrameworkID;

/**
 * A framework's refusal of resources on one agent (a DECLINE, or the unused part of an ACCEPT, with
 * {@code refuse_seconds}): while it lasts the framework is not offered resources of that agent that {@code refused}
 * contains, for the role they were allocated to. Carried from one allocator to its replacement (see
 * {@link Allocator#offerFilters()} and {@link Allocator#addOfferFilter}).
 *
 * @param frameworkId who refused
 * @param agentId where
 * @param refused what, as it was offered (carrying {@code allocation_info.role})
 * @param remaining how long the filter still holds; positive
 */
public record OfferFilter(FrameworkID frameworkId, AgentID agentId, Resources refused, Duration remaining) {

    /** @throws IllegalArgumentException if {@code remaining} is not positive */
    public OfferFilter {
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(refused, "refused");
        if (remaining.isNegative() || remaining.isZero()) {
            throw new IllegalArgumentException("offer filter of framework " + frameworkId.getValue() + " on agent "
                    + agentId.getValue() + ": remaining time " + remaining + " is not positive");
        }
    }
}
