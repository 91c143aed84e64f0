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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A whole cluster on this machine's loopback, every part its own process: a ZooKeeper ensemble
 * ({@link ZooKeeperEnsemble}), masters from the built master distribution and agents from the built agent
 * distribution, all pointed at the ensemble. {@link #close()} kills all of it (and the agents' tasks) and removes the
 * directory, unless {@link #keepFiles()} was called (a failed test keeps its logs there).
 */
public final class Topology implements AutoCloseable {
    private final Path dir;
    private final ZooKeeperEnsemble zookeeper;
    private final String zkUrl;
    private final List<MasterNode> masters;
    private final List<AgentNode> agents;
    private final Thread cleanupAtExit;
    private volatile boolean keep;

    private Topology(Path dir, ZooKeeperEnsemble zookeeper, String zkUrl, List<MasterNode> masters,
            List<AgentNode> agents) {
        this.dir = dir;
        this.zookeeper = zookeeper;
        this.zkUrl = zkUrl;
        this.masters = masters;
        this.agents = agents;
        // a test JVM killed by a timeout must not leave a cluster running
        this.cleanupAtExit = new Thread(this::killAll, "topology-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupAtExit);
    }

    /** A topology laid out under {@code dir} (created; must not hold an earlier topology). */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** The shape of the cluster and the keys set in its configuration files. */
    public static final class Builder {
        private final Path dir;
        private int masters = 3;
        private int agents = 2;
        private int zookeepers = 3;
        private Duration sessionTimeout = Duration.ofSeconds(4);
        private final Map<String, Object> masterKeys = new LinkedHashMap<>();
        private final Map<String, Object> agentKeys = new LinkedHashMap<>();
        private final Map<Integer, Map<String, Object>> oneAgentKeys = new LinkedHashMap<>();
        private String zkPath = "/agora";

        private Builder(Path dir) {
            this.dir = dir;
            agentKeys.put("resources", "cpus:4;mem:4096;disk:4096;ports:[31000-31100]");
            agentKeys.put("registration.backoff.max.ms", 2000);
        }

        public Builder masters(int n) {
            this.masters = n;
            return this;
        }

        public Builder agents(int n) {
            this.agents = n;
            return this;
        }

        public Builder zookeepers(int n) {
            this.zookeepers = n;
            return this;
        }

        /** {@code zk.session.timeout.ms} of masters and agents (4 s by default). */
        public Builder sessionTimeout(Duration timeout) {
            this.sessionTimeout = timeout;
            return this;
        }

        /** A key of {@code etc/org.agora.master.cfg} for every master. */
        public Builder masterKey(String key, Object value) {
            masterKeys.put(key, value);
            return this;
        }

        /** A key of {@code etc/org.agora.agent.cfg} for every agent. */
        public Builder agentKey(String key, Object value) {
            agentKeys.put(key, value);
            return this;
        }

        /**
         * A key of {@code etc/org.agora.agent.cfg} for agent {@code n} only (1 for {@code a1}), over the keys of
         * every agent: e.g. a {@code hostname} of its own ({@code localhost} beside {@code 127.0.0.1}) so that
         * constraints on hostnames tell agents on one machine apart.
         */
        public Builder agentKey(int n, String key, Object value) {
            oneAgentKeys.computeIfAbsent(n, i -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        /** The master group's path in ZooKeeper ({@code /agora}). */
        public Builder zkPath(String path) {
            this.zkPath = path;
            return this;
        }

        /**
         * Starts ZooKeeper, then every master and agent, and waits until one master leads and every agent is
         * active on it.
         *
         * @throws IllegalStateException if the distributions are not built
         */
        public Topology start(Duration atMost) {
            Path masterDist = Distributions.master().orElseThrow(() -> new IllegalStateException(
                    Distributions.missing().orElse("no master distribution")));
            Path agentDist = Distributions.agent().orElseThrow(() -> new IllegalStateException(
                    Distributions.missing().orElse("no agent distribution")));
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ZooKeeperEnsemble zk = ZooKeeperEnsemble.builder(dir).size(zookeepers).start();
            String url = zk.url(zkPath);
            Map<String, Object> mk = new LinkedHashMap<>();
            mk.put("zk.session.timeout.ms", sessionTimeout.toMillis());
            mk.putAll(masterKeys);
            Map<String, Object> ak = new LinkedHashMap<>();
            ak.put("zk.session.timeout.ms", sessionTimeout.toMillis());
            ak.putAll(agentKeys);
            List<MasterNode> ms = new ArrayList<>();
            List<AgentNode> as = new ArrayList<>();
            Topology t = new Topology(dir, zk, url, ms, as);
            try {
                for (int i = 1; i <= masters; i++) {
                    ms.add(new MasterNode("m" + i, masterDist, dir.resolve("m" + i), "127.0.0.1", "127.0.0.1",
                            Ports.free(), url, mk, List.of()));
                }
                for (int i = 1; i <= agents; i++) {
                    Map<String, Object> keys = new LinkedHashMap<>(ak);
                    keys.putAll(oneAgentKeys.getOrDefault(i, Map.of()));
                    as.add(new AgentNode("a" + i, agentDist, dir.resolve("a" + i), "127.0.0.1", Ports.free(), url,
                            keys, Optional.empty(), List.of()));
                }
                Stream.concat(ms.stream(), as.stream()).map(n -> CompletableFuture.runAsync(n::start)).toList()
                        .forEach(CompletableFuture::join);
                MasterNode leader = t.awaitLeader(atMost, List.of());
                t.awaitAgentsActiveOn(leader, atMost);
                Awaitility.await("every master to serve HTTP").atMost(atMost).pollInterval(Duration.ofMillis(100))
                        .until(() -> ms.stream().allMatch(MasterNode::healthy));
            } catch (RuntimeException | Error e) {
                t.keepFiles();
                String logs = t.logTail(60);
                t.close();
                throw new IllegalStateException("topology did not come up: " + e.getMessage() + "\n" + logs, e);
            }
            return t;
        }
    }

    public Path dir() {
        return dir;
    }

    public ZooKeeperEnsemble zookeeper() {
        return zookeeper;
    }

    /** The {@code zk://} URL of the master group. */
    public String zkUrl() {
        return zkUrl;
    }

    public List<MasterNode> masters() {
        return masters;
    }

    public List<AgentNode> agents() {
        return agents;
    }

    /** The masters whose state claims leadership now (see {@link MasterState#leading()}). */
    public List<MasterNode> claimingLeaders() {
        return masters.stream().map(m -> CompletableFuture.supplyAsync(() -> m.leading() ? m : null)).toList()
                .stream().map(CompletableFuture::join).filter(m -> m != null).toList();
    }

    /**
     * Waits until exactly one master, not among {@code excluded}, claims to lead and no other does; returns it.
     */
    public MasterNode awaitLeader(Duration atMost, Collection<MasterNode> excluded) {
        return Awaitility.await("one leading master" + (excluded.isEmpty() ? "" : " other than " + excluded))
                .atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(this::claimingLeaders, l -> l.size() == 1 && !excluded.contains(l.get(0))).get(0);
    }

    /** Whether every agent of the topology is active on {@code master} (by the agent ids the agents report). */
    public boolean agentsActiveOn(MasterNode master) {
        Optional<MasterState> st = master.state();
        if (st.isEmpty()) {
            return false;
        }
        for (AgentNode a : agents) {
            Optional<String> id = a.id();
            if (id.isEmpty() || !st.get().hasActiveAgent(id.get())) {
                return false;
            }
        }
        return true;
    }

    /** Waits for {@link #agentsActiveOn}. */
    public void awaitAgentsActiveOn(MasterNode master, Duration atMost) {
        Awaitility.await("every agent active on " + master).atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> agentsActiveOn(master));
    }

    /** The last lines of every process's log. */
    public String logTail(int lines) {
        StringBuilder b = new StringBuilder();
        masters.forEach(m -> b.append(m.logTail(lines)));
        agents.forEach(a -> b.append(a.logTail(lines)));
        b.append(zookeeper.logTail(Math.min(lines, 30)));
        return b.toString();
    }

    /** Keeps the directory (logs, data) when the topology closes; a failed test calls this. */
    public void keepFiles() {
        keep = true;
    }

    /** Kills every process, then removes the directory unless asked to keep it. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
        } catch (IllegalStateException e) {
            // shutting down already: the hook runs
        }
        killAll();
        if (!keep) {
            delete(dir);
        }
    }

    private void killAll() {
        List<RuntimeException> failures = new ArrayList<>();
        for (AutoCloseable c : Stream.concat(Stream.concat(agents.stream(), masters.stream()),
                Stream.of((AutoCloseable) zookeeper)).toList()) {
            try {
                c.close();
            } catch (Exception e) {
                failures.add(new IllegalStateException(e));
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
