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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.agora.discovery.MasterContender;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.WatcherRemoveCuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MasterContender} on plain Curator operations. Curator's {@code LeaderLatch} names its znodes
 * {@code _c_<uuid>-latch-<seq>}, which Mesos tools do not read, and protected mode would add the same prefix, so
 * this contender creates its {@code json.info_} node itself and deals with what protection would have dealt with:
 * a create retried after a connection loss can leave a duplicate node of this session, which is deleted when it
 * turns up as a lower member.
 *
 * <p>All fields without {@code volatile} belong to the mailbox thread.
 */
public final class ZkMasterContender implements MasterContender {

    private static final Logger LOG = LoggerFactory.getLogger(ZkMasterContender.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);
    private static final Duration SUSPENSION_MARGIN = Duration.ofMillis(100);

    private final CuratorFramework rawClient;
    private final WatcherRemoveCuratorFramework client;
    private final String path;
    private final byte[] data;
    private final Executor executor;
    private final Listener listener;
    private final Mailbox mailbox;
    private final ConnectionStateListener connectionListener = (c, state) -> onConnectionState(state);
    private final CuratorWatcher groupWatcher = this::onGroupEvent;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();

    private volatile boolean closed;
    private volatile boolean elected;
    private volatile String node;

    private long nodeSession;
    private boolean connected;
    /** The session timeout the server granted, once connected; 0 while unknown. */
    private int sessionTimeoutMs;
    /** Bumped on every connection state change: a suspension deadline of an earlier suspension does nothing. */
    private long suspension;
    private boolean joining;
    private int joinAttempt;
    private String checkedLowest;
    private CompletableFuture<Void> leaving;

    /** See {@link MasterContender#create}. */
    public ZkMasterContender(CuratorFramework client, String path, byte[] masterInfoJson,
                             Executor executor, Listener listener) {
        this.rawClient = Objects.requireNonNull(client, "client");
        this.path = GroupPaths.requireGroupPath(path);
        this.data = Objects.requireNonNull(masterInfoJson, "masterInfoJson").clone();
        this.executor = Objects.requireNonNull(executor, "executor");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.client = client.newWatcherRemoveCuratorFramework();
        this.mailbox = new Mailbox("agora-master-contender" + path);
    }

    @Override
    public void start() {
        GroupPaths.requireStarted(rawClient, "master contender for " + path);
        if (closed || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("master contender for " + path + ": already started or closed");
        }
        rawClient.getConnectionStateListenable().addListener(connectionListener, mailbox);
        mailbox.execute(() -> {
            connected = rawClient.getZookeeperClient().isConnected();
            if (connected) {
                sessionTimeoutMs = negotiatedSessionTimeout();
            }
            LOG.info("Joining master group {} (connected: {})", path, connected);
            join();
        });
    }

    @Override
    public boolean isElected() {
        return elected;
    }

    @Override
    public Optional<String> znode() {
        return Optional.ofNullable(node);
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        if (started.get()) {
            CompletableFuture<Void> left = new CompletableFuture<>();
            mailbox.execute(() -> leave(left));
            awaitLeft(left);
            rawClient.getConnectionStateListenable().removeListener(connectionListener);
            client.removeWatchers();
        }
        mailbox.shutdown();
    }

    private void awaitLeft(CompletableFuture<Void> left) {
        try {
            left.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Leaving master group {}: delete of member {} not confirmed within {}; it goes with the session",
                    path, node, CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("Leaving master group {} failed", path, e.getCause());
        }
    }

    // ---- mailbox thread from here on ----

    private void join() {
        if (closed || node != null || joining) {
            return;
        }
        joining = true;
        int attempt = ++joinAttempt;
        try {
            client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                    .inBackground((c, event) -> onCreated(attempt, event), mailbox)
                    .forPath(path + "/" + GroupMembers.PREFIX, data);
        } catch (Exception e) {
            joining = false;
            LOG.warn("Joining master group {} failed: {}; retrying", path, e.toString());
            retryLater();
        }
    }

