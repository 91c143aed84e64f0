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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.agora.api.registry.RegistryProtos.Maintenance;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.agora.master.internal.registry.RegistryException.TooLarge;

/**
 * What one registry call changes, before it is resolved against what the registry holds: entries to put (create or
 * overwrite) and entries to delete, at paths relative to the group path. Each factory checks its arguments
 * ({@link IllegalArgumentException}); {@link #checkLimits()} checks the size, the same way for every implementation.
 *
 * @param what the call, for messages ("admit agent S1")
 * @param changes at most one per path, in the order they are applied
 */
record RegistryWrite(String what, List<Change> changes) {

    /** Puts {@code data} at {@code path}, or deletes it when {@code data} is null. */
    record Change(String path, byte[] data) {
        boolean isDelete() {
            return data == null;
        }
    }

    RegistryWrite {
        changes = List.copyOf(changes);
        Set<String> paths = new HashSet<>();
        for (Change c : changes) {
            if (!paths.add(c.path())) {
                throw new IllegalArgumentException(what + ": " + c.path() + " is changed twice in one write");
            }
        }
    }

    /** Bytes counted against {@link Registry#MAX_WRITE_BYTES}. */
    long estimatedBytes() {
        long bytes = 0;
        for (Change c : changes) {
            bytes += Registry.ENTRY_OVERHEAD_BYTES + c.path().getBytes(StandardCharsets.UTF_8).length
                    + (c.isDelete() ? 0 : c.data().length);
        }
        return bytes;
    }

    /** @throws TooLarge when over {@link Registry#MAX_ENTRIES_PER_WRITE} or {@link Registry#MAX_WRITE_BYTES} */
    void checkLimits() {
        long bytes = estimatedBytes();
        if (changes.size() > Registry.MAX_ENTRIES_PER_WRITE || bytes > Registry.MAX_WRITE_BYTES) {
            throw new TooLarge(what + " is " + changes.size() + " znodes and about " + bytes + " bytes in one "
                    + "write; the registry writes at most " + Registry.MAX_ENTRIES_PER_WRITE + " znodes and "
                    + Registry.MAX_WRITE_BYTES + " bytes at once (ZooKeeper drops a session that sends over its 1 MiB"
                    + " jute.maxbuffer); nothing was written");
        }
    }

    /** No change at all: sent as the fencing check alone, it confirms that the term still leads. */
    static RegistryWrite confirmLeading() {
        return new RegistryWrite("confirm the leadership", List.of());
    }

    static RegistryWrite admit(AgentInfo agent) {
        String id = agent.getId().getValue();
        return new RegistryWrite("admit agent " + id, List.of(
                put(RegistryLayout.agent(RegistryLayout.AGENTS, id), agent.toByteArray()),
                delete(RegistryLayout.agent(RegistryLayout.UNREACHABLE, id))));
    }

    static RegistryWrite unreachable(AgentID agentId, Instant when) {
        String id = agentId.getValue();
        return new RegistryWrite("mark agent " + id + " unreachable", List.of(
                put(RegistryLayout.agent(RegistryLayout.UNREACHABLE, id), RegistryCodec.time(when))));
    }

    static RegistryWrite gone(AgentID agentId, Instant when) {
        String id = agentId.getValue();
        return new RegistryWrite("mark agent " + id + " gone", List.of(
                put(RegistryLayout.agent(RegistryLayout.GONE, id), RegistryCodec.time(when)),
                delete(RegistryLayout.agent(RegistryLayout.AGENTS, id)),
                delete(RegistryLayout.agent(RegistryLayout.UNREACHABLE, id)),
                delete(RegistryLayout.agent(RegistryLayout.RESERVATIONS, id))));
    }

    static RegistryWrite remove(AgentID agentId) {
        String id = agentId.getValue();
        List<Change> changes = new ArrayList<>();
        for (String table : List.of(RegistryLayout.AGENTS, RegistryLayout.UNREACHABLE, RegistryLayout.GONE,
                RegistryLayout.RESERVATIONS)) {
            changes.add(delete(RegistryLayout.agent(table, id)));
        }
        return new RegistryWrite("remove agent " + id, changes);
    }

    static RegistryWrite reservations(AgentID agentId, List<Resource> reserved) {
        String id = agentId.getValue();
        String path = RegistryLayout.agent(RegistryLayout.RESERVATIONS, id);
        return new RegistryWrite("save the reservations of agent " + id, List.of(reserved.isEmpty() ? delete(path)
                : put(path, RegistryCodec.reservations(reserved))));
    }

    static RegistryWrite weights(Map<String, Double> changed) {
        List<Change> changes = new ArrayList<>(changed.size());
        new TreeMap<>(changed).forEach((role, weight) -> changes.add(put(
                RegistryLayout.role(RegistryLayout.WEIGHTS, role), RegistryCodec.weight(role, weight))));
        return new RegistryWrite("update of " + changed.size() + " role weights", changes);
    }

    static RegistryWrite quotas(List<QuotaConfig> changed) {
        List<Change> changes = new ArrayList<>(changed.size());
        Set<String> roles = new HashSet<>();
        for (QuotaConfig q : changed) {
            if (!roles.add(q.getRole())) {
                throw new IllegalArgumentException("quota of role '" + q.getRole() + "' is listed twice");
            }
            String path = RegistryLayout.role(RegistryLayout.QUOTAS, q.getRole());
            boolean removal = q.getGuaranteesCount() == 0 && q.getLimitsCount() == 0;
            changes.add(removal ? delete(path) : put(path, RegistryCodec.quota(q)));
        }
        return new RegistryWrite("update of " + changed.size() + " role quotas", changes);
    }

    static RegistryWrite maintenance(Maintenance maintenance, List<AgentID> removedAgents) {
        List<Change> changes = new ArrayList<>();
        changes.add(put(RegistryLayout.MAINTENANCE, maintenance.toByteArray()));
        for (AgentID agentId : removedAgents) {
            String id = agentId.getValue();
            for (String table : List.of(RegistryLayout.AGENTS, RegistryLayout.UNREACHABLE,
                    RegistryLayout.RESERVATIONS)) {
                changes.add(delete(RegistryLayout.agent(table, id)));
            }
        }
        return new RegistryWrite("save the maintenance schedule (" + maintenance.getSchedule().getWindowsCount()
                + " windows, " + maintenance.getDownMachinesCount() + " machines down" + (removedAgents.isEmpty() ? ""
                : ", removing agents " + removedAgents.stream().map(AgentID::getValue).toList()) + ")", changes);
    }

    static Change put(String path, byte[] data) {
        return new Change(path, data);
    }

    static Change delete(String path) {
        return new Change(path, null);
    }
}
