package org.agora.master.internal.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.agora.api.v1.Protos.AgentInfo;

/**
 * What the registry holds.
 *
 * @param admitted every admitted agent, reachable or not
 * @param unreachable agent id to the time it became unreachable
 */
public record RegistryState(List<AgentInfo> admitted, Map<String, Instant> unreachable) {

    public RegistryState {
        admitted = List.copyOf(admitted);
        unreachable = Map.copyOf(unreachable);
    }
}
