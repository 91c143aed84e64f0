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
package org.agora.discovery;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A real in-process ZooKeeper per test, clients made by {@link ZooKeeperClients}, an "actor" thread for listener
 * callbacks, and listeners that record what they are told. Everything made here is closed after each test.
 */
abstract class MasterGroupTestSupport {

    static final String PATH = "/mesos";
    /** Mesos's 10 s: no test waits for it (expiry is forced), and it keeps a slow restart from losing sessions. */
    static final Duration SESSION_TIMEOUT = ZooKeeperClients.DEFAULT_SESSION_TIMEOUT;
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEADLINE = Duration.ofSeconds(15);
    static final String ACTOR_THREAD = "test-actor";

    TestingServer server;
    final ExecutorService actor = Executors.newSingleThreadExecutor(r -> new Thread(r, ACTOR_THREAD));
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void startZooKeeper() throws Exception {
        server = new TestingServer(true);
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        actor.shutdownNow();
        server.close();
    }

    ZkUrl url() {
        return ZkUrl.parse("zk://" + server.getConnectString() + PATH);
    }

    /** A started client for {@code url}. */
    CuratorFramework client(ZkUrl url) {
        CuratorFramework client = ZooKeeperClients.newClient(url, SESSION_TIMEOUT, CONNECTION_TIMEOUT);
        closeables.add(client);
        client.start();
        return client;
    }

    CuratorFramework client() {
        return client(url());
    }

    /** A started contender with its own client, whose data is {@code masterInfo(name)}. */
    Contender contender(String name) {
        return contender(name, client());
    }

    Contender contender(String name, CuratorFramework client) {
        Contender recorder = new Contender(name, client);
        recorder.contender = MasterContender.create(client, PATH, masterInfo(name), actor, recorder);
        closeables.add(recorder.contender);
        recorder.contender.start();
        return recorder;
    }

    /** A started detector with its own client. */
    Detector detector() {
        return detector(client());
    }

    Detector detector(CuratorFramework client) {
        Detector recorder = new Detector(client);
        recorder.detector = MasterDetector.create(client, PATH, actor, recorder);
        closeables.add(recorder.detector);
        recorder.detector.start();
        return recorder;
    }

    static byte[] masterInfo(String name) {
        return ("{\"id\":\"" + name + "\",\"hostname\":\"" + name + ".example\",\"port\":5050}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static long sequence(String znode) {
        return Long.parseLong(znode.substring(znode.lastIndexOf('_') + 1));
    }

    /**
     * Expires {@code client}'s session on the server, as a real expiry happens: a second connection attaches to
     * the session and closes it, so the server deletes its ephemeral nodes and the client is told it expired.
     */
    void expireSessionOnServer(CuratorFramework client) throws Exception {
        ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
        ZooKeeper twin = new ZooKeeper(server.getConnectString(), (int) SESSION_TIMEOUT.toMillis(), event -> { },
                zk.getSessionId(), zk.getSessionPasswd());
        try {
            await().atMost(DEADLINE).until(() -> twin.getState().isConnected());
        } finally {
            twin.close();
        }
    }

    /** Records a contender's callbacks and the thread they ran on. */
    static final class Contender implements MasterContender.Listener {
        final String name;
        final CuratorFramework client;
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        MasterContender contender;

        Contender(String name, CuratorFramework client) {
            this.name = name;
            this.client = client;
        }

        @Override
        public void elected() {
            threads.add(Thread.currentThread().getName());
            events.add("elected");
        }

        @Override
        public void defeated(String reason) {
            threads.add(Thread.currentThread().getName());
            events.add("defeated: " + reason);
        }

        /** Whether the last callback was {@code elected()}. */
        boolean leads() {
            return !events.isEmpty() && events.get(events.size() - 1).equals("elected");
        }

        String znode() {
            return contender.znode().orElseThrow();
        }
    }

    /** Records a detector's callbacks. */
    static final class Detector implements MasterDetector.Listener {
        final CuratorFramework client;
        final List<Optional<Leader>> changes = new CopyOnWriteArrayList<>();
        MasterDetector detector;

        Detector(CuratorFramework client) {
            this.client = client;
        }

        @Override
        public void leaderChanged(Optional<Leader> leader) {
            changes.add(leader);
        }

        /** The leader last delivered to the listener. */
        Optional<Leader> reported() {
            return changes.isEmpty() ? Optional.empty() : changes.get(changes.size() - 1);
        }

        /** Whether the listener was last told that {@code contender} leads, with its znode and data. */
        boolean reports(Contender contender) {
            Optional<Leader> leader = reported();
            return leader.isPresent()
                    && contender.contender.znode().map(leader.get().znode()::equals).orElse(false)
                    && Arrays.equals(leader.get().data(), masterInfo(contender.name));
        }
    }
}
