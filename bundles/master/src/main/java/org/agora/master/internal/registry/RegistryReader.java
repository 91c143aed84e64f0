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

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.agora.api.registry.RegistryProtos.Maintenance;
import org.agora.api.registry.RegistryProtos.Quotas;
import org.agora.api.registry.RegistryProtos.Weights;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.WeightInfo;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.agora.master.internal.registry.RegistryException.ClusterMismatch;
import org.agora.master.internal.registry.RegistryException.Corrupt;
import org.agora.master.internal.registry.RegistryException.TooLarge;

/**
 * Recovery, the same for every implementation: reads every registry znode from a {@link Source}, refuses anything it
 * would not have written ({@link Corrupt} naming the znode), checks the cluster name, and returns the state, a
 * {@link ZnodeBook} of what it read, and the write that completes the registry: the parents and cluster name a fresh
 * registry lacks, and the migration of weights and quotas stored the old way.
 *
 * <p>Agent tables before shards held their entries right under the table ({@code registry/agents/<agent id>}). Such
 * an entry is read as it is, and {@link Recovery#moves} move it into its shard, each entry created there and deleted
 * here in the same transaction, so a master that stops halfway leaves every entry in exactly one place, and the next
 * recovery moves the rest.
 *
 * <p>The old way ({@code registry/weights} and {@code registry/quotas} each one znode holding the whole table) is
 * migrated by the recovery's one fenced transaction: the old table's entries become per-role znodes and the parent's
 * data is emptied, all or nothing. A table too large for one write is not migrated: recovery fails and says what the
 * operator can do.
 */
final class RegistryReader {

    /** A registry znode as read. */
    record Znode(byte[] data, int version, int numChildren) {
    }

    /** Where the znodes are read from; paths are relative to the group path. */
    interface Source {
        /** The znode, or null when it does not exist. */
        Znode read(String path) throws Exception;

        /** The names of its children (the znode exists). */
        List<String> children(String path) throws Exception;

        /**
         * Many znodes at once, by path (a missing one is absent from the map): a table of 10,000 agents must not
         * cost 10,000 sequential round trips. One at a time unless the source can do better.
         */
        default Map<String, Znode> readAll(List<String> paths) throws Exception {
            Map<String, Znode> out = new HashMap<>();
            for (String p : paths) {
                Znode z = read(p);
                if (z != null) {
                    out.put(p, z);
                }
            }
            return out;
        }
    }

    /**
     * @param state what the registry holds (after migration)
     * @param book what was read, with its versions
     * @param repairs to be written (fenced) before the registry is used; may be empty
     * @param moves to be written after {@code repairs}, in order, before the registry is used: the entries of agent
     *     tables in the layout before shards, moved into their shards, each entry in one transaction with its removal
     *     from the old place; none when there is nothing to move
     */
    record Recovery(RegistryState state, ZnodeBook book, RegistryWrite repairs, List<RegistryWrite> moves) {
        Recovery {
            moves = List.copyOf(moves);
        }

        /** How many entries {@link #moves} moves. */
        int moved() {
            return moves.stream().mapToInt(w -> w.changes().size() / 2).sum();
        }
    }

    /** Entries moved per transaction: two changes each, so a move stays under the write limits with room to spare. */
    static final int MOVES_PER_WRITE = 250;

    private final Source source;
    private final String base;
    private final String clusterName;
    private final ZnodeBook book = new ZnodeBook();
    private final List<RegistryWrite.Change> repairs = new ArrayList<>();
    private final List<String> migrated = new ArrayList<>();
    private final List<RegistryWrite.Change> moves = new ArrayList<>();

    private final List<AgentInfo> admitted = new ArrayList<>();
    private final Map<String, Instant> unreachable = new HashMap<>();
    private final Map<String, Instant> gone = new HashMap<>();
    private final Map<String, List<Resource>> reservations = new HashMap<>();
    private final Map<String, Double> weights = new HashMap<>();
    private final Map<String, QuotaConfig> quotas = new TreeMap<>();
    private Maintenance maintenance = Maintenance.getDefaultInstance();

    private RegistryReader(Source source, String base, String clusterName) {
        this.source = source;
        this.base = base;
        this.clusterName = clusterName;
    }

