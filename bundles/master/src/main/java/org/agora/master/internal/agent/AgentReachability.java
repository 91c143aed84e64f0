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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.master.internal.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents over time: silent ones are marked unreachable, agents of the registry that do not come back after an
 * election are marked unreachable when the re-registration timeout passes, and agents unreachable for longer than the
 * registry keeps them are forgotten. Each of these is written to the registry first and applied only once the write
 * succeeded (a failed write changes nothing and is tried again at the next check). Actor thread only.
 */
final class AgentReachability {
    private static final Logger LOG = LoggerFactory.getLogger(AgentReachability.class);

    private final AgentTable table;
    private final Registry registry;
    private final Executor actor;
    private final Supplier<AgentManager.Listener> listener;
    private final Duration unreachableTimeout;
    private final Clock clock;
    private final LongSupplier nanoTime;

    AgentReachability(AgentTable table, Registry registry, Executor actor, Supplier<AgentManager.Listener> listener,
            Duration unreachableTimeout, Clock clock, LongSupplier nanoTime) {
        this.table = table;
        this.registry = registry;
        this.actor = actor;
        this.listener = listener;
        this.unreachableTimeout = unreachableTimeout;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    /** Marks agents silent for longer than the unreachable timeout as unreachable; run periodically. */
    void checkHeartbeats() {
        long now = nanoTime.getAsLong();
        for (AgentRecord r : List.copyOf(table.agents.values())) {
            if (r.state != AgentState.UNREACHABLE && now - r.lastHeardNanos > unreachableTimeout.toNanos()
                    && !table.markingUnreachable.contains(r.id())) {
                markUnreachable(r);
            }
        }
    }

    /**
     * Written to the registry first; only then is the agent unreachable and its tasks given up. While the write is
     * in flight the agent's channel is closed and it may not re-register; a failed write leaves the agent as it was
     * (disconnected), to be tried again at the next check.
     */
    private void markUnreachable(AgentRecord r) {
        Instant when = clock.instant();
        long silentMs = Duration.ofNanos(nanoTime.getAsLong() - r.lastHeardNanos).toMillis();
        table.markingUnreachable.add(r.id());
        if (r.link != null) {
            r.link.agentId(null);
            r.link.close();
            r.link = null;
            if (r.state == AgentState.ACTIVE) {
                r.state = AgentState.DISCONNECTED;
                listener.get().agentDisconnected(r.info);
            }
        }
        registry.markUnreachable(r.info.getId(), when).whenCompleteAsync((v, e) -> {
            table.markingUnreachable.remove(r.id());
            if (e != null) {
                LOG.error("Agent {} stays disconnected: could not record it as unreachable: {}", r.id(),
                        e.getMessage());
                return;
            }
            if (table.agents.get(r.id()) != r) {
                return; // marked gone meanwhile
            }
            r.state = AgentState.UNREACHABLE;
            r.unreachableTime = when;
            LOG.warn("Agent {} at {}:{} marked unreachable: nothing heard for {} ms", r.id(), r.info.getHostname(),
                    r.info.getPort(), silentMs);
            listener.get().agentUnreachable(r.info);
        }, actor);
    }

    /**
     * The agent re-registration timeout after an election has passed: agents of the registry that were reachable
     * and have not re-registered are marked unreachable (registry first), as Mesos does after
     * {@code agent_reregister_timeout}. Frameworks reconciling their tasks then hear TASK_UNREACHABLE (or LOST).
     */
    void reregistrationTimedOut() {
        Instant when = clock.instant();
        for (AgentInfo info : List.copyOf(table.recovered.values())) {
            String id = info.getId().getValue();
            if (table.recoveredUnreachable.containsKey(id) || table.markingUnreachable.contains(id)) {
                continue;
            }
            table.markingUnreachable.add(id);
            registry.markUnreachable(info.getId(), when).whenCompleteAsync((v, e) -> {
                table.markingUnreachable.remove(id);
                if (e != null) {
                    LOG.error("Agent {} did not re-register and could not be recorded as unreachable: {}", id,
                            e.getMessage());
                    return;
                }
                if (table.recovered.containsKey(id)) {
                    table.recoveredUnreachable.put(id, when);
                    LOG.warn("Agent {} at {}:{} did not re-register after the election: marked unreachable", id,
                            info.getHostname(), info.getPort());
                }
            }, actor);
        }
    }

    /**
     * Forgets agents unreachable since before {@code now - maxAge} (Mesos's {@code registry_max_agent_age}): removed
     * from the registry first, then from memory. One that comes back later is told its id is unknown and shuts its
     * tasks down.
     */
    void collectGarbage(Duration maxAge) {
        Instant cutoff = clock.instant().minus(maxAge);
        Map<String, Instant> unreachableSince = new LinkedHashMap<>(table.recoveredUnreachable);
        table.agents.values().forEach(r -> {
            if (r.state == AgentState.UNREACHABLE && r.unreachableTime != null) {
                unreachableSince.put(r.id(), r.unreachableTime);
            }
        });
        unreachableSince.forEach((id, since) -> {
            if (!since.isBefore(cutoff) || table.markingUnreachable.contains(id)) {
                return;
            }
            AgentID agentId = AgentID.newBuilder().setValue(id).build();
            table.markingUnreachable.add(id);
            registry.remove(agentId).whenCompleteAsync((v, e) -> {
                table.markingUnreachable.remove(id);
                if (e != null) {
                    LOG.error("Agent {} unreachable since {} could not be removed from the registry: {}", id, since,
                            e.getMessage());
                    return;
                }
                AgentRecord r = table.agents.get(id);
                if (r != null && r.state != AgentState.UNREACHABLE) {
                    return; // came back meanwhile (and was re-admitted after the removal)
                }
                table.agents.remove(id);
                table.recovered.remove(id);
                table.recoveredUnreachable.remove(id);
                LOG.warn("Agent {} unreachable since {} is forgotten (older than {} s); if it returns it must shut "
                        + "its tasks down", id, since, maxAge.toSeconds());
                listener.get().agentForgotten(agentId);
            }, actor);
        });
    }

}
