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

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.agora.discovery.ZkUrl;
import org.agora.discovery.ZooKeeperClients;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real three-node ensemble of separate JVMs: quorum, the loss of its leader, a restart of all of it. */
class ZooKeeperEnsembleTest {
    @TempDir
    Path dir;

    @Test
    void keepsItsDataThroughTheLossOfItsLeaderAndARestartOfEveryNode() throws Exception {
        try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.builder(dir).size(3).start()) {
            List<String> modes = zk.nodes().stream().map(n -> n.mode().orElse("none")).toList();
            assertThat(modes).containsExactlyInAnyOrder("leader", "follower", "follower");
            write(zk, "/test/a", "1");

            ZooKeeperEnsemble.Node leader = zk.nodes().stream().filter(n -> n.mode().orElse("").equals("leader"))
                    .findFirst().orElseThrow();
            leader.kill9();
            zk.awaitQuorum(Duration.ofSeconds(30));
            assertThat(leader.mode()).isEmpty();
            assertThat(read(zk, "/test/a")).isEqualTo("1");

            leader.start();
            zk.awaitQuorum(Duration.ofSeconds(30));
            zk.restartAll(Duration.ofSeconds(30));
            assertThat(zk.nodes()).allMatch(ZooKeeperEnsemble.Node::alive);
            assertThat(read(zk, "/test/a")).isEqualTo("1");
        }
    }

    private static CuratorFramework client(ZooKeeperEnsemble zk) {
        CuratorFramework c = ZooKeeperClients.newClient(ZkUrl.parse(zk.url("/test")), Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        c.start();
        return c;
    }

    private static void write(ZooKeeperEnsemble zk, String path, String value) throws Exception {
        try (CuratorFramework c = client(zk)) {
            c.create().creatingParentsIfNeeded().forPath(path, value.getBytes());
        }
    }

    private static String read(ZooKeeperEnsemble zk, String path) throws Exception {
        try (CuratorFramework c = client(zk)) {
            return new String(c.getData().forPath(path));
        }
    }
}
