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
package org.agora.scheduler.client.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.agora.api.json.ProtoJson;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.discovery.Leader;
import org.agora.discovery.MasterDetector;
import org.agora.discovery.ZkUrl;
import org.agora.discovery.ZooKeeperClients;
import org.agora.scheduler.client.MasterUnreachableException;
import org.apache.curator.framework.CuratorFramework;

/**
 * The leader named by a Mesos-layout ZooKeeper group (the lowest {@code json.info_} member's JSON MasterInfo),
 * followed through the detector's watches: every change reaches the {@link #watch} listener as it happens.
 * The only class that touches Curator and agora-discovery, so that a client for {@code host:port} masters never
 * loads them.
 */
final class ZooKeeperLeader implements LeaderSource {

    private static final System.Logger LOG = System.getLogger(ZooKeeperLeader.class.getName());

    private final ZkUrl url;
    private final Duration timeout;
    private final CuratorFramework curator;
    private final MasterDetector detector;
    private final Object lock = new Object();
    private CompletableFuture<HostPort> known = new CompletableFuture<>(); // guarded by lock
    private volatile Optional<AnnouncedLeader> current = Optional.empty();
    private volatile Consumer<Optional<AnnouncedLeader>> listener = leader -> { };

    private ZooKeeperLeader(ZkUrl url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.curator = ZooKeeperClients.newClient(url);
        // Runnable::run: the detector calls the listener from its own serial thread
        this.detector = MasterDetector.create(curator, url.path(), Runnable::run, this::leaderChanged);
    }

    /** Parses the URL, connects to ZooKeeper in the background and starts following the group. */
    static LeaderSource start(String zkUrl, Duration timeout) {
        ZooKeeperLeader leader = new ZooKeeperLeader(ZkUrl.parse(zkUrl), timeout);
        leader.curator.start();
        leader.detector.start();
        return leader;
    }

    @Override
    public CompletableFuture<HostPort> leader() {
        CompletableFuture<HostPort> current;
        synchronized (lock) {
            current = known;
        }
        return current.copy().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).exceptionallyCompose(e -> {
            if (e instanceof TimeoutException) {
                return CompletableFuture.failedFuture(new MasterUnreachableException("no leading master in " + url
                        + " within " + timeout.toMillis() + " ms (is ZooKeeper up, is a master running?)"));
            }
            return CompletableFuture.failedFuture(e);
        });
    }

    @Override
    public Optional<AnnouncedLeader> current() {
        return current;
    }

    @Override
    public void watch(Consumer<Optional<AnnouncedLeader>> listener) {
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
    }

    @Override
    public String describe() {
        return url.toString();
    }

    @Override
    public void close() {
        detector.close();
        curator.close();
    }

    /** On the detector's thread, in order. */
    private void leaderChanged(Optional<Leader> leader) {
        Optional<AnnouncedLeader> announced = leader.flatMap(this::announced);
        Optional<HostPort> address = announced.map(AnnouncedLeader::address);
        synchronized (lock) {
            if (address.isPresent()) {
                if (known.isDone()) {
                    known = CompletableFuture.completedFuture(address.get());
                } else {
                    known.complete(address.get());
                }
            } else if (known.isDone()) {
                known = new CompletableFuture<>();
            }
        }
        boolean changed = !announced.equals(current);
        current = announced;
        LOG.log(System.Logger.Level.INFO, "Leading master in {0}: {1}", url,
                announced.map(AnnouncedLeader::toString).orElse("none"));
        if (changed) {
            try {
                listener.accept(announced);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Leader change listener for " + url + " failed", e);
            }
        }
    }

    private Optional<AnnouncedLeader> announced(Leader leader) {
        try {
            MasterInfo info = ProtoJson.parse(leader.data(), MasterInfo.newBuilder()).buildPartial();
            return Optional.of(new AnnouncedLeader(address(info), info.getId()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Leader znode {0} in {1} holds no usable MasterInfo: {2}",
                    leader.znode(), url, e.getMessage());
            return Optional.empty();
        }
    }

    /** Where to reach a master: its address's IP (as agents do), else its host name, else its uint32 IP. */
    static HostPort address(MasterInfo info) {
        int port = info.hasAddress() && info.getAddress().hasPort() ? info.getAddress().getPort() : info.getPort();
        if (info.hasAddress() && !info.getAddress().getIp().isEmpty()) {
            return new HostPort(info.getAddress().getIp(), port);
        }
        if (info.hasAddress() && !info.getAddress().getHostname().isEmpty()) {
            return new HostPort(info.getAddress().getHostname(), port);
        }
        if (!info.getHostname().isEmpty()) {
            return new HostPort(info.getHostname(), port);
        }
        int ip = info.getIp(); // network byte order: the first octet is the low byte
        return new HostPort((ip & 0xff) + "." + (ip >>> 8 & 0xff) + "." + (ip >>> 16 & 0xff) + "." + (ip >>> 24 & 0xff),
                port);
    }
}
