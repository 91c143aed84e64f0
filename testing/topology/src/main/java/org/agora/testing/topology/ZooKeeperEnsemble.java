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
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * A ZooKeeper ensemble of separate JVMs ({@code QuorumPeerMain} from the ZooKeeper jars on this JVM's class path),
 * each with its own data directory, {@code myid}, client, quorum and election ports, and log file. A short tick
 * (200 ms by default) keeps elections and session expiry quick; session timeouts from 400 ms to 60 s are allowed.
 *
 * <p>Nodes can be killed with SIGKILL and started again on their data; readiness is asked with the {@code srvr}
 * four-letter word (a node serves once it reports {@code Mode: leader} or {@code follower}), never by sleeping.
 */
public final class ZooKeeperEnsemble implements AutoCloseable {
    private final List<Node> nodes;

    private ZooKeeperEnsemble(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** Settings of an ensemble; {@link #start()} writes the configuration and starts every node. */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** How to lay out and run the ensemble. */
    public static final class Builder {
        private final Path dir;
        private int size = 3;
        private int tickMs = 200;
        private IntFunction<String> host = i -> "127.0.0.1";
        private IntFunction<String> clientBind = null;
        private IntFunction<List<String>> prefix = i -> List.of();
        private boolean samePorts;
        private String classPath = serverClassPath();

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** Number of nodes (3 by default). */
        public Builder size(int n) {
            this.size = n;
            return this;
        }

        /** ZooKeeper's tick in milliseconds (200 by default): sessions expire and elections run at this grain. */
        public Builder tickMs(int ms) {
            this.tickMs = ms;
            return this;
        }

        /** The address of node {@code i} (1-based): its quorum, election and client address (127.0.0.1). */
        public Builder host(IntFunction<String> host) {
            this.host = host;
            return this;
        }

        /** The address node {@code i} accepts clients on, when not its host address (e.g. 0.0.0.0 in a netns). */
        public Builder clientBind(IntFunction<String> bind) {
            this.clientBind = bind;
            return this;
        }

        /** A command prefix for node {@code i}'s JVM, e.g. {@code ip netns exec zk1}. */
        public Builder prefix(IntFunction<List<String>> prefix) {
            this.prefix = prefix;
            return this;
        }

        /**
         * Every node on ports 2181 (client), 2888 (quorum) and 3888 (election), for nodes with addresses of their own
         * (network namespaces); otherwise each node gets free ports.
         */
        public Builder standardPorts() {
            this.samePorts = true;
            return this;
        }

        /** The class path of the server JVMs (this JVM's by default). */
        public Builder classPath(String cp) {
            this.classPath = cp;
            return this;
        }

        /** Writes the configuration, starts every node and waits for a quorum. */
        public ZooKeeperEnsemble start() {
            List<Node> nodes = new ArrayList<>();
            for (int i = 1; i <= size; i++) {
                nodes.add(new Node(i, dir.resolve("zk" + i), host.apply(i),
                        clientBind != null ? clientBind.apply(i) : host.apply(i),
                        samePorts ? 2181 : Ports.free(), samePorts ? 2888 : Ports.free(),
                        samePorts ? 3888 : Ports.free(), prefix.apply(i), classPath));
            }
            String servers = nodes.stream().map(n -> "server." + n.id + "=" + n.host + ":" + n.quorumPort + ":"
                    + n.electionPort).collect(Collectors.joining("\n"));
            for (Node n : nodes) {
                n.writeConfig(tickMs, servers);
            }
            ZooKeeperEnsemble ensemble = new ZooKeeperEnsemble(List.copyOf(nodes));
            try {
                nodes.forEach(Node::start);
                ensemble.awaitQuorum(Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                ensemble.close();
                throw e;
            }
            return ensemble;
        }
    }

    /** Jars of this JVM's class path the server JVMs need, by the start of their file names. */
    private static final List<String> SERVER_JARS = List.of("zookeeper", "agora-zookeeper", "slf4j-api",
            "slf4j-simple", "metrics-core", "snappy-java", "netty-", "audience-annotations", "commons-io");

    /**
     * The jars of this JVM's class path that a ZooKeeper server needs (ZooKeeper, SLF4J with its simple binding,
     * metrics, snappy, Netty), and nothing else: test class paths bring logging back ends (Pax Logging's, Logback's)
     * and Karaf jars that would swallow the server's log.
     */
    static String serverClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> {
                    String file = Path.of(e).getFileName().toString();
                    return (file.endsWith(".jar") && SERVER_JARS.stream().anyMatch(file::startsWith))
                            || Files.isDirectory(Path.of(e)) && Files.exists(Path.of(e, "org/apache/zookeeper"));
                }).collect(Collectors.joining(java.io.File.pathSeparator));
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** Node {@code i}, 1-based as ZooKeeper's {@code myid}. */
    public Node node(int i) {
        return nodes.get(i - 1);
    }

    /** {@code host:port,host:port,...} of every node. */
    public String connectString() {
        return nodes.stream().map(Node::clientAddress).collect(Collectors.joining(","));
    }

    /** {@code zk://<connect string><path>}. */
    public String url(String path) {
        return "zk://" + connectString() + path;
    }

    /**
     * Waits until every running node serves (leader or follower) and exactly one of them leads.
     *
     * @throws org.awaitility.core.ConditionTimeoutException naming the nodes' modes, if that does not happen
     */
    public void awaitQuorum(Duration atMost) {
        Awaitility.await("a ZooKeeper quorum").atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    List<Node> running = nodes.stream().filter(Node::alive).toList();
                    List<String> modes = running.stream().map(n -> n.mode().orElse("none")).toList();
                    return running.size() > nodes.size() / 2
                            && modes.stream().allMatch(m -> m.equals("leader") || m.equals("follower"))
                            && modes.stream().filter("leader"::equals).count() == 1;
                });
    }

    /** SIGKILL to every node, then every node started again on its data, then a quorum awaited. */
    public void restartAll(Duration atMost) {
        nodes.stream().filter(Node::alive).forEach(Node::kill9);
        nodes.forEach(Node::start);
        awaitQuorum(atMost);
    }

    /** The last lines of every node's log. */
    public String logTail(int lines) {
        StringBuilder b = new StringBuilder();
        for (Node n : nodes) {
            b.append("----- zk").append(n.id).append(" (").append(n.clientAddress()).append(n.alive() ? ", running"
                    : ", not running").append(") ").append(n.log).append(":\n").append(LogTail.of(n.log, lines));
        }
        return b.toString();
    }

    /** Kills every node. */
    @Override
    public void close() {
        nodes.stream().filter(Node::alive).forEach(Node::kill9);
    }

    /** One server of the ensemble. */
    public static final class Node {
        private final int id;
        private final Path dir;
        private final String host;
        private final String clientBind;
        private final int clientPort;
        private final int quorumPort;
        private final int electionPort;
        private final List<String> prefix;
        private final String classPath;
        private final Path log;
        private Process process;

        private Node(int id, Path dir, String host, String clientBind, int clientPort, int quorumPort,
                int electionPort, List<String> prefix, String classPath) {
            this.id = id;
            this.dir = dir;
            this.host = host;
            this.clientBind = clientBind;
            this.clientPort = clientPort;
            this.quorumPort = quorumPort;
            this.electionPort = electionPort;
            this.prefix = prefix;
            this.classPath = classPath;
            this.log = dir.resolve("zookeeper.log");
        }

        private void writeConfig(int tickMs, String servers) {
            try {
                Files.createDirectories(dir.resolve("data"));
                Files.writeString(dir.resolve("data/myid"), id + "\n");
                Files.writeString(dir.resolve("zoo.cfg"), String.join("\n",
                        "tickTime=" + tickMs,
                        "initLimit=" + Math.max(10, 5000 / tickMs),
                        "syncLimit=" + Math.max(5, 2000 / tickMs),
                        "minSessionTimeout=400",
                        "maxSessionTimeout=60000",
                        "dataDir=" + dir.resolve("data"),
                        "clientPort=" + clientPort,
                        "clientPortAddress=" + clientBind,
                        "maxClientCnxns=0",
                        "admin.enableServer=false",
                        "4lw.commands.whitelist=srvr,mntr,ruok",
                        "reconfigEnabled=false",
                        "standaloneEnabled=false",
                        "preAllocSize=1024",
                        "forceSync=no",
                        servers) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the configuration of zk" + id, e);
            }
        }

        public int id() {
            return id;
        }

        public String host() {
            return host;
        }

        public int clientPort() {
            return clientPort;
        }

        /** {@code host:clientPort}. */
        public String clientAddress() {
            return host + ":" + clientPort;
        }

        public Path log() {
            return log;
        }

        /** Starts the node's JVM (appending to its log); does not wait for it to serve. */
        public synchronized void start() {
            if (alive()) {
                throw new IllegalStateException("zk" + id + " runs already");
            }
            List<String> command = new ArrayList<>(prefix);
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dzookeeper.cnxTimeout=1000", "-Dzookeeper.admin.enableServer=false",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                    "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                    "-cp", classPath, "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                    dir.resolve("zoo.cfg").toString()));
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start zk" + id, e);
            }
        }

        public synchronized boolean alive() {
            return process != null && process.isAlive();
        }

        /** SIGKILL, returning once the JVM has exited. */
        public synchronized void kill9() {
            if (!alive()) {
                throw new IllegalStateException("zk" + id + " does not run");
            }
            process.destroyForcibly();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("zk" + id + " still runs 10 s after SIGKILL");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        public synchronized Optional<Long> pid() {
            return alive() ? Optional.of(process.pid()) : Optional.empty();
        }

        /**
         * {@code leader}, {@code follower} or {@code standalone} from {@code srvr}; empty when the node does not
         * answer or does not serve (no quorum).
         */
        public Optional<String> mode() {
            return fourLetterWord("srvr").flatMap(out -> out.lines().filter(l -> l.startsWith("Mode: "))
                    .map(l -> l.substring("Mode: ".length()).trim()).findFirst());
        }

        /** Sends a four-letter word and returns the answer; empty when the node does not answer within a second. */
        public Optional<String> fourLetterWord(String word) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, clientPort), 1000);
                s.setSoTimeout(1000);
                OutputStream out = s.getOutputStream();
                out.write(word.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return "zk" + id + "(" + clientAddress() + ")";
        }
    }
}