    /**
     * Reads the whole registry.
     *
     * @param base the group path, to name znodes in messages
     * @param clusterName this master's cluster name, or null to neither check nor record one
     * @throws Corrupt for an entry that cannot be read; {@link ClusterMismatch}; {@link RegistryException} for an
     *     old-layout table too large to migrate; what the source throws
     */
    static Recovery read(Source source, String base, String clusterName) throws Exception {
        return new RegistryReader(source, base, clusterName).read();
    }

    private Recovery read() throws Exception {
        Znode root = source.read(RegistryLayout.ROOT);
        if (root == null) {
            repairs.add(RegistryWrite.put(RegistryLayout.ROOT, new byte[0]));
            if (clusterName != null) {
                repairs.add(RegistryWrite.put(RegistryLayout.CLUSTER, RegistryCodec.cluster(clusterName)));
            }
            RegistryLayout.TABLES.forEach(t -> repairs.add(RegistryWrite.put(t, new byte[0])));
        } else {
            book.read(RegistryLayout.ROOT, root.version());
            requireNoData(RegistryLayout.ROOT, root);
            List<String> names = source.children(RegistryLayout.ROOT);
            book.listed(RegistryLayout.ROOT, names);
            Set<String> known = new HashSet<>();
            known.add(RegistryLayout.nameOf(RegistryLayout.CLUSTER));
            known.add(RegistryLayout.nameOf(RegistryLayout.MAINTENANCE));
            RegistryLayout.TABLES.forEach(t -> known.add(RegistryLayout.nameOf(t)));
            for (String name : names) {
                if (!known.contains(name)) {
                    throw new Corrupt(shown(RegistryLayout.child(RegistryLayout.ROOT, name)), "is not a registry "
                            + "entry: " + shown(RegistryLayout.ROOT) + " holds only " + known.stream().sorted()
                            .toList());
                }
            }
            readCluster(names.contains(RegistryLayout.nameOf(RegistryLayout.CLUSTER)));
            if (names.contains(RegistryLayout.nameOf(RegistryLayout.MAINTENANCE))) {
                maintenance = RegistryCodec.maintenance(shown(RegistryLayout.MAINTENANCE),
                        leaf(RegistryLayout.MAINTENANCE).data());
            }
            for (String table : RegistryLayout.TABLES) {
                if (names.contains(RegistryLayout.nameOf(table))) {
                    readTable(table);
                } else {
                    repairs.add(RegistryWrite.put(table, new byte[0]));
                }
            }
        }
        RegistryWrite repair = new RegistryWrite("recovery of " + shown(RegistryLayout.ROOT), repairs);
        checkRepairFits(repair);
        admitted.sort((a, b) -> a.getId().getValue().compareTo(b.getId().getValue()));
        RegistryState state = new RegistryState(admitted, unreachable, gone, weights,
                List.copyOf(quotas.values()), reservations, maintenance);
        return new Recovery(state, book, repair, moveWrites());
    }

    /** The moves into shards, {@link #MOVES_PER_WRITE} entries (or {@link Registry#MAX_WRITE_BYTES} / 2) a write. */
    private List<RegistryWrite> moveWrites() {
        List<RegistryWrite> writes = new ArrayList<>();
        List<RegistryWrite.Change> batch = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < moves.size(); i += 2) {
            RegistryWrite.Change put = moves.get(i);
            long size = 2L * Registry.ENTRY_OVERHEAD_BYTES + 2L * put.path().length() + put.data().length;
            if (!batch.isEmpty() && (batch.size() / 2 >= MOVES_PER_WRITE || bytes + size > Registry.MAX_WRITE_BYTES
                    / 2)) {
                writes.add(moveWrite(batch));
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(put);
            batch.add(moves.get(i + 1));
            bytes += size;
        }
        if (!batch.isEmpty()) {
            writes.add(moveWrite(batch));
        }
        return writes;
    }

    private RegistryWrite moveWrite(List<RegistryWrite.Change> batch) {
        return new RegistryWrite("recovery: moving " + batch.size() / 2 + " agent entries of " + shown(
                RegistryLayout.ROOT) + " into their shards", batch);
    }

