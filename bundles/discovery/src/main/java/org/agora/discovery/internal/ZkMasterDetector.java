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
package org.agora.discovery.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.agora.discovery.Leader;
import org.agora.discovery.MasterDetector;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.WatcherRemoveCuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MasterDetector} on one-shot ZooKeeper watches (children of the group path, or its existence while it is
 * missing), so it works against any ZooKeeper 3.4+ ensemble a Mesos installation may run.
 *
 * <p>Each read of the group gets a generation number; results of a read that a newer one has superseded are
 * dropped. All fields without {@code volatile} belong to the mailbox thread.
 */
public final class ZkMasterDetector implements MasterDetector {

    private static final Logger LOG = LoggerFactory.getLogger(ZkMasterDetector.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final CuratorFramework rawClient;
    private final WatcherRemoveCuratorFramework client;
    private final String path;
    private final Executor executor;
    private final Listener listener;
    private final Mailbox mailbox;
    private final ConnectionStateListener connectionListener = (c, state) -> onConnectionState(state);
    private final CuratorWatcher groupWatcher = this::onGroupEvent;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();

    private volatile boolean closed;
    private volatile Optional<Leader> current = Optional.empty();

    private int generation;
    private boolean waitingForPath;

    /** See {@link MasterDetector#create}. */
    public ZkMasterDetector(CuratorFramework client, String path, Executor executor, Listener listener) {
        this.rawClient = Objects.requireNonNull(client, "client");
        this.path = GroupPaths.requireGroupPath(path);
        this.executor = Objects.requireNonNull(executor, "executor");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.client = client.newWatcherRemoveCuratorFramework();
        this.mailbox = new Mailbox("agora-master-detector" + path);
    }

    @Override
    public void start() {
        GroupPaths.requireStarted(rawClient, "master detector for " + path);
        if (closed || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("master detector for " + path + ": already started or closed");
        }
        rawClient.getConnectionStateListenable().addListener(connectionListener, mailbox);
        LOG.info("Detecting the leader of master group {}", path);
        mailbox.execute(this::readGroup);
    }

    @Override
    public Optional<Leader> current() {
        return current;
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        if (started.get()) {
            rawClient.getConnectionStateListenable().removeListener(connectionListener);
            client.removeWatchers();
        }
        mailbox.shutdown();
        LOG.info("Stopped detecting the leader of master group {}", path);
    }

    // ---- mailbox thread from here on ----

    private void readGroup() {
        if (closed) {
            return;
        }
        int read = ++generation;
        try {
            client.getChildren().usingWatcher(groupWatcher)
                    .inBackground((c, event) -> onChildren(read, event), mailbox)
                    .forPath(path);
        } catch (Exception e) {
            LOG.warn("Reading master group {} failed: {}; retrying", path, e.toString());
            retryLater();
        }
    }

    private void onGroupEvent(WatchedEvent event) {
        // Connection events (type None) reach every watcher; the connection-state listener handles those.
        if (event.getType() != EventType.None) {
            mailbox.execute(this::readGroup);
        }
    }

    private void onChildren(int read, CuratorEvent event) {
        if (closed || read != generation) {
            return;
        }
        Code code = Code.get(event.getResultCode());
        if (code == Code.OK) {
            waitingForPath = false;
            Optional<String> lowest = GroupMembers.lowest(event.getChildren());
            if (lowest.isPresent()) {
                readLeader(read, lowest.get());
            } else {
                report(Optional.empty(), "no json.info_ member in the group");
            }
        } else if (code == Code.NONODE) {
            report(Optional.empty(), "the group path does not exist");
            watchForPath(read);
        } else {
            LOG.warn("Reading master group {} failed: {}", path, code);
            retryLater();
        }
    }

    private void watchForPath(int read) {
        if (!waitingForPath) {
            waitingForPath = true;
            LOG.info("Master group path {} does not exist yet; waiting for it", path);
        }
        try {
            client.checkExists().usingWatcher(groupWatcher).inBackground((c, event) -> {
                if (!closed && read == generation && event.getStat() != null) {
                    readGroup(); // created between the two reads
                }
            }, mailbox).forPath(path);
        } catch (Exception e) {
            LOG.warn("Watching for master group path {} failed: {}; retrying", path, e.toString());
            retryLater();
        }
    }

    private void readLeader(int read, String child) {
        String znode = path + "/" + child;
        long sequence = GroupMembers.sequence(child).orElseThrow();
        try {
            client.getData().inBackground((c, event) -> {
                if (closed || read != generation) {
                    return;
                }
                Code code = Code.get(event.getResultCode());
                if (code == Code.OK) {
                    byte[] bytes = event.getData() == null ? new byte[0] : event.getData();
                    report(Optional.of(new Leader(znode, sequence, bytes)), "lowest json.info_ member");
                } else if (code == Code.NONODE) {
                    readGroup(); // the leader left between the two reads
                } else {
                    LOG.warn("Reading leader {} of master group {} failed: {}", znode, path, code);
                    retryLater();
                }
            }, mailbox).forPath(znode);
        } catch (Exception e) {
            LOG.warn("Reading leader {} of master group {} failed: {}; retrying", znode, path, e.toString());
            retryLater();
        }
    }

    private void onConnectionState(ConnectionState state) {
        if (closed) {
            return;
        }
        switch (state) {
            case SUSPENDED, READ_ONLY -> LOG.info("ZooKeeper connection {} (master group {}); keeping leader {}",
                    state, path, current.map(Leader::znode).orElse("none"));
            case LOST -> {
                generation++; // drop the results of reads in flight: they belong to the lost session
                report(Optional.empty(), "ZooKeeper session lost");
            }
            case CONNECTED, RECONNECTED -> {
                LOG.info("ZooKeeper connection {} (master group {}); reading the group", state, path);
                readGroup();
            }
            default -> LOG.debug("Ignoring connection state {} for master group {}", state, path);
        }
    }

    private void retryLater() {
        mailbox.schedule(() -> {
            if (rawClient.getZookeeperClient().isConnected()) {
                readGroup();
            } // else the next CONNECTED / RECONNECTED reads the group
        }, RETRY_DELAY);
    }

    private void report(Optional<Leader> leader, String why) {
        if (leader.equals(current)) {
            return;
        }
        current = leader;
        if (leader.isPresent()) {
            LOG.info("Leader of master group {} is now {} ({})", path, leader.get().znode(), why);
        } else {
            LOG.info("Master group {} has no known leader ({})", path, why);
        }
        try {
            executor.execute(() -> {
                if (!closed) {
                    listener.leaderChanged(leader);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("Master group {}: listener executor rejected a leader change", path);
        }
    }
}
