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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.agora.api.registry.RegistryProtos.Maintenance;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.agora.master.internal.registry.RegistryException.Fenced;
import org.agora.master.internal.registry.RegistryException.TooLarge;
import org.agora.master.internal.registry.ZnodeBook.ZnodeOp;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.jute.BinaryOutputArchive;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.MultiOperationRecord;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry in ZooKeeper, beside the leader-election group, laid out as {@link RegistryLayout} says: one znode per
 * agent and table (so each write stays small and independent) and one per role for weights and quotas (so an
 * operator call writes only what it changes). One instance serves one leadership term (see {@link Registry}): every
 * write is one transaction that starts with a check of the leader's member znode of that term and changes each entry
 * at the version this instance last saw; it is measured before it is sent and never exceeds the limits.
 */
public final class ZooKeeperRegistry implements Registry {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperRegistry.class);

    private final CuratorFramework client;
    private final String basePath;
    private final String clusterName;
    private final String leaderZnode;

    /** Set by recovery; then used only by the thread that issues writes. */
    private volatile ZnodeBook book;
    /** Why this registry writes no more; set by any thread whose write failed, or by close(). */
    private volatile String fenced;

    /**
     * The registry of one leadership term.
     *
     * @param client a started Curator client without namespace; owned by the caller
     * @param basePath the master group's path (the registry lives under {@code <basePath>/registry})
     * @param clusterName this master's cluster name: recorded in a fresh registry, and recovery refuses a registry
     *     of another name
     * @param leaderZnode the full path of this leader's member znode in the group (the contender's
     *     {@code znode()} at election), which must exist for any write to apply
     */
    public ZooKeeperRegistry(CuratorFramework client, String basePath, String clusterName, String leaderZnode) {
        this.client = Objects.requireNonNull(client, "client");
        this.basePath = Objects.requireNonNull(basePath, "basePath");
        this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
        this.leaderZnode = Objects.requireNonNull(leaderZnode, "leaderZnode");
    }

    @Override
    public CompletionStage<RegistryState> recover() {
        return CompletableFuture.supplyAsync(() -> {
            RegistryReader.Recovery recovery;
            try {
                recovery = RegistryReader.read(new ZooKeeperSource(), basePath, clusterName);
            } catch (RegistryException e) {
                throw e;
            } catch (Exception e) {
                throw new RegistryException("cannot read the registry under " + basePath + "/registry: " + e, e);
            }
            RegistryWrite repairs = recovery.repairs();
            List<RegistryWrite> writes = new ArrayList<>();
            writes.add(repairs);
            writes.addAll(recovery.moves());
            for (RegistryWrite write : writes) {
                try {
                    send(write, recovery.book()).toCompletableFuture().join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            book = recovery.book();
            RegistryState s = recovery.state();
            LOG.info("Recovered registry {}/registry (cluster '{}', leader znode {}): {} admitted agents, {} "
                    + "unreachable, {} gone, {} weights, {} quotas, reservations on {} agents{}{}", basePath,
                    clusterName, leaderZnode, s.admitted().size(), s.unreachable().size(), s.gone().size(),
                    s.weights().size(), s.quotas().size(), s.reservations().size(),
                    repairs.changes().isEmpty() ? "" : "; wrote " + repairs.changes().size() + " missing or "
                            + "migrated znodes", recovery.moves().isEmpty() ? "" : "; moved " + recovery.moved()
                            + " agent entries into their shards in " + recovery.moves().size() + " transactions");
            return s;
        });
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
            ZnodeBook known = book;
            if (known == null) {
                throw new IllegalStateException(write.what() + ": the registry under " + basePath + " is not "
                        + "recovered yet");
            }
            return send(write, known);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Sends {@code write} as one transaction resolved against {@code known}, which then expects it to apply.
     * Refuses without sending when fenced or too large.
     */
    private CompletionStage<Void> send(RegistryWrite write, ZnodeBook known) {
        String reason = fenced;
        if (reason != null) {
            throw new Fenced(write.what() + " refused: " + reason + "; nothing was written");
        }
        write.checkLimits();
        List<ZnodeOp> resolved = known.resolve(write, basePath);
        if (resolved.isEmpty() && !write.changes().isEmpty()) {
            // nothing to change; a write of no changes at all is sent: its fencing check confirms the term
            return CompletableFuture.completedFuture(null);
        }
        List<CuratorOp> ops = new ArrayList<>(resolved.size() + 1);
        ops.add(fencingCheck());
        for (ZnodeOp op : resolved) {
            ops.add(curatorOp(op));
        }
        int bytes = serializedSize(ops);
        if (bytes > Registry.MAX_WRITE_BYTES) {
            throw new TooLarge(write.what() + " is a " + bytes + "-byte ZooKeeper request; the registry sends at most "
                    + Registry.MAX_WRITE_BYTES + " bytes at once; nothing was written");
        }
        known.applied(resolved);
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.transaction().inBackground((c, event) -> completed(write, ops, event, done)).forOperations(ops);
        } catch (Exception e) {
            fail(done, write, new RegistryException(write.what() + " not sent to ZooKeeper: " + e, e));
        }
        return done;
    }

    /** Applies only while the leader's member znode of this term exists (any version). */
    private CuratorOp fencingCheck() {
        try {
            return client.transactionOp().check().forPath(leaderZnode);
        } catch (Exception e) {
            throw new RegistryException("cannot prepare the check of " + leaderZnode + ": " + e, e);
        }
    }

    private CuratorOp curatorOp(ZnodeOp op) {
        String path = basePath + "/" + op.path();
        try {
            return switch (op.kind()) {
                case CREATE -> client.transactionOp().create().forPath(path, op.data());
                case SET -> client.transactionOp().setData().withVersion(op.version()).forPath(path, op.data());
                case DELETE -> client.transactionOp().delete().withVersion(op.version()).forPath(path);
            };
        } catch (Exception e) {
            throw new RegistryException("cannot prepare " + op.kind() + " of " + path + ": " + e, e);
        }
    }

    /** The size of the transaction's request body as ZooKeeper's client serializes it. */
    static int serializedSize(List<CuratorOp> ops) {
        List<Op> zkOps = ops.stream().map(CuratorOp::get).toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new MultiOperationRecord(zkOps).serialize(BinaryOutputArchive.getArchive(out), "request");
        } catch (IOException e) {
            throw new IllegalStateException("serializing to memory failed", e);
        }
        return out.size();
    }

    private void completed(RegistryWrite write, List<CuratorOp> ops, CuratorEvent event,
            CompletableFuture<Void> done) {
        Code code = Code.get(event.getResultCode());
        if (code == Code.OK) {
            done.complete(null);
            return;
        }
        // A failed transaction reports OK for the ops before the one that failed, RUNTIMEINCONSISTENCY after it.
        int failedOp = -1;
        List<CuratorTransactionResult> results = event.getOpResults();
        for (int i = 0; results != null && i < results.size(); i++) {
            int err = results.get(i).getError();
            if (err != Code.OK.intValue() && err != Code.RUNTIMEINCONSISTENCY.intValue()) {
                failedOp = i;
                code = Code.get(err);
                break;
            }
        }
        String path = failedOp >= 0 ? ops.get(failedOp).getTypeAndPath().getForPath() : null;
        fail(done, write, failure(write, code, path));
    }

    private RegistryException failure(RegistryWrite write, Code code, String path) {
        String what = write.what() + " fenced: ";
        if (leaderZnode.equals(path) && code == Code.NONODE) {
            return new Fenced(what + "leader znode " + leaderZnode + " no longer exists (this master's session "
                    + "ended or it was deposed); nothing was written");
        }
        if (code == Code.BADVERSION || code == Code.NODEEXISTS || code == Code.NONODE) {
            return new Fenced(what + "znode " + path + " was changed by another writer (" + code + "); nothing was "
                    + "written");
        }
        if (code == Code.SESSIONEXPIRED || code == Code.SESSIONMOVED) {
            return new Fenced(what + "the ZooKeeper session ended (" + code + "); nothing was written");
        }
        return new RegistryException(write.what() + " failed in ZooKeeper (" + code + (path == null ? "" : " at "
                + path) + "); it may or may not have been applied");
    }

    private void fail(CompletableFuture<Void> done, RegistryWrite write, RegistryException e) {
        if (fenced == null) {
            fenced = "an earlier write failed (" + e.getMessage() + ")";
        }
        LOG.warn("Registry {}/registry (leader znode {}): {}", basePath, leaderZnode, e.getMessage());
        done.completeExceptionally(e);
    }

    @Override
    public void close() {
        if (fenced == null) {
            fenced = "the registry of this term was closed";
        }
        // the Curator client belongs to the master component, which closes it
    }

    /** Blocking reads on the recovery thread, recording each znode's version in the recovery's book. */
    private final class ZooKeeperSource implements RegistryReader.Source {
        @Override
        public RegistryReader.Znode read(String path) throws Exception {
            Stat stat = new Stat();
            try {
                byte[] data = client.getData().storingStatIn(stat).forPath(basePath + "/" + path);
                return new RegistryReader.Znode(data == null ? new byte[0] : data, stat.getVersion(),
                        stat.getNumChildren());
            } catch (KeeperException.NoNodeException e) {
                return null;
            }
        }

        @Override
        public List<String> children(String path) throws Exception {
            return client.getChildren().forPath(basePath + "/" + path);
        }

        /**
         * Pipelined asynchronous reads, at most {@link #READ_WINDOW} in flight: ZooKeeper answers them in order on
         * one connection, so 10,000 agents cost about one round trip per window instead of one each.
         */
        @Override
        public Map<String, RegistryReader.Znode> readAll(List<String> paths) throws Exception {
            Map<String, RegistryReader.Znode> out = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(READ_WINDOW);
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(paths.size());
            java.util.concurrent.atomic.AtomicReference<Exception> failure =
                    new java.util.concurrent.atomic.AtomicReference<>();
            org.apache.zookeeper.ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
            for (String p : paths) {
                window.acquire();
                zk.getData(basePath + "/" + p, false, (rc, path, ctx, data, stat) -> {
                    try {
                        KeeperException.Code code = KeeperException.Code.get(rc);
                        if (code == KeeperException.Code.OK) {
                            out.put(p, new RegistryReader.Znode(data == null ? new byte[0] : data,
                                    stat.getVersion(), stat.getNumChildren()));
                        } else if (code != KeeperException.Code.NONODE) {
                            failure.compareAndSet(null, KeeperException.create(code, path));
                        }
                    } finally {
                        window.release();
                        done.countDown();
                    }
                }, null);
            }
            if (!done.await(READ_TIMEOUT_S, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new java.util.concurrent.TimeoutException("reading " + paths.size() + " registry entries took "
                        + "longer than " + READ_TIMEOUT_S + " s");
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            return out;
        }
    }

    private static final int READ_WINDOW = 1000;
    private static final long READ_TIMEOUT_S = 120;
}
