package org.agora.master.internal.registry;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.agora.api.registry.RegistryProtos.Quotas;
import org.agora.api.registry.RegistryProtos.Reservations;
import org.agora.api.registry.RegistryProtos.Weights;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.WeightInfo;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.BackgroundCallback;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry in ZooKeeper, beside the leader-election group: {@code <path>/registry/agents/<id>} holds each admitted
 * agent's AgentInfo (protobuf), {@code <path>/registry/unreachable/<id>} the time it became unreachable (epoch
 * millis, 8 bytes), {@code <path>/registry/reservations/<id>} its dynamic reservations; {@code <path>/registry/weights}
 * and {@code <path>/registry/quotas} hold the whole weight and quota tables (small, and one write each keeps an
 * operator call atomic). One znode per agent keeps each write small and independent (a single registry znode would pass
 * ZooKeeper's 1 MB limit near 5,000 agents). Writes are asynchronous; a stage completes once ZooKeeper confirmed.
 */
public final class ZooKeeperRegistry implements Registry {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperRegistry.class);

    private final CuratorFramework client;
    private final String agentsPath;
    private final String unreachablePath;
    private final String gonePath;
    private final String reservationsPath;
    private final String weightsPath;
    private final String quotasPath;

    public ZooKeeperRegistry(CuratorFramework client, String basePath) {
        this.client = client;
        this.agentsPath = basePath + "/registry/agents";
        this.unreachablePath = basePath + "/registry/unreachable";
        this.gonePath = basePath + "/registry/gone";
        this.reservationsPath = basePath + "/registry/reservations";
        this.weightsPath = basePath + "/registry/weights";
        this.quotasPath = basePath + "/registry/quotas";
    }

    @Override
    public CompletionStage<RegistryState> recover() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                List<AgentInfo> admitted = new ArrayList<>();
                for (String id : children(agentsPath)) {
                    byte[] data = client.getData().forPath(agentsPath + "/" + id);
                    try {
                        admitted.add(AgentInfo.parseFrom(data));
                    } catch (InvalidProtocolBufferException e) {
                        LOG.error("Registry entry {}/{} is corrupt and is skipped: {}", agentsPath, id, e.getMessage());
                    }
                }
                Map<String, Instant> unreachable = times(unreachablePath);
                Map<String, Instant> gone = times(gonePath);
                Map<String, Double> weights = new HashMap<>();
                byte[] w = dataOrNull(weightsPath);
                if (w != null) {
                    for (WeightInfo info : Weights.parseFrom(w).getWeightsList()) {
                        weights.put(info.getRole(), info.getWeight());
                    }
                }
                byte[] q = dataOrNull(quotasPath);
                List<QuotaConfig> quotas = q == null ? List.of() : Quotas.parseFrom(q).getConfigsList();
                Map<String, List<Resource>> reservations = new HashMap<>();
                for (String id : children(reservationsPath)) {
                    byte[] data = client.getData().forPath(reservationsPath + "/" + id);
                    try {
                        reservations.put(id, Reservations.parseFrom(data).getResourcesList());
                    } catch (InvalidProtocolBufferException e) {
                        LOG.error("Reservations {}/{} are corrupt and are skipped: {}", reservationsPath, id,
                                e.getMessage());
                    }
                }
                LOG.info("Recovered registry from {}: {} admitted agents, {} unreachable, {} gone, {} weights, {} "
                        + "quotas, reservations on {} agents", agentsPath, admitted.size(), unreachable.size(),
                        gone.size(), weights.size(), quotas.size(), reservations.size());
                return new RegistryState(admitted, unreachable, gone, weights, quotas, reservations);
            } catch (Exception e) {
                throw new RegistryException("cannot read the registry under " + agentsPath + ": " + e, e);
            }
        });
    }

    private Map<String, Instant> times(String path) throws Exception {
        Map<String, Instant> times = new HashMap<>();
        for (String id : children(path)) {
            byte[] data = client.getData().forPath(path + "/" + id);
            times.put(id, data.length == 8 ? Instant.ofEpochMilli(ByteBuffer.wrap(data).getLong()) : Instant.EPOCH);
        }
        return times;
    }

    private byte[] dataOrNull(String path) throws Exception {
        try {
            return client.getData().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return null;
        }
    }

    private List<String> children(String path) throws Exception {
        try {
            return client.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    @Override
    public CompletionStage<Void> admit(AgentInfo agent) {
        String id = agent.getId().getValue();
        return write(agentsPath + "/" + id, agent.toByteArray())
                .thenCompose(v -> delete(unreachablePath + "/" + id));
    }

    @Override
    public CompletionStage<Void> markUnreachable(AgentID agentId, Instant when) {
        return write(unreachablePath + "/" + agentId.getValue(),
                ByteBuffer.allocate(8).putLong(when.toEpochMilli()).array());
    }

    @Override
    public CompletionStage<Void> markGone(AgentID agentId, Instant when) {
        return write(gonePath + "/" + agentId.getValue(), ByteBuffer.allocate(8).putLong(when.toEpochMilli()).array())
                .thenCompose(v -> remove(agentId));
    }

    @Override
    public CompletionStage<Void> remove(AgentID agentId) {
        return delete(agentsPath + "/" + agentId.getValue())
                .thenCompose(v -> delete(unreachablePath + "/" + agentId.getValue()))
                .thenCompose(v -> delete(reservationsPath + "/" + agentId.getValue()));
    }

    @Override
    public CompletionStage<Void> saveWeights(Map<String, Double> weights) {
        Weights.Builder b = Weights.newBuilder();
        weights.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> b.addWeights(
                WeightInfo.newBuilder().setRole(e.getKey()).setWeight(e.getValue())));
        return write(weightsPath, b.build().toByteArray());
    }

    @Override
    public CompletionStage<Void> saveQuotas(List<QuotaConfig> quotas) {
        return write(quotasPath, Quotas.newBuilder().addAllConfigs(quotas).build().toByteArray());
    }

    @Override
    public CompletionStage<Void> saveReservations(AgentID agentId, List<Resource> reserved) {
        String path = reservationsPath + "/" + agentId.getValue();
        return reserved.isEmpty() ? delete(path)
                : write(path, Reservations.newBuilder().addAllResources(reserved).build().toByteArray());
    }

    private CompletionStage<Void> write(String path, byte[] data) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.create().orSetData().creatingParentsIfNeeded().inBackground(callback(path, done, false))
                    .forPath(path, data);
        } catch (Exception e) {
            done.completeExceptionally(new RegistryException("cannot write " + path + ": " + e, e));
        }
        return done;
    }

    private CompletionStage<Void> delete(String path) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.delete().inBackground(callback(path, done, true)).forPath(path);
        } catch (Exception e) {
            done.completeExceptionally(new RegistryException("cannot delete " + path + ": " + e, e));
        }
        return done;
    }

    private static BackgroundCallback callback(String path, CompletableFuture<Void> done, boolean missingIsOk) {
        return (CuratorFramework c, CuratorEvent event) -> {
            KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
            if (code == KeeperException.Code.OK || (missingIsOk && code == KeeperException.Code.NONODE)) {
                done.complete(null);
            } else {
                done.completeExceptionally(new RegistryException("ZooKeeper refused " + event.getType() + " of "
                        + path + ": " + code));
            }
        };
    }

    @Override
    public void close() {
        // the Curator client belongs to the master component, which closes it
    }
}
