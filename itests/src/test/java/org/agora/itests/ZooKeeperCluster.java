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
package org.agora.itests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.agora.agent.internal.AgentComponent;
import org.agora.agent.internal.AgentSettings;
import org.agora.allocator.firstfit.internal.FirstFitAllocator;
import org.agora.discovery.ZkUrl;
import org.agora.discovery.ZooKeeperClients;
import org.agora.master.internal.MasterComponent;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;

/**
 * A real ZooKeeper (in-process test server) with the masters and agents a test starts against it; closing stops
 * them, newest first, then ZooKeeper.
 */
final class ZooKeeperCluster implements AutoCloseable {
    final ZkUrl url;
    private final TestingServer zk;
    private final List<AutoCloseable> running = new ArrayList<>();
    /** The work directories of the agents made here: the tasks they leave running are ended at close. */
    private final List<Path> agentDirs = new ArrayList<>();

    private ZooKeeperCluster(TestingServer zk) {
        this.zk = zk;
        this.url = ZkUrl.parse("zk://" + zk.getConnectString() + "/agora");
    }

    static ZooKeeperCluster start() throws Exception {
        return new ZooKeeperCluster(new TestingServer(true));
    }

    /** A master contending for leadership here (not awaited). */
    MasterComponent master() {
        return track(InProcessCluster.master(Optional.of(url)));
    }

    /** A master contending for leadership here that offers resources with the first-fit allocator. */
    MasterComponent offeringMaster() {
        MasterComponent m = master();
        m.useAllocator(new FirstFitAllocator());
        return m;
    }

    /** A master started from outside (with its own allocator, say), stopped with the rest. */
    MasterComponent track(MasterComponent m) {
        running.add(m::stop);
        return m;
    }

    /**
     * Deletes the leading master's group member, as ZooKeeper does when that master's session expires: the master
     * itself stays up, is defeated, and joins again behind the others.
     *
     * @return the znode deleted
     */
    String dropLeaderZnode() throws Exception {
        try (CuratorFramework admin = ZooKeeperClients.newClient(url)) {
            admin.start();
            String path = url.path();
            String lowest = admin.getChildren().forPath(path).stream().filter(c -> c.startsWith("json.info_"))
                    .min(Comparator.naturalOrder()).orElseThrow(() -> new IllegalStateException("no master in "
                            + url));
            admin.delete().forPath(path + "/" + lowest);
            return path + "/" + lowest;
        }
    }

    /** An agent started from outside (with security options, say), stopped with the rest. */
    AgentComponent track(AgentComponent a) {
        running.add(a::stop);
        return a;
    }

    AgentComponent agent(Path workDir, String resources) {
        AgentComponent a = InProcessCluster.agent(Optional.of(url), Optional.empty(), workDir, resources);
        running.add(a::stop);
        agentDirs.add(workDir);
        return a;
    }

    /** An agent that announces {@code hostname} (its machine, for maintenance, is that hostname and 127.0.0.1). */
    AgentComponent agent(Path workDir, String resources, String hostname) {
        AgentComponent a = new AgentComponent(AgentSettings.of(java.util.Map.of("master", InProcessCluster
                .zkOption(url), "port", 0, "ip", "127.0.0.1", "hostname", hostname, "work.dir", workDir.toString(),
                "resources", resources, "registration.backoff.ms", 50, "registration.backoff.max.ms", 500,
                "switch.user", false)));
        running.add(a::stop);
        agentDirs.add(workDir);
        return a;
    }

    @Override
    public void close() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        LeftoverTasks.kill(agentDirs);
        zk.close();
    }
}
