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
package org.agora.master.internal.agent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentInfo;

/** One agent as the master sees it at one instant. */
public record AgentSnapshot(AgentInfo info, AgentState state, boolean connected, Resources total,
        Instant registeredTime, Optional<Instant> reregisteredTime, Optional<Instant> unreachableTime,
        String version, List<AgentInfo.Capability> capabilities, boolean deactivated,
        Optional<org.agora.api.v1.Protos.DrainInfo> drain) {

    public String id() {
        return info.getId().getValue();
    }

    /** The same agent with another total (the master applies dynamic reservations to what the agent reports). */
    public AgentSnapshot withTotal(Resources newTotal) {
        return new AgentSnapshot(info, state, connected, newTotal, registeredTime, reregisteredTime, unreachableTime,
                version, capabilities, deactivated, drain);
    }
}
