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
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.Heartbeat;
import org.agora.api.channel.Channel.RegisterAgent;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.http.Encoding;
import org.agora.master.internal.Master;
import org.agora.master.internal.framework.RecordingResponseStream;
import org.agora.master.internal.framework.SchedulerStream;
import org.agora.master.internal.security.Caller;
import org.agora.http.Request;
import org.agora.http.WebSocketListener;
import org.agora.master.internal.LeadingMaster;
import org.agora.master.internal.MasterComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent channel while the master's actor thread is busy (as when thousands of agents re-register after a
 * failover): heartbeats are still answered, a re-registration superseded by a newer one of the same agent is not
 * handled, a status update resent while its first copy waits is handled once, and what a closed channel left queued
 * is dropped. The actor is held with a latch, never timed.
 */
class AgentChannelLoadTest {
    private MasterComponent master;
    private AgentChannel channel;
    private ActorHold actor;

    @BeforeEach
    void start() {
        master = LeadingMaster.start();
        actor = new ActorHold(master);
        channel = new AgentChannel(master);
    }

    @AfterEach
    void stop() {
        actor.release();
        master.stop();
    }

    private record Agent(RecordingAgentSession session, WebSocketListener listener) {
        void send(Envelope e) {
            listener.onMessage(e.toByteArray());
        }
    }

    private Agent open() {
        RecordingAgentSession session = new RecordingAgentSession();
        Request upgrade = new Request("GET", AgentChannel.PATH, Map.of(), h -> null, new byte[0],
                new InetSocketAddress("127.0.0.1", 1));
        return new Agent(session, channel.open(upgrade, session));
    }

    private static AgentInfo info() {
        return AgentInfo.newBuilder().setHostname("a1").setPort(5051).build();
    }

    private AgentID registered(Agent a) {
        a.send(Envelope.newBuilder().setRegisterAgent(RegisterAgent.newBuilder().setAgentInfo(info())).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.session().received(
                Envelope.MessageCase.AGENT_REGISTERED).isEmpty());
        return a.session().received(Envelope.MessageCase.AGENT_REGISTERED).get(0).getAgentRegistered().getAgentId();
    }

    /** Waits until everything queued on the actor before now has run. */
    private void drain() throws Exception {
        master.call(m -> null).get(10, TimeUnit.SECONDS);
    }

    private static Envelope reregister(AgentID id) {
        return Envelope.newBuilder().setReregisterAgent(ReregisterAgent.newBuilder()
                .setAgentInfo(info().toBuilder().setId(id))).build();
    }

    @Test
    void aRegisteredAgentsHeartbeatIsAnsweredWhileTheActorIsBusy() {
        Agent a = open();
        AgentID id = registered(a);
        actor.hold();

        a.send(Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder().setAgentId(id)).build());

