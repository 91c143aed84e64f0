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
package org.agora.master.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.RegisterAgent;
import org.agora.api.channel.Channel.RegistrationRefused;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.http.Encoding;
import org.agora.master.internal.agent.AgentLink;
import org.agora.master.internal.agent.RecordingAgentSession;
import org.agora.master.internal.framework.RecordingResponseStream;
import org.agora.master.internal.framework.SchedulerStream;
import org.agora.master.internal.registry.InMemoryRegistry;
import org.agora.master.internal.registry.Registry;
import org.agora.master.internal.registry.ZooKeeperRegistry;
import org.agora.master.internal.security.Caller;
import org.agora.master.internal.security.Permissions;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The master across leadership terms: elected, deposed, elected again. */
class MasterTest {
    private static final MasterInfo SELF = MasterInfo.newBuilder().setId("m1").setIp(16777343).setPort(5050)
            .setHostname("localhost").build();

    private final ScheduledExecutorService actor = Executors.newSingleThreadScheduledExecutor();
    private final List<String> abdications = new CopyOnWriteArrayList<>();
    private InMemoryRegistry inMemory;
    private Function<String, Registry> registries = znode -> inMemory = inMemory == null ? new InMemoryRegistry()
            : inMemory.nextTerm();
    private final Master master = new Master(SELF, MasterSettings.of(Map.of("hostname", "localhost",
            "ip", "127.0.0.1")), znode -> registries.apply(znode), actor, Clock.fixed(
            Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC), new CopyOnWriteArrayList<>(),
            Permissions.allowAll(),
            (reason, rejoinAfter) -> abdications.add(reason + ", rejoin after " + rejoinAfter.toSeconds() + " s"));

    @AfterEach
    void stop() {
        on(() -> {
            master.defeated("test over");
            return null;
        });
        actor.shutdownNow();
    }

    private <T> T on(Supplier<T> work) {
        try {
            T result = actor.submit(work::get).get(5, TimeUnit.SECONDS);
            actor.submit(() -> { }).get(5, TimeUnit.SECONDS); // and what it queued
            return result;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void elect() {
        on(() -> {
            master.elected("/agora/json.info_0000000001");
            return null;
        });
        on(() -> null);
    }

    private String subscribeNew() {
        return on(() -> master.subscribe(FrameworkInfo.newBuilder().setName("f").setUser("u").build(),
                Caller.ANONYMOUS))
                .frameworkId();
    }

    @Test
    void aMasterElectedAgainNeverHandsOutAFrameworkIdTwice() {
        elect();
        String first = subscribeNew();
        on(() -> {
            master.defeated("ZooKeeper connection suspended");
            return null;
        });
        elect();
        String second = subscribeNew();

        assertThat(first).isEqualTo("m1-0000");
        assertThat(second).isEqualTo("m1-0001");
    }

    @Test
    void aFollowerRefusesAgentsAndSchedulerCallsNameTheLeader() {
        MasterInfo other = SELF.toBuilder().setId("m2").setPort(5060).build();
        on(() -> {
            master.leaderDetected(Optional.of(other));
            return null;
        });
        RecordingAgentSession session = new RecordingAgentSession();
        AgentLink link = session.link;

        on(() -> {
            master.agentMessage(link, Envelope.newBuilder().setRegisterAgent(RegisterAgent.newBuilder()
                    .setAgentInfo(AgentInfo.newBuilder().setHostname("a").setPort(5051))).build());
            return null;
        });

        assertThat(session.received).singleElement().satisfies(e -> assertThat(e.getRegistrationRefused().getReason())
                .isEqualTo(RegistrationRefused.Reason.NOT_LEADER));
        assertThatThrownBy(this::subscribeNew).isInstanceOf(NotLeaderException.class)
                .satisfies(e -> assertThat(((NotLeaderException) e).leader()).contains(other));
    }

    @Test
    void aDeposedMasterThatStillSeesItselfInTheGroupNamesNoLeaderAndNoElectionTime() {
        elect();
        on(() -> {
            master.leaderDetected(Optional.of(SELF));
            master.defeated("connection to ZooKeeper SUSPENDED");
            return null;
        });

        MasterSnapshot s = on(master::snapshot);
        assertThat(s.leading()).isFalse();
        assertThat(s.leader()).isEmpty();
        assertThat(s.electedTime()).isEmpty();
        assertThatThrownBy(this::subscribeNew).isInstanceOf(NotLeaderException.class)
                .satisfies(e -> assertThat(((NotLeaderException) e).leader()).isEmpty());
    }

    @Test
    void aSubscriptionAdmittedByAnEndedTermIsClosedWithAnError() throws Exception {
        elect();
        Master.Subscription admitted = on(() -> master.subscribe(FrameworkInfo.newBuilder().setName("f")
                .setUser("u").build(), Caller.ANONYMOUS));
        on(() -> {
            master.defeated("deposed");
            return null;
        });
        elect();
        RecordingResponseStream stream = new RecordingResponseStream();

        on(() -> {
            master.open(admitted, new SchedulerStream("s", Encoding.JSON, stream), Set.of());
            return null;
        });

        assertThat(stream.open).isFalse();
        assertThat(new String(stream.chunks.get(0))).contains("ERROR").contains("lost its leadership");
        assertThat(on(master::snapshot).frameworks().frameworks()).isEmpty();
    }

    @Test
    void aRegistryWithACorruptEntryIsNotLedAndTheLeadershipIsGivenUp() throws Exception {
        try (TestingServer zk = new TestingServer(true);
                CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(),
                        new RetryOneTime(100))) {
            client.start();
            String member = client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                    .forPath("/agora/json.info_", new byte[0]);
            client.create().creatingParentsIfNeeded().forPath("/agora/registry/agents/x-S1", new byte[] {1, 2, 3});
            registries = znode -> new ZooKeeperRegistry(client, "/agora", "agora", znode);

            on(() -> {
                master.elected(member);
                return null;
            });
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> !abdications.isEmpty());

            assertThat(on(master::leading)).isFalse();
            assertThat(abdications).containsExactly("registry recovery failed, rejoin after 10 s");
        }
    }
}
