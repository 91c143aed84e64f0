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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.KillSession;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

class MasterContenderTest extends MasterGroupTestSupport {

    @Test
    void aSingleContenderIsElectedWithAJsonInfoZnodeHoldingExactlyItsData() throws Exception {
        Contender a = contender("a");

        await().atMost(DEADLINE).until(a::leads);
        assertThat(a.events).containsExactly("elected");
        assertThat(a.threads).containsOnly(ACTOR_THREAD);
        assertThat(a.contender.isElected()).isTrue();
        assertThat(a.znode()).isEqualTo(PATH + "/json.info_0000000000");

        CuratorFramework reader = client();
        assertThat(reader.getChildren().forPath(PATH)).containsExactly("json.info_0000000000");
        Stat stat = new Stat();
        assertThat(reader.getData().storingStatIn(stat).forPath(a.znode())).isEqualTo(masterInfo("a"));
        assertThat(stat.getEphemeralOwner())
                .isEqualTo(a.client.getZookeeperClient().getZooKeeper().getSessionId());
    }

    @Test
    void theFirstContenderLeadsAndClosingItElectsTheSecondWhileADetectorFollows() throws Exception {
        Contender a = contender("a");
        await().atMost(DEADLINE).until(a::leads);
        Contender b = contender("b");
        Detector detector = detector();
        await().atMost(DEADLINE).until(() -> b.contender.znode().isPresent() && detector.reports(a));
        assertThat(b.znode()).isEqualTo(PATH + "/json.info_0000000001");
        assertThat(b.events).isEmpty();

        a.contender.close();

        assertThat(client().checkExists().forPath(PATH + "/json.info_0000000000")).isNull();
        await().atMost(DEADLINE).until(() -> b.leads() && detector.reports(b));
        assertThat(a.events).containsExactly("elected");
        assertThat(a.contender.znode()).isEmpty();
        assertThat(detector.detector.current()).isEqualTo(detector.reported());
    }

    @Test
    void sessionExpiryDefeatsTheLeaderWhichRejoinsAboveTheNewLeader() throws Exception {
        Contender a = contender("a");
        await().atMost(DEADLINE).until(a::leads);
        Contender b = contender("b");
        Detector detector = detector();
        await().atMost(DEADLINE).until(() -> b.contender.znode().isPresent() && detector.reports(a));
        String oldA = a.znode();

        expireSessionOnServer(a.client);

        await().atMost(DEADLINE).until(() -> b.leads() && detector.reports(b));
        await().atMost(DEADLINE).until(() -> a.contender.znode().filter(z -> !z.equals(oldA)).isPresent());
        assertThat(a.events).hasSize(2).first().isEqualTo("elected");
        assertThat(a.events.get(1)).startsWith("defeated: ").contains(oldA);
        assertThat(sequence(a.znode())).isGreaterThan(sequence(b.znode()));
        assertThat(a.contender.isElected()).isFalse();
        assertThat(client().getChildren().forPath(PATH))
                .containsExactlyInAnyOrder(GroupMembersNames.of(b.znode(), a.znode()));
    }

    @Test
    void aSessionDeclaredLostByTheClientAloneAlsoHandsOverAndRejoins() throws Exception {
        // The client is told its session expired without the test closing it on the server first (Curator does
        // the same by itself after a session timeout without a connection). The contender must hand over, delete
        // its old znode if the server still holds it, and re-join all the same.
        Contender a = contender("a");
        await().atMost(DEADLINE).until(a::leads);
        Contender b = contender("b");
        await().atMost(DEADLINE).until(() -> b.contender.znode().isPresent());
        String oldA = a.znode();

        KillSession.kill(a.client.getZookeeperClient().getZooKeeper());

        await().atMost(DEADLINE).until(b::leads);
        await().atMost(DEADLINE).until(() -> a.contender.znode().filter(z -> !z.equals(oldA)).isPresent());
        assertThat(a.events).first().isEqualTo("elected");
        assertThat(a.events).element(1).asString().startsWith("defeated: ");
        assertThat(sequence(a.znode())).isGreaterThan(sequence(b.znode()));
        await().atMost(DEADLINE).until(() -> client().checkExists().forPath(oldA) == null);
    }

