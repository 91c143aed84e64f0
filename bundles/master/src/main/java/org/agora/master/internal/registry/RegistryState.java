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
 * @param gone agent id to the time the operator marked it gone
 */
public record RegistryState(List<AgentInfo> admitted, Map<String, Instant> unreachable, Map<String, Instant> gone) {

    public RegistryState {
        admitted = List.copyOf(admitted);
        unreachable = Map.copyOf(unreachable);
        gone = Map.copyOf(gone);
    }

    public RegistryState(List<AgentInfo> admitted, Map<String, Instant> unreachable) {
        this(admitted, unreachable, Map.of());
    }
}
