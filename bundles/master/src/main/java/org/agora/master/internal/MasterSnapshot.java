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

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.master.internal.agent.AgentSnapshot;

/**
 * The master's state at one instant, immutable, safe to read on any thread (state endpoints serialize it off the
 * actor thread so a large cluster's /master/state does not hold up offers).
 *
 * @param self this master
 * @param leading whether this master is the elected leader and has recovered the registry
 * @param leader the leader as last detected (this master when leading)
 * @param startTime when this master started
 * @param electedTime when it last became leader
 * @param agents agents registered with this master (active, disconnected or unreachable)
 * @param recoveredAgents agents admitted in the registry that have not re-registered since this master was elected
 * @param frameworks frameworks, and the bounded list of completed ones
 * @param offeredByAgent resources in outstanding offers, by agent id
 * @param allocator the active allocator's name ("none" without one)
 * @param allocatorMetrics the allocator's own figures
 * @param weights role weights the operator set
 * @param quotas role quotas the operator set
 * @param endedTasks how many tasks reached each terminal state while this master led (its last term; none while
 *     it follows), each task counted once
 */
public record MasterSnapshot(MasterInfo self, boolean leading, Optional<MasterInfo> leader, Instant startTime,
        Optional<Instant> electedTime, List<AgentSnapshot> agents, List<AgentInfo> recoveredAgents,
        FrameworkSnapshot.All frameworks, Map<String, Resources> offeredByAgent, String allocator,
        Map<String, Double> allocatorMetrics, Map<String, Double> weights,
        List<org.agora.api.v1.quota.Protos.QuotaConfig> quotas, Map<TaskState, Long> endedTasks) {

    /** A snapshot with no ended tasks counted (follower states, tests). */
    public MasterSnapshot(MasterInfo self, boolean leading, Optional<MasterInfo> leader, Instant startTime,
            Optional<Instant> electedTime, List<AgentSnapshot> agents, List<AgentInfo> recoveredAgents,
            FrameworkSnapshot.All frameworks, Map<String, Resources> offeredByAgent, String allocator,
            Map<String, Double> allocatorMetrics, Map<String, Double> weights,
            List<org.agora.api.v1.quota.Protos.QuotaConfig> quotas) {
        this(self, leading, leader, startTime, electedTime, agents, recoveredAgents, frameworks, offeredByAgent,
                allocator, allocatorMetrics, weights, quotas, Map.of());
    }
}