    private void onCreated(int attempt, CuratorEvent event) {
        boolean ok = event.getResultCode() == Code.OK.intValue();
        String created = event.getName();
        boolean current = attempt == joinAttempt;
        if (current) {
            joining = false;
        }
        if (closed || !current) {
            if (ok) {
                LOG.info("Deleting member {} of master group {}: its join was abandoned", created, path);
                delete(created, current ? leaving : null);
            } else if (current && leaving != null) {
                leaving.complete(null);
            }
            return;
        }
        if (!ok) {
            LOG.warn("Joining master group {} failed: {}", path, Code.get(event.getResultCode()));
            retryLater();
            return;
        }
        node = created;
        nodeSession = event.getStat() != null ? event.getStat().getEphemeralOwner() : sessionId();
        LOG.info("Joined master group {} as {} (session 0x{})", path, created, Long.toHexString(nodeSession));
        readGroup();
    }

    private void readGroup() {
        if (closed) {
            return;
        }
        String expected = node;
        try {
            client.getChildren().usingWatcher(groupWatcher)
                    .inBackground((c, event) -> onGroupRead(expected, event), mailbox)
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

    private void onGroupRead(String expected, CuratorEvent event) {
        if (closed) {
            return;
        }
        if (!Objects.equals(expected, node)) {
            readGroup(); // issued for an earlier membership: read again for the current one
            return;
        }
        Code code = Code.get(event.getResultCode());
        if (code == Code.OK) {
            evaluate(event.getChildren());
        } else if (code == Code.NONODE) {
            evaluate(List.of()); // the group path itself was deleted, and our member with it
        } else {
            LOG.warn("Reading master group {} (member {}) failed: {}", path, node, code);
            retryLater();
        }
    }

    private void evaluate(List<String> children) {
        String ours = node;
        if (ours == null) {
            return;
        }
        if (!children.contains(GroupMembers.childName(ours))) {
            node = null;
            defeat("member " + ours + " of " + path + " was deleted");
            LOG.warn("Member {} of master group {} is gone; re-joining", ours, path);
            join();
            return;
        }
        String lowest = GroupMembers.lowest(children).orElseThrow();
        String lowestNode = path + "/" + lowest;
        if (lowestNode.equals(ours)) {
            if (connected && !elected) {
                elected = true;
                LOG.info("Elected: member {} is the lowest of master group {}", ours, path);
                deliver(listener::elected);
            }
        } else {
            defeat("member " + lowestNode + " is lower than ours, " + ours);
            deleteIfDuplicate(lowestNode);
        }
    }

    /** Deletes {@code lowerNode} if this session created it: a create that Curator retried after a connection loss. */
    private void deleteIfDuplicate(String lowerNode) {
        if (lowerNode.equals(checkedLowest) || nodeSession == 0) { // 0: owner unknown (and owns persistent nodes)
            return;
        }
        checkedLowest = lowerNode;
        long session = nodeSession;
        try {
            client.checkExists().inBackground((c, event) -> {
                if (!closed && node != null && event.getStat() != null
                        && event.getStat().getEphemeralOwner() == session) {
                    LOG.warn("Deleting {} from master group {}: a duplicate of member {} left by a retried create",
                            lowerNode, path, node);
                    delete(lowerNode, null);
                }
            }, mailbox).forPath(lowerNode);
        } catch (Exception e) {
            LOG.warn("Checking member {} of master group {} failed: {}", lowerNode, path, e.toString());
        }
    }

    private void onConnectionState(ConnectionState state) {
        if (closed) {
            return;
        }
        LOG.info("ZooKeeper connection {} (master group {}, member {})", state, path, node);
        long current = ++suspension;
        switch (state) {
            case SUSPENDED, READ_ONLY -> {
                connected = false;
                suspended(state, current);
            }
            case LOST -> {
                connected = false;
                defeat("ZooKeeper session lost (member " + node + " of " + path + ")");
                abandonMembership();
            }
            case CONNECTED, RECONNECTED -> {
                connected = true;
                sessionTimeoutMs = negotiatedSessionTimeout();
                if (node != null && sessionId() != nodeSession) {
                    abandonMembership(); // a new session without a LOST before it
                }
                refresh();
            }
            default -> LOG.debug("Ignoring connection state {} for master group {}", state, path);
        }
    }

    /**
     * The connection is suspended: the session may still live, and the client is trying the other servers. The
     * client notices a silent server after two thirds of the session timeout at most, so the server cannot expire
     * the session (and let another master be elected) before one third of it has passed since the suspension. A
     * leader keeps leading for a quarter of it, less a margin, so that a ZooKeeper server going away does not cost a
     * re-election when another server takes the session over in time; if none does, it is defeated before its
     * session can expire.
     */
    private void suspended(ConnectionState state, long current) {
        if (!elected) {
            return;
        }
        String reason = "connection to ZooKeeper " + state + " (member " + node + " of " + path + ")";
        Duration grace = suspensionGrace(sessionTimeoutMs);
        if (grace.isZero()) {
            defeat(reason);
            return;
        }
        LOG.warn("Still leading while the ZooKeeper connection is {}: defeated unless it comes back within {} ms",
                state, grace.toMillis());
        mailbox.schedule(() -> {
            if (suspension == current && !connected) {
                defeat(reason + " for " + grace.toMillis() + " ms, too long to be sure of the session");
            }
        }, grace);
    }

    /**
     * A quarter of the session timeout less a margin, well inside the third the server must grant: the client may
     * notice the silence late on a busy machine, and the defeat still has to reach the master's actor. Zero when the
     * session timeout is unknown.
     */
    static Duration suspensionGrace(int sessionTimeoutMs) {
        long grace = sessionTimeoutMs / 4 - SUSPENSION_MARGIN.toMillis();
        return grace > 0 ? Duration.ofMillis(grace) : Duration.ZERO;
    }

    /**
     * The session that owned our member is gone: forget the member (and any create in flight) so that the next
     * connection re-joins. The old znode is deleted as well, because when Curator declares the session lost on its
     * own (after the session timeout without a connection) the server may still hold it for a while.
     */
    private void abandonMembership() {
        joinAttempt++;
        joining = false;
        checkedLowest = null;
        String old = node;
        if (old != null) {
            node = null;
            LOG.info("Member {} of master group {} belonged to the lost session; deleting it, will re-join", old, path);
            delete(old, null);
        }
    }

    private void refresh() {
        if (closed || !connected) {
            return;
        }
        if (node == null) {
            join();
        } else {
            readGroup();
        }
    }

    private void retryLater() {
        mailbox.schedule(this::refresh, RETRY_DELAY);
    }

    private void leave(CompletableFuture<Void> left) {
        elected = false;
        String ours = node;
        node = null;
        leaving = left;
        if (ours != null) {
            delete(ours, left);
        } else if (!joining) {
            left.complete(null);
        } // else onCreated deletes what the join created and completes it
    }

    private void delete(String znode, CompletableFuture<Void> done) {
        try {
            client.delete().quietly().guaranteed().inBackground((c, event) -> {
                LOG.info("Deleted member {} of master group {}: {}", znode, path, Code.get(event.getResultCode()));
                if (done != null) {
                    done.complete(null);
                }
            }, mailbox).forPath(znode);
        } catch (Exception e) {
            LOG.warn("Deleting member {} of master group {} failed: {}", znode, path, e.toString());
            if (done != null) {
                done.complete(null);
            }
        }
    }

    private void defeat(String reason) {
        if (elected) {
            elected = false;
            LOG.info("Defeated: {}", reason);
            deliver(() -> listener.defeated(reason));
        }
    }

    private void deliver(Runnable callback) {
        try {
            executor.execute(() -> {
                if (!closed) {
                    callback.run();
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("Master group {}: listener executor rejected a callback", path);
        }
    }

    private int negotiatedSessionTimeout() {
        try {
            return rawClient.getZookeeperClient().getZooKeeper().getSessionTimeout();
        } catch (Exception e) {
            return 0;
        }
    }

    private long sessionId() {
        try {
            return rawClient.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            return 0;
        }
    }
}
