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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;

class MasterDetectorTest extends MasterGroupTestSupport {

    @Test
    void aDetectorStartedBeforeAnyMasterSeesTheLeaderAppear() throws Exception {
        Detector detector = detector();
        assertThat(client().checkExists().forPath(PATH)).isNull();
        assertThat(detector.detector.current()).isEmpty();

        Contender a = contender("a");

        await().atMost(DEADLINE).until(() -> detector.reports(a));
        assertThat(detector.changes).hasSize(1);
        Leader leader = detector.detector.current().orElseThrow();
        assertThat(leader.znode()).isEqualTo(PATH + "/json.info_0000000000");
        assertThat(leader.sequence()).isZero();
        assertThat(leader.data()).isEqualTo(masterInfo("a"));
    }

    @Test
    void childrenThatAreNotJsonInfoMembersAreIgnored() throws Exception {
        CuratorFramework operator = client();
        operator.create().creatingParentsIfNeeded().forPath(PATH + "/registry", new byte[] {1});
        operator.create().forPath(PATH + "/log_replicas");
        operator.create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath(PATH + "/info_", new byte[] {2});
        operator.create().forPath(PATH + "/json.info_backup");
        Detector detector = detector();

        Contender a = contender("a");

        await().atMost(DEADLINE).until(() -> a.leads() && detector.reports(a));
        assertThat(detector.changes).hasSize(1);
        assertThat(sequence(a.znode())).isEqualTo(4); // the parent's counter also counted the other children
    }

    @Test
    void aDetectorStartedWhileZooKeeperIsDownReportsTheLeaderOnceItIsUp() throws Exception {
        int port = server.getPort();
        server.close();
        server = new TestingServer(port, false);
        Detector detector = detector();
        await().during(Duration.ofMillis(500)).atMost(DEADLINE)
                .until(() -> detector.detector.current().isEmpty() && detector.changes.isEmpty());

        server.start();
        Contender a = contender("a");

        await().atMost(DEADLINE).until(() -> detector.reports(a));
    }

    @Test
    void afterAZooKeeperRestartTheLeaderIsReportedAgainAndChangesAreFollowed() throws Exception {
        Contender a = contender("a");
        await().atMost(DEADLINE).until(a::leads); // before b starts: both clients connect concurrently
        Contender b = contender("b");
        Detector detector = detector();
        await().atMost(DEADLINE).until(() -> b.contender.znode().isPresent() && detector.reports(a));

        server.stop();

        // The leader cannot know it still leads; detectors keep it over a suspended connection.
        await().atMost(DEADLINE).until(() -> !a.contender.isElected() && a.events.size() == 2);
        assertThat(a.events.get(1)).startsWith("defeated: connection to ZooKeeper SUSPENDED");
        assertThat(detector.reports(a)).isTrue();

        server.restart();

        // Same sessions, same znodes: a leads again, and the detector's watches still work.
        await().atMost(DEADLINE).until(() -> a.events.size() == 3 && a.leads());
        assertThat(detector.detector.current().orElseThrow().znode()).isEqualTo(a.znode());
        a.contender.close();
        await().atMost(DEADLINE).until(() -> b.leads() && detector.reports(b));
    }

    @Test
    void aLostSessionReportsNoLeaderUntilTheGroupIsReadAgain() throws Exception {
        Contender a = contender("a");
        Detector detector = detector();
        await().atMost(DEADLINE).until(() -> detector.reports(a));

        expireSessionOnServer(detector.client);

        await().atMost(DEADLINE).until(() -> detector.changes.size() == 3);
        assertThat(detector.changes.get(1)).isEmpty();
        assertThat(detector.reports(a)).isTrue();
    }

    @Test
    void noCallbackAfterClose() throws Exception {
        Detector detector = detector();
        detector.detector.close();

        Contender a = contender("a");
        await().atMost(DEADLINE).until(a::leads);

        await().during(Duration.ofMillis(500)).atMost(DEADLINE).until(detector.changes::isEmpty);
        assertThat(detector.detector.current()).isEqualTo(Optional.empty());
    }
}
