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

/** The master's mutable record of one agent; touched only on the master's actor thread. */
final class AgentRecord {
    AgentInfo info;
    AgentState state = AgentState.ACTIVE;
    AgentLink link;
    final Instant registeredTime;
    Instant reregisteredTime;
    Instant unreachableTime;
    long lastHeardNanos;
    String version;
    /** The operator deactivated it (DEACTIVATE_AGENT or DRAIN_AGENT): no new offers. */
    boolean deactivated;
    /** Set while the operator drains it. */
    org.agora.api.v1.Protos.DrainInfo drain;
    /** The address the agent's channel comes from: what offers advertise. */
    String ip = "";
    List<AgentInfo.Capability> capabilities;

    AgentRecord(AgentInfo info, AgentLink link, Instant registeredTime, long nowNanos, String version,
            List<AgentInfo.Capability> capabilities) {
        this.info = info;
        this.link = link;
        this.registeredTime = registeredTime;
        this.version = version;
        this.capabilities = List.copyOf(capabilities);
        this.lastHeardNanos = nowNanos;
    }

    String id() {
        return info.getId().getValue();
    }

    AgentSnapshot snapshot() {
        return new AgentSnapshot(info, state, link != null, Resources.of(info.getResourcesList()), registeredTime,
                Optional.ofNullable(reregisteredTime), Optional.ofNullable(unreachableTime), version, capabilities,
                deactivated, Optional.ofNullable(drain));
    }
}
