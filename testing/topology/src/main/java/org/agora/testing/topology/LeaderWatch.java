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
package org.agora.testing.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.agora.api.json.ProtoJson;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.discovery.Leader;
import org.agora.discovery.MasterDetector;
import org.agora.discovery.ZkUrl;
import org.agora.discovery.ZooKeeperClients;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.data.Stat;
import org.awaitility.Awaitility;

/**
 * Watches the master group in ZooKeeper as agents and frameworks do ({@link MasterDetector}), keeping every leader
 * change with the moment it was seen, and tells the moment a member znode is deleted (a master's session expired or
 * it left), with a ZooKeeper watch rather than by polling.
 */
public final class LeaderWatch implements AutoCloseable {
    /**
     * A leader change as the detector reported it.
     *
     * @param nanos  {@link System#nanoTime()} when it was reported
     * @param at     the wall-clock time of the report
     * @param znode  the leader's member znode, empty when no leader is known
     * @param leader the leader's MasterInfo, empty when none is known or its data is unreadable
     */
    public record Change(long nanos, Instant at, Optional<String> znode, Optional<MasterInfo> leader) {
    }

    private final CuratorFramework client;
    private final MasterDetector detector;
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "leader-watch");
        t.setDaemon(true);
        return t;
    });
    private final List<Change> changes = new CopyOnWriteArrayList<>();

    private LeaderWatch(ZkUrl url, Duration sessionTimeout) {
        client = ZooKeeperClients.newClient(url, sessionTimeout, sessionTimeout);
        client.start();
        detector = MasterDetector.create(client, url.path(), events, this::changed);
        detector.start();
    }

    /** Starts watching the group at {@code zkUrl} with its own ZooKeeper session. */
    public static LeaderWatch start(String zkUrl, Duration sessionTimeout) {
        return new LeaderWatch(ZkUrl.parse(zkUrl), sessionTimeout);
    }

    private void changed(Optional<Leader> leader) {
        changes.add(new Change(System.nanoTime(), Instant.now(), leader.map(Leader::znode),
                leader.flatMap(LeaderWatch::masterInfo)));
    }

    private static Optional<MasterInfo> masterInfo(Leader leader) {
        try {
            return Optional.of(ProtoJson.parse(leader.data(), MasterInfo.newBuilder()).build());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every change seen so far, oldest first. */
    public List<Change> changes() {
        return List.copyOf(changes);
    }

    /** The latest change, if any. */
    public Optional<Change> latest() {
        return changes.isEmpty() ? Optional.empty() : Optional.of(changes.get(changes.size() - 1));
    }

    /** The leader's MasterInfo as last reported. */
    public Optional<MasterInfo> leader() {
        return latest().flatMap(Change::leader);
    }

    /** Waits until the reported leader is a master other than {@code masterId}; returns that change. */
    public Change awaitLeaderOtherThan(String masterId, Duration atMost) {
        return Awaitility.await("a leader other than " + masterId + " in ZooKeeper").atMost(atMost)
                .pollInterval(Duration.ofMillis(10))
                .until(this::latest, c -> c.isPresent() && c.get().leader().map(m -> !m.getId().equals(masterId))
                        .orElse(false)).orElseThrow();
    }

    /**
     * Completes with {@link System#nanoTime()} when {@code znode} is deleted (immediately if it does not exist).
     * Set it before the event: a watch tells what happens after it is set.
     */
    public CompletableFuture<Long> deletion(String znode) {
        CompletableFuture<Long> deleted = new CompletableFuture<>();
        CuratorWatcher watcher = event -> {
            if (event.getType() == EventType.NodeDeleted) {
                deleted.complete(System.nanoTime());
            }
        };
        try {
            Stat stat = client.checkExists().usingWatcher(watcher).forPath(znode);
            if (stat == null) {
                deleted.complete(System.nanoTime());
            }
        } catch (Exception e) {
            deleted.completeExceptionally(e);
        }
        return deleted;
    }

    @Override
    public void close() {
        detector.close();
        client.close();
        events.shutdownNow();
        try {
            events.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
