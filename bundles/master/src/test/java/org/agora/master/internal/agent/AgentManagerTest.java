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
package org.agora.master.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.Heartbeat;
import org.agora.api.channel.Channel.RegisterAgent;
import org.agora.api.channel.Channel.RegistrationRefused;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.master.internal.Ids;
import org.agora.master.internal.registry.InMemoryRegistry;
import org.agora.master.internal.registry.Registry;
import org.agora.master.internal.registry.RegistryState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentManagerTest {
    private static final MasterInfo MASTER = MasterInfo.newBuilder().setId("m1").setIp(16777343).setPort(5050)
            .setHostname("localhost").build();
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final Duration UNREACHABLE = Duration.ofSeconds(10);

    private final AtomicLong nanos = new AtomicLong();
    private HeldRegistry registry;
    private AgentManager agents;

    @BeforeEach
    void setUp() {
        registry = new HeldRegistry();
        agents = new AgentManager(MASTER, registry, Runnable::run, new Ids("m1"), HEARTBEAT, UNREACHABLE,
                Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC), nanos::get);
    }

    private static AgentInfo info(int port) {
        return AgentInfo.newBuilder().setHostname("host-" + port).setPort(port)
                .addAllResources(Resources.parse("cpus:2;mem:1024").toList()).build();
    }

    private static Envelope register(AgentInfo info) {
        return Envelope.newBuilder().setRegisterAgent(RegisterAgent.newBuilder().setAgentInfo(info)).build();
    }

    private static Envelope reregister(AgentInfo info) {
        return Envelope.newBuilder().setReregisterAgent(ReregisterAgent.newBuilder().setAgentInfo(info)).build();
    }

    private static final Envelope HEARTBEAT_MSG = Envelope.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance())
            .build();

    @Test
    void registrationIsPersistedBeforeTheAgentHearsOfIt() {
        RecordingAgentSession s = new RecordingAgentSession();
        agents.onMessage(s.link, register(info(5051)));

        assertThat(s.received).isEmpty();
        assertThat(registry.held).hasSize(1);

        registry.releaseAll();
        assertThat(s.received).hasSize(1);
        AgentID id = s.received.get(0).getAgentRegistered().getAgentId();
        assertThat(id.getValue()).isEqualTo("m1-S0");
        assertThat(s.received.get(0).getAgentRegistered().getHeartbeatIntervalMs()).isEqualTo(1000);
        assertThat(registry.delegate.recover().toCompletableFuture().join().admitted())
                .extracting(a -> a.getId().getValue()).containsExactly("m1-S0");
        assertThat(agents.snapshot()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AgentState.ACTIVE);
            assertThat(a.total()).isEqualTo(Resources.parse("cpus:2;mem:1024"));
        });
    }

    @Test
    void aFailedRegistryWriteAdmitsNothingAndDropsTheChannel() {
        RecordingAgentSession s = new RecordingAgentSession();
        agents.onMessage(s.link, register(info(5051)));
        registry.failAll();

        assertThat(s.received).isEmpty();
        assertThat(s.closed).isTrue();
        assertThat(agents.snapshot()).isEmpty();
    }

    @Test
    void secondAgentGetsItsOwnId() {
        registry.holding = false;
        RecordingAgentSession a = new RecordingAgentSession();
        RecordingAgentSession b = new RecordingAgentSession();
        agents.onMessage(a.link, register(info(5051)));
        agents.onMessage(b.link, register(info(5052)));

        assertThat(agents.snapshot()).extracting(AgentSnapshot::id).containsExactly("m1-S0", "m1-S1");
    }

    @Test
    void anUnknownIdIsToldToRegisterAfresh() {
        RecordingAgentSession s = new RecordingAgentSession();
        agents.onMessage(s.link, reregister(info(5051).toBuilder().setId(AgentID.newBuilder().setValue("x-S9"))
                .build()));

        RegistrationRefused r = s.received.get(0).getRegistrationRefused();
        assertThat(r.getReason()).isEqualTo(RegistrationRefused.Reason.UNKNOWN_AGENT_ID);
        assertThat(r.getMessage()).isEqualTo("agent x-S9: unknown to this master; register afresh");
        assertThat(agents.snapshot()).isEmpty();
    }

    @Test
    void anAgentFromTheRegistryReregistersAfterFailoverUnderItsId() {
        AgentInfo known = info(5051).toBuilder().setId(AgentID.newBuilder().setValue("old-S3")).build();
        agents.recover(new RegistryState(List.of(known), Map.of()));
        assertThat(agents.recoveredAgents()).containsExactly(known);

        RecordingAgentSession s = new RecordingAgentSession();
        agents.onMessage(s.link, reregister(known));

        assertThat(s.received.get(0).getAgentReregistered().getAgentId().getValue()).isEqualTo("old-S3");
        assertThat(agents.recoveredAgents()).isEmpty();
        assertThat(agents.snapshot()).singleElement().satisfies(a -> assertThat(a.id()).isEqualTo("old-S3"));
        assertThat(registry.held).as("unchanged info needs no registry write").isEmpty();
    }

    @Test
    void aSilentAgentBecomesUnreachableAndCanComeBack() {
        registry.holding = false;
        RecordingAgentSession s = new RecordingAgentSession();
        agents.onMessage(s.link, register(info(5051)));
        AgentInfo registered = info(5051).toBuilder().setId(s.received.get(0).getAgentRegistered().getAgentId())
                .build();

        nanos.addAndGet(UNREACHABLE.toNanos() / 2);
        agents.onMessage(s.link, HEARTBEAT_MSG);
        nanos.addAndGet(UNREACHABLE.toNanos() / 2 + 1);
        agents.checkHeartbeats();
        assertThat(agents.snapshot().get(0).state()).as("heard from within the timeout").isEqualTo(AgentState.ACTIVE);
        assertThat(s.received.get(1).hasHeartbeat()).isTrue();

        nanos.addAndGet(UNREACHABLE.toNanos());
        agents.checkHeartbeats();
        assertThat(agents.snapshot().get(0).state()).isEqualTo(AgentState.UNREACHABLE);
        assertThat(s.closed).isTrue();
        assertThat(registry.delegate.recover().toCompletableFuture().join().unreachable())
                .containsKey(registered.getId().getValue());

        RecordingAgentSession back = new RecordingAgentSession();
        agents.onMessage(back.link, reregister(registered));
        assertThat(back.received.get(0).hasAgentReregistered()).isTrue();
        assertThat(agents.snapshot().get(0).state()).isEqualTo(AgentState.ACTIVE);
        assertThat(registry.delegate.recover().toCompletableFuture().join().unreachable()).isEmpty();
    }

    @Test
    void aBrokenChannelLeavesTheAgentDisconnectedUntilTheTimeout() {
        registry.holding = false;
        RecordingAgentSession s = new RecordingAgentSession();
        agents.onMessage(s.link, register(info(5051)));
        agents.onClose(s.link);

        assertThat(agents.snapshot().get(0).state()).isEqualTo(AgentState.DISCONNECTED);
        assertThat(agents.snapshot().get(0).connected()).isFalse();
    }

    @Test
    void aBrokenChannelIsHeardOfOnlyWhileTheTermStillLeads() {
        registry.holding = false;
        List<String> disconnected = new ArrayList<>();
        agents.listener(new AgentManager.Listener() {
            @Override
            public void agentDisconnected(AgentInfo info) {
                disconnected.add(info.getId().getValue());
            }
        });
        RecordingAgentSession first = new RecordingAgentSession();
        agents.onMessage(first.link, register(info(5051)));
        RecordingAgentSession second = new RecordingAgentSession();
        agents.onMessage(second.link, register(info(5052)));
        String firstId = first.link.agentId();

        agents.onClose(first.link);
        assertThat(disconnected).containsExactly(firstId);

        // another master's term began: an agent leaving now may be following the new leader
        registry.delegate.nextTerm();
        agents.onClose(second.link);
        assertThat(disconnected).as("a deposed master tells nobody that the agent left").containsExactly(firstId);
        assertThat(agents.snapshot()).extracting(AgentSnapshot::state).containsOnly(AgentState.DISCONNECTED);
    }

    @Test
    void aHeartbeatFromAnUnregisteredChannelIsRefused() {
        RecordingAgentSession s = new RecordingAgentSession();
        agents.onMessage(s.link, HEARTBEAT_MSG);

        assertThat(s.received.get(0).getRegistrationRefused().getReason())
                .isEqualTo(RegistrationRefused.Reason.NOT_REGISTERED);
    }

    @Test
    void invalidInfoIsRefusedWithTheReason() {
        RecordingAgentSession s = new RecordingAgentSession();
        agents.onMessage(s.link, register(info(0)));
        assertThat(s.received.get(0).getRegistrationRefused().getMessage())
                .isEqualTo("agent port 0 is not a port number");
    }

    /** An in-memory registry whose admissions complete only when the test says so. */
    private static final class HeldRegistry implements Registry {
        final InMemoryRegistry delegate = new InMemoryRegistry();
        final List<Runnable> held = new ArrayList<>();
        final List<CompletableFuture<Void>> pending = new ArrayList<>();
        boolean holding = true;

        HeldRegistry() {
            delegate.recover(); // a registry is recovered before its first write
        }

        @Override
        public CompletionStage<RegistryState> recover() {
            return delegate.recover();
        }

        @Override
        public CompletionStage<Void> admit(AgentInfo agent) {
            if (!holding) {
                return delegate.admit(agent);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            held.add(() -> delegate.admit(agent));
            pending.add(f);
            return f;
        }

        void releaseAll() {
            held.forEach(Runnable::run);
            pending.forEach(f -> f.complete(null));
            held.clear();
            pending.clear();
        }

        void failAll() {
            pending.forEach(f -> f.completeExceptionally(new IllegalStateException("ZooKeeper is gone")));
            held.clear();
            pending.clear();
        }

        @Override
        public CompletionStage<Void> confirmLeading() {
            return delegate.confirmLeading();
        }

        @Override
        public CompletionStage<Void> markUnreachable(AgentID agentId, Instant when) {
            return delegate.markUnreachable(agentId, when);
        }

        @Override
        public CompletionStage<Void> remove(AgentID agentId) {
            return delegate.remove(agentId);
        }

        @Override
        public CompletionStage<Void> updateWeights(java.util.Map<String, Double> weights) {
            return delegate.updateWeights(weights);
        }

        @Override
        public CompletionStage<Void> updateQuotas(List<org.agora.api.v1.quota.Protos.QuotaConfig> quotas) {
            return delegate.updateQuotas(quotas);
        }

        @Override
        public CompletionStage<Void> saveReservations(AgentID agentId, List<org.agora.api.v1.Protos.Resource> r) {
            return delegate.saveReservations(agentId, r);
        }

        @Override
        public CompletionStage<Void> saveMaintenance(org.agora.api.registry.RegistryProtos.Maintenance m,
                List<AgentID> removedAgents) {
            return delegate.saveMaintenance(m, removedAgents);
        }

        @Override
        public CompletionStage<Void> markGone(AgentID agentId, Instant when) {
            return delegate.markGone(agentId, when);
        }

        @Override
        public void close() {
        }
    }
}
