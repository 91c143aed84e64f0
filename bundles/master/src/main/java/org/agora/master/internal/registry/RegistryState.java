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
package org.agora.master.internal.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.agora.api.registry.RegistryProtos.Maintenance;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.quota.Protos.QuotaConfig;

/**
 * What the registry holds.
 *
 * @param admitted every admitted agent, reachable or not
 * @param unreachable agent id to the time it became unreachable
 * @param gone agent id to the time the operator marked it gone
 * @param weights role to weight, as the operator set them
 * @param quotas every role quota the operator set
 * @param reservations agent id to the dynamic reservations on it
 * @param maintenance the maintenance schedule and the machines that are DOWN (empty when none was ever set)
 */
public record RegistryState(List<AgentInfo> admitted, Map<String, Instant> unreachable, Map<String, Instant> gone,
        Map<String, Double> weights, List<QuotaConfig> quotas, Map<String, List<Resource>> reservations,
        Maintenance maintenance) {

    public RegistryState {
        admitted = List.copyOf(admitted);
        unreachable = Map.copyOf(unreachable);
        gone = Map.copyOf(gone);
        weights = Map.copyOf(weights);
        quotas = List.copyOf(quotas);
        reservations = Map.copyOf(reservations);
        maintenance = maintenance == null ? Maintenance.getDefaultInstance() : maintenance;
    }

    public RegistryState(List<AgentInfo> admitted, Map<String, Instant> unreachable, Map<String, Instant> gone,
            Map<String, Double> weights, List<QuotaConfig> quotas, Map<String, List<Resource>> reservations) {
        this(admitted, unreachable, gone, weights, quotas, reservations, Maintenance.getDefaultInstance());
    }

    public RegistryState(List<AgentInfo> admitted, Map<String, Instant> unreachable, Map<String, Instant> gone) {
        this(admitted, unreachable, gone, Map.of(), List.of(), Map.of());
    }

    public RegistryState(List<AgentInfo> admitted, Map<String, Instant> unreachable) {
        this(admitted, unreachable, Map.of());
    }
}