        await().atMost(Duration.ofSeconds(10)).until(() -> !a.session().received(Envelope.MessageCase.HEARTBEAT)
                .isEmpty());
        assertThat(a.session().received(Envelope.MessageCase.HEARTBEAT).get(0).getHeartbeat().getAgentId())
                .isEqualTo(id);
    }

    @Test
    void aQueuedReregistrationIsReplacedByTheAgentsNewerOne() throws Exception {
        AgentID id = registered(open());
        actor.hold();
        Agent older = open();
        Agent newer = open();

        older.send(reregister(id));
        newer.send(reregister(id));
        actor.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> !newer.session().received(
                Envelope.MessageCase.AGENT_REREGISTERED).isEmpty());
        drain();

        assertThat(older.session().received).isEmpty();
        assertThat(newer.session().received(Envelope.MessageCase.AGENT_REREGISTERED)).hasSize(1);
    }

    @Test
    void whatAClosedChannelLeftQueuedIsDropped() throws Exception {
        AgentID id = registered(open());
        actor.hold();
        Agent gone = open();

        gone.send(reregister(id));
        gone.listener().onClose();
        actor.release();
        drain();
        drain();

        assertThat(gone.session().received).isEmpty();
        List<String> active = master.snapshot().get(5, TimeUnit.SECONDS).agents().stream()
                .filter(a -> a.connected()).map(AgentSnapshot::id).toList();
        assertThat(active).as("the first channel is still the agent's").containsExactly(id.getValue());
    }

    /** A subscribed framework whose events the test reads. */
    private RecordingResponseStream subscribedFramework() throws Exception {
        RecordingResponseStream events = new RecordingResponseStream();
        master.call(m -> {
            Master.Subscription admitted = m.subscribe(FrameworkInfo.newBuilder().setName("f").setUser("u").build(),
                    Caller.ANONYMOUS);
            m.open(admitted, new SchedulerStream("s", Encoding.JSON, events), java.util.Set.of());
            return null;
        }).get(10, TimeUnit.SECONDS);
        return events;
    }

    private static long updates(RecordingResponseStream events) {
        return events.chunks.stream().map(String::new).filter(c -> c.contains("\"type\":\"UPDATE\"")).count();
    }

    private static Envelope statusUpdate(FrameworkID framework, String uuid) {
        return Envelope.newBuilder().setStatusUpdate(StatusUpdate.newBuilder().setFrameworkId(framework)
                .setStatus(TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1"))
                        .setState(TaskState.TASK_RUNNING).setTimestamp(1.0)
                        .setUuid(com.google.protobuf.ByteString.copyFromUtf8(uuid)))).build();
    }

    @Test
    void aStatusUpdateResentWhileItsFirstCopyWaitsIsHandledOnce() throws Exception {
        Agent a = open();
        registered(a);
        RecordingResponseStream events = subscribedFramework();
        FrameworkID framework = FrameworkID.newBuilder().setValue(master.snapshot().get(5, TimeUnit.SECONDS)
                .frameworks().frameworks().get(0).id()).build();
        actor.hold();

        a.send(statusUpdate(framework, "u-1"));
        a.send(statusUpdate(framework, "u-1"));
        a.send(statusUpdate(framework, "u-2"));
        actor.release();
        drain();

        assertThat(updates(events)).as("u-1 once, u-2 once").isEqualTo(2);
        assertThat(channel.statusUpdateDuplicatesDropped()).isEqualTo(1);

        // handled: the same update sent again now is the agent's retry, and reaches the framework
        a.send(statusUpdate(framework, "u-1"));
        drain();
        assertThat(updates(events)).isEqualTo(3);
    }

    @Test
    void aStatusUpdateQueuedByAClosedChannelDoesNotHoldBackItsCopyOnTheAgentsNewChannel() throws Exception {
        Agent first = open();
        AgentID id = registered(first);
        RecordingResponseStream events = subscribedFramework();
        FrameworkID framework = FrameworkID.newBuilder().setValue(master.snapshot().get(5, TimeUnit.SECONDS)
                .frameworks().frameworks().get(0).id()).build();
        Agent second = open();
        second.send(reregister(id));
        await().atMost(Duration.ofSeconds(10)).until(() -> !second.session().received(
                Envelope.MessageCase.AGENT_REREGISTERED).isEmpty());
        actor.hold();

        first.send(statusUpdate(framework, "u-1"));
        first.listener().onClose();
        second.send(statusUpdate(framework, "u-1"));
        actor.release();
        drain();
        drain();

        assertThat(updates(events)).as("the copy on the open channel").isEqualTo(1);
        assertThat(channel.statusUpdateDuplicatesDropped()).isZero();
    }

    @Test
    void stateViewsAreRenderedOffTheActorThread() throws Exception {
        CountDownLatch rendering = new CountDownLatch(1);
        CountDownLatch rendered = new CountDownLatch(1);
        master.render(s -> {
            rendering.countDown();
            try {
                rendered.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return s;
        });
        try {
            assertThat(rendering.await(10, TimeUnit.SECONDS)).isTrue();

            // the actor answers while a view is still being rendered
            assertThat(master.call(m -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS))
                    .isEqualTo("agora-master");
        } finally {
            rendered.countDown();
        }
    }
}