    private void readCluster(boolean present) throws Exception {
        if (!present) {
            if (clusterName != null) {
                repairs.add(RegistryWrite.put(RegistryLayout.CLUSTER, RegistryCodec.cluster(clusterName)));
            }
            return;
        }
        Znode z = leaf(RegistryLayout.CLUSTER);
        String name = RegistryCodec.cluster(shown(RegistryLayout.CLUSTER), z.data());
        if (clusterName != null && !clusterName.equals(name)) {
            throw new ClusterMismatch(shown(RegistryLayout.CLUSTER), name, clusterName);
        }
    }

    private void readTable(String table) throws Exception {
        Znode parent = source.read(table);
        if (parent == null) {
            throw vanished(table);
        }
        book.read(table, parent.version());
        if (parent.data().length > 0 && parent.numChildren() == 0
                && (table.equals(RegistryLayout.WEIGHTS) || table.equals(RegistryLayout.QUOTAS))) {
            migrate(table, parent.data());
            return;
        }
        requireNoData(table, parent);
        List<String> names = source.children(table);
        book.listed(table, names);
        if (RegistryLayout.AGENT_TABLES.contains(table)) {
            readAgentTable(table, names);
            return;
        }
        List<String> paths = new ArrayList<>(names.size());
        names.forEach(n -> paths.add(RegistryLayout.child(table, n)));
        Map<String, Znode> entries = source.readAll(paths);
        for (String name : names) {
            String path = RegistryLayout.child(table, name);
            byte[] data = leaf(path, entries.get(path)).data();
            String shown = shown(path);
            switch (table) {
                case RegistryLayout.WEIGHTS -> {
                    String role = role(path);
                    weights.put(role, RegistryCodec.weight(shown, role, data));
                }
                case RegistryLayout.QUOTAS -> {
                    String role = role(path);
                    quotas.put(role, RegistryCodec.quota(shown, role, data));
                }
                default -> throw new IllegalStateException("no table " + table);
            }
        }
    }

    /**
     * An agent table: its shards (a shard's name and no data), each read for its entries, and the entries of the layout
     * before shards, which are read and moved. Every entry is read in one bulk read.
     */
    private void readAgentTable(String table, List<String> names) throws Exception {
        List<String> children = new ArrayList<>(names.size());
        names.forEach(n -> children.add(RegistryLayout.child(table, n)));
        Map<String, Znode> top = source.readAll(children);
        List<String> entries = new ArrayList<>();
        Map<String, String> placed = new HashMap<>();
        List<String> unsharded = new ArrayList<>();
        for (String name : names) {
            String path = RegistryLayout.child(table, name);
            Znode z = top.get(path);
            if (z == null) {
                throw vanished(path);
            }
            if (!RegistryLayout.isShard(name) || z.data().length > 0) {
                unsharded.add(name); // the layout before shards: an entry right under the table (never empty)
                continue;
            }
            book.read(path, z.version());
            List<String> ids = z.numChildren() == 0 ? List.of() : source.children(path);
            book.listed(path, ids);
            for (String id : ids) {
                String entry = RegistryLayout.child(path, id);
                if (!RegistryLayout.shard(id).equals(name)) {
                    throw new Corrupt(shown(entry), "is in shard " + name + ", but agent id '" + id + "' belongs in "
                            + "shard " + RegistryLayout.shard(id));
                }
                place(placed, id, entry);
                entries.add(entry);
            }
        }
        Map<String, Znode> read = source.readAll(entries);
        for (String entry : entries) {
            agentEntry(table, RegistryLayout.nameOf(entry), entry, leaf(entry, read.get(entry)).data());
        }
        // after the shards, so that an agent in both places is reported where it would be moved from
        for (String id : unsharded) {
            String path = RegistryLayout.child(table, id);
            place(placed, id, path);
            byte[] data = leaf(path, top.get(path)).data();
            agentEntry(table, id, path, data);
            moves.add(RegistryWrite.put(RegistryLayout.agent(table, id), data));
            moves.add(RegistryWrite.delete(path));
        }
    }

