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
