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

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.junit.jupiter.api.Test;

/**
 * A registry with thousands of agents is read in bulk: each table's entries come from one {@code readAll} of the
 * source (pipelined on ZooKeeper), never from one blocking read per agent.
 */
class RegistryBulkReadTest {

    /** Znodes in a map, counting single reads and bulk reads. */
    private static final class CountingSource implements RegistryReader.Source {
        final Map<String, RegistryReader.Znode> znodes = new HashMap<>();
        final Map<String, List<String>> children = new HashMap<>();
        final List<String> singleReads = new ArrayList<>();
        final List<Integer> bulkReads = new ArrayList<>();

        void put(String path, byte[] data) {
            String parent = RegistryLayout.parentOf(path);
            if (!parent.isEmpty() && !znodes.containsKey(parent)) {
                put(parent, new byte[0]); // a shard, with its first entry
            }
            znodes.put(path, new RegistryReader.Znode(data, 0, 0));
            children.computeIfAbsent(parent, k -> new ArrayList<>()).add(RegistryLayout.nameOf(path));
            RegistryReader.Znode p = znodes.get(parent);
            if (p != null) {
                znodes.put(parent, new RegistryReader.Znode(p.data(), 0, p.numChildren() + 1));
            }
        }

        @Override
        public RegistryReader.Znode read(String path) {
            singleReads.add(path);
            return znodes.get(path);
        }

        @Override
        public List<String> children(String path) {
            return children.getOrDefault(path, List.of());
        }

        @Override
        public Map<String, RegistryReader.Znode> readAll(List<String> paths) {
            bulkReads.add(paths.size());
            Map<String, RegistryReader.Znode> out = new HashMap<>();
            paths.forEach(p -> {
                if (znodes.containsKey(p)) {
                    out.put(p, znodes.get(p));
                }
            });
            return out;
        }
    }

    @Test
    void tenThousandAgentsAreReadInOneBulkReadWithoutPerAgentRoundTrips() throws Exception {
        CountingSource source = new CountingSource();
        source.put(RegistryLayout.ROOT, new byte[0]);
        source.put(RegistryLayout.CLUSTER, RegistryCodec.cluster("c"));
        RegistryLayout.TABLES.forEach(t -> source.put(t, new byte[0]));
        for (int i = 0; i < 10_000; i++) {
            String id = "m-S" + i;
            source.put(RegistryLayout.agent(RegistryLayout.AGENTS, id), AgentInfo.newBuilder().setHostname("h" + i)
                    .setId(AgentID.newBuilder().setValue(id)).build().toByteArray());
        }

        RegistryReader.Recovery recovery = RegistryReader.read(source, "/agora", "c");

        assertThat(recovery.state().admitted()).hasSize(10_000);
        assertThat(source.singleReads).noneMatch(p -> p.startsWith(RegistryLayout.AGENTS + "/"));
        assertThat(source.bulkReads).contains(10_000);
    }
}