    @Test
    void aLeaderWhoseServerComesBackWithinAThirdOfTheSessionKeepsLeading() throws Exception {
        // a 30 s session: the client may stay suspended for almost 10 s before the leader must step down
        CuratorFramework patient = ZooKeeperClients.newClient(url(), java.time.Duration.ofSeconds(30),
                CONNECTION_TIMEOUT);
        patient.start();
        try {
            Contender a = contender("a", patient);
            await().atMost(DEADLINE).until(a::leads);
            long session = patient.getZookeeperClient().getZooKeeper().getSessionId();

            CuratorFramework reader = client();
            server.restart();

            await().atMost(DEADLINE).until(() -> patient.getZookeeperClient().isConnected());
            await().atMost(DEADLINE).ignoreExceptions().until(() -> reader.checkExists().forPath(a.znode()) != null);
            assertThat(patient.getZookeeperClient().getZooKeeper().getSessionId()).isEqualTo(session);
            assertThat(a.events).as("a ZooKeeper server restart cost no re-election").containsExactly("elected");
            assertThat(a.contender.isElected()).isTrue();
        } finally {
            patient.close();
        }
    }

    @Test
    void aConnectionSuspendedForAThirdOfTheSessionDefeatsTheLeaderWhichIsElectedAgainWhenItComesBack()
            throws Exception {
        Contender a = contender("a");
        await().atMost(DEADLINE).until(a::leads);
        String znode = a.znode();

        server.stop();
        await().atMost(DEADLINE).until(() -> a.events.size() == 2);
        assertThat(a.events.get(1)).startsWith("defeated: connection to ZooKeeper SUSPENDED")
                .endsWith("too long to be sure of the session");
        assertThat(a.contender.isElected()).isFalse();

        server.restart();
        await().atMost(DEADLINE).until(() -> a.events.size() == 3);
        assertThat(a.events.get(2)).isEqualTo("elected");
        assertThat(a.znode()).as("the session outlived the outage: same member").isEqualTo(znode);
    }

    @Test
    void aDeletedMemberZnodeIsDefeatedAndRejoinsWithANewOne() throws Exception {
        Contender a = contender("a");
        await().atMost(DEADLINE).until(a::leads);
        String old = a.znode();

        client().delete().forPath(old);

        await().atMost(DEADLINE).until(() -> a.events.size() == 3);
        assertThat(a.events.get(1)).startsWith("defeated: ").contains(old + " of " + PATH + " was deleted");
        assertThat(a.events.get(2)).isEqualTo("elected");
        assertThat(sequence(a.znode())).isGreaterThan(sequence(old));
    }

    @Test
    void withCredentialsTheGroupIsWorldReadableButOnlyTheCreatorMayChangeIt() throws Exception {
        ZkUrl secured = ZkUrl.parse("zk://master:secret@" + server.getConnectString() + PATH);
        Contender a = contender("a", client(secured));
        await().atMost(DEADLINE).until(a::leads);

        CuratorFramework anonymous = client();
        Detector detector = detector(anonymous);
        await().atMost(DEADLINE).until(() -> detector.reports(a));
        assertThatThrownBy(() -> anonymous.delete().forPath(a.znode()))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> anonymous.create().forPath(PATH + "/json.info_0"))
                .isInstanceOf(KeeperException.NoAuthException.class);
    }

    @Test
    void startNeedsAStartedClientAndHappensOnce() {
        CuratorFramework notStarted = ZooKeeperClients.newClient(url());
        MasterContender contender = MasterContender.create(notStarted, PATH, masterInfo("a"), actor, new Contender("a",
                notStarted));
        assertThatThrownBy(contender::start).isInstanceOf(IllegalStateException.class).hasMessageContaining(PATH);
        contender.close();
        notStarted.close();

        Contender started = contender("b");
        assertThatThrownBy(started.contender::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> MasterContender.create(started.client, "mesos", new byte[0], actor, started))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mesos'");
    }

    /** Child names of znode paths. */
    private static final class GroupMembersNames {
        static String[] of(String... znodes) {
            return List.of(znodes).stream().map(z -> z.substring(z.lastIndexOf('/') + 1)).toArray(String[]::new);
        }
    }
}
