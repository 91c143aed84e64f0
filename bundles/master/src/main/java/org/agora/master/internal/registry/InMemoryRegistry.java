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

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.agora.api.registry.RegistryProtos.Maintenance;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.agora.master.internal.registry.RegistryException.Fenced;
import org.agora.master.internal.registry.ZnodeBook.ZnodeOp;

/**
 * A registry that lives as long as the master process: for a single master without ZooKeeper (as Mesos's
 * {@code --registry=in_memory}). It keeps the same entries, encoded the same way, as {@link ZooKeeperRegistry} keeps
 * in ZooKeeper, and applies the same contract ({@link Registry}): recovery before writes, the same limits, strict
 * recovery, and fencing by leadership term. {@link #nextTerm()} starts a new term over the same entries, as a newly
 * elected master would; the old term's registry is fenced from then on. Tests can also make a write fail
 * ({@link #failNextWrite}). Called from one thread at a time.
 */
public final class InMemoryRegistry implements Registry {

    /** The entries, shared by the registries of successive terms. */
    private static final class Store {
        final TreeMap<String, byte[]> data = new TreeMap<>();
        final ZnodeBook book = new ZnodeBook();
        long term;
    }

    private final Store store;
    private final long term;
    private final String clusterName;
    private boolean recovered;
    private String fenced;
    private RuntimeException failNext;

    /** A registry whose cluster has the empty name. */
    public InMemoryRegistry() {
        this("");
    }

    public InMemoryRegistry(String clusterName) {
        this(new Store(), clusterName);
    }

    private InMemoryRegistry(Store store, String clusterName) {
        this.store = store;
        this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
        this.term = ++store.term;
    }

    /** The registry of the next leadership term, over the same entries; this one is fenced from now on. */
    public InMemoryRegistry nextTerm() {
        return nextTerm(clusterName);
    }

    /** As {@link #nextTerm()}, for a master configured with {@code clusterName}. */
    public InMemoryRegistry nextTerm(String clusterName) {
        return new InMemoryRegistry(store, clusterName);
    }

    /**
     * The next write that passes the checks (the write that ends {@link #recover()} included) fails with
     * {@code error} and changes nothing, as a write that ZooKeeper refused; when {@code error} is a {@link Fenced},
     * this registry stays fenced, as {@link ZooKeeperRegistry} does.
     */
    public void failNextWrite(RuntimeException error) {
        failNext = Objects.requireNonNull(error, "error");
    }

    @Override
    public CompletionStage<RegistryState> recover() {
        try {
            requireCurrentTerm("recovery");
            RegistryReader.Recovery recovery = RegistryReader.read(new StoreSource(), "", clusterName);
            apply(recovery.repairs());
            recovery.moves().forEach(this::apply);
            recovered = true;
            return CompletableFuture.completedFuture(recovery.state());
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Void> admit(AgentInfo agent) {
        return write(() -> RegistryWrite.admit(agent));
    }

    @Override
    public CompletionStage<Void> markUnreachable(AgentID agentId, Instant when) {
        return write(() -> RegistryWrite.unreachable(agentId, when));
    }

    @Override
    public CompletionStage<Void> markGone(AgentID agentId, Instant when) {
        return write(() -> RegistryWrite.gone(agentId, when));
    }

    @Override
    public CompletionStage<Void> remove(AgentID agentId) {
        return write(() -> RegistryWrite.remove(agentId));
    }

    @Override
    public CompletionStage<Void> confirmLeading() {
        return write(RegistryWrite::confirmLeading);
    }

    @Override
    public CompletionStage<Void> updateWeights(Map<String, Double> changed) {
        return write(() -> RegistryWrite.weights(changed));
    }

    @Override
    public CompletionStage<Void> updateQuotas(List<QuotaConfig> changed) {
        return write(() -> RegistryWrite.quotas(changed));
    }

    @Override
    public CompletionStage<Void> saveMaintenance(Maintenance maintenance, List<AgentID> removedAgents) {
        return write(() -> RegistryWrite.maintenance(maintenance, removedAgents));
    }

    @Override
    public CompletionStage<Void> saveReservations(AgentID agentId, List<Resource> reserved) {
        return write(() -> RegistryWrite.reservations(agentId, reserved));
    }

    private CompletionStage<Void> write(Supplier<RegistryWrite> call) {
        try {
            RegistryWrite write = call.get();
            if (!recovered) {
                throw new IllegalStateException(write.what() + ": the in-memory registry is not recovered yet");
            }
            requireCurrentTerm(write.what());
            apply(write);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void requireCurrentTerm(String what) {
        if (fenced == null && store.term != term) {
            fenced = "term " + term + " of the in-memory registry was superseded by term " + store.term;
        }
        if (fenced != null) {
            throw new Fenced(what + " refused: " + fenced + "; nothing was written");
        }
    }

    private void apply(RegistryWrite write) {
        write.checkLimits();
        List<ZnodeOp> ops = store.book.resolve(write, "");
        RuntimeException error = failNext;
        if (error != null) {
            failNext = null;
            if (error instanceof Fenced) {
                fenced = "an earlier write failed (" + error.getMessage() + ")";
            }
            throw error;
        }
        store.book.applied(ops);
        for (ZnodeOp op : ops) {
            if (op.kind() == ZnodeBook.Kind.DELETE) {
                store.data.remove(op.path());
            } else {
                store.data.put(op.path(), op.data().clone());
            }
        }
    }

    @Override
    public void close() {
        if (fenced == null) {
            fenced = "the registry of this term was closed";
        }
    }

    private final class StoreSource implements RegistryReader.Source {
        @Override
        public RegistryReader.Znode read(String path) {
            byte[] data = store.data.get(path);
            return data == null ? null : new RegistryReader.Znode(data.clone(), store.book.version(path),
                    children(path).size());
        }

        @Override
        public List<String> children(String path) {
            List<String> names = new ArrayList<>();
            // '0' follows '/': the keys between are the paths below this one
            for (String key : store.data.subMap(path + "/", path + "0").keySet()) {
                String rest = key.substring(path.length() + 1);
                if (rest.indexOf('/') < 0) {
                    names.add(rest);
                }
            }
            return names;
        }
    }
}
