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
package org.agora.master.internal.http;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.master.internal.agent.AgentSnapshot;

/**
 * The members of each agent's {@code /master/state} entry that change only when the agent (re-)registers or its total
 * changes (its address, attributes, times, total, reserved and unreserved resources), kept as JSON between documents:
 * at 10,000 agents they were about a third of a read on a quiet master. What moves between reads (used and offered
 * resources, state, connection) is written on every read.
 *
 * <p>An entry is reused when the agent's info is the same message (or an equal one), its registration times are
 * equal and its total is equal; otherwise it is written afresh. Agents missing from a document are forgotten. One per
 * {@link StateWriter}, one document at a time.
 */
final class AgentJsonCache {
    /** The JSON of the members one agent's entry keeps, and what they were written from. */
    record Entry(AgentInfo info, Instant registered, Optional<Instant> reregistered, Resources total,
            byte[] leading, byte[] reserved) {

        boolean writtenFrom(AgentSnapshot a) {
            return (info == a.info() || info.equals(a.info())) && registered.equals(a.registeredTime())
                    && reregistered.equals(a.reregisteredTime()) && (total == a.total() || total.equals(a.total()));
        }
    }

    private Map<String, Entry> entries = new HashMap<>();

    /** One document's use of the cache: {@link #entry} for each agent written, then {@link #close}. */
    final class Pass implements AutoCloseable {
        private final Map<String, Entry> next = new HashMap<>(entries.size() * 2);
        private final Function<AgentSnapshot, Entry> write;

        private Pass(Function<AgentSnapshot, Entry> write) {
            this.write = write;
        }

        /** The agent's kept members, written afresh when they no longer match the agent. */
        Entry entry(AgentSnapshot a) {
            Entry e = entries.get(a.id());
            if (e == null || !e.writtenFrom(a)) {
                e = write.apply(a);
            }
            next.put(a.id(), e);
            return e;
        }

        /** The agents of this document are what the cache keeps. */
        @Override
        public void close() {
            entries = next;
        }
    }

    /** Starts a document; {@code write} writes an agent's entry when the cache has none that matches. */
    Pass pass(Function<AgentSnapshot, Entry> write) {
        return new Pass(write);
    }
}