    /** The one place of agent {@code id} in its table. */
    private void place(Map<String, String> placed, String id, String path) {
        String other = placed.putIfAbsent(id, path);
        if (other != null) {
            throw new Corrupt(shown(path), "holds agent '" + id + "', which " + shown(other) + " holds too");
        }
    }

    private void agentEntry(String table, String id, String path, byte[] data) {
        String shown = shown(path);
        switch (table) {
            case RegistryLayout.AGENTS -> admitted.add(RegistryCodec.agent(shown, id, data));
            case RegistryLayout.UNREACHABLE -> unreachable.put(id, RegistryCodec.time(shown, data));
            case RegistryLayout.GONE -> gone.put(id, RegistryCodec.time(shown, data));
            case RegistryLayout.RESERVATIONS -> reservations.put(id, RegistryCodec.reservations(shown, data));
            default -> throw new IllegalStateException("no agent table " + table);
        }
    }

    /** The whole table in the parent's data, as masters wrote it before one znode per role. */
    private void migrate(String table, byte[] data) {
        String shown = shown(table);
        List<RegistryWrite.Change> entries = new ArrayList<>();
        try {
            if (table.equals(RegistryLayout.WEIGHTS)) {
                for (WeightInfo w : Weights.parseFrom(data).getWeightsList()) {
                    if (weights.put(w.getRole(), w.getWeight()) != null) {
                        throw new Corrupt(shown, "lists role '" + w.getRole() + "' twice");
                    }
                    entries.add(RegistryWrite.put(RegistryLayout.role(table, w.getRole()),
                            RegistryCodec.weight(w.getRole(), w.getWeight())));
                }
            } else {
                for (QuotaConfig q : Quotas.parseFrom(data).getConfigsList()) {
                    if (quotas.put(q.getRole(), q) != null) {
                        throw new Corrupt(shown, "lists role '" + q.getRole() + "' twice");
                    }
                    entries.add(RegistryWrite.put(RegistryLayout.role(table, q.getRole()), RegistryCodec.quota(q)));
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new Corrupt(shown, "holds " + data.length + " bytes that are neither a table of the old layout nor "
                    + "empty: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Corrupt(shown, "holds a table of the old layout with an entry that cannot be stored: "
                    + e.getMessage());
        }
        repairs.add(RegistryWrite.put(table, new byte[0]));
        repairs.addAll(entries);
        migrated.add(shown + " (" + entries.size() + " roles)");
    }

    private void checkRepairFits(RegistryWrite repair) {
        try {
            repair.checkLimits();
        } catch (TooLarge e) {
            if (migrated.isEmpty()) {
                throw e;
            }
            throw new RegistryException(String.join(", ", migrated) + " hold(s) a whole table in the layout "
                    + "before one znode per role, too large to migrate in one write (" + e.getMessage() + "); save "
                    + "the table, delete the znode's data (zkCli: set <znode> \"\") and set the entries again with "
                    + "UPDATE_WEIGHTS / UPDATE_QUOTA in calls of at most " + Registry.MAX_ENTRIES_PER_WRITE
                    + " roles");
        }
    }

    private String role(String path) {
        return RegistryLayout.decodeRole(RegistryLayout.nameOf(path)).orElseThrow(() -> new Corrupt(shown(path),
                "is not a role name encoded as the registry encodes them (percent-encoded UTF-8)"));
    }

    /** An entry: it exists (it was just listed) and has no children. */
    private Znode leaf(String path) throws Exception {
        return leaf(path, source.read(path));
    }

    private Znode leaf(String path, Znode z) {
        if (z == null) {
            throw vanished(path);
        }
        if (z.numChildren() > 0) {
            throw new Corrupt(shown(path), "has " + z.numChildren() + " children; registry entries have none");
        }
        book.read(path, z.version());
        return z;
    }

    private void requireNoData(String path, Znode z) {
        if (z.data().length > 0) {
            throw new Corrupt(shown(path), "holds " + z.data().length + " bytes of data; it is a parent that holds "
                    + "none");
        }
    }

    private Corrupt vanished(String path) {
        return new Corrupt(shown(path), "vanished while the registry was read: another master is writing it");
    }

    private String shown(String path) {
        return base + "/" + path;
    }
}
