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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.agora.api.v1.Protos.AgentInfo;

/** What one term knows of agents, shared by the agent manager's parts. Actor thread only. */
final class AgentTable {
    /** Agents registered or re-registered during this term, by id. */
    final Map<String, AgentRecord> agents = new LinkedHashMap<>();
    /** Admitted in the registry but not re-registered since this master was elected. */
    final Map<String, AgentInfo> recovered = new LinkedHashMap<>();
    /** Of those, the ones the registry records as unreachable, and since when. */
    final Map<String, Instant> recoveredUnreachable = new HashMap<>();
    /** Marked gone by the operator: never admitted again under these ids. */
    final Set<String> gone = new HashSet<>();
    /** Agents whose unreachability or removal is being written to the registry. */
    final Set<String> markingUnreachable = new HashSet<>();
}
