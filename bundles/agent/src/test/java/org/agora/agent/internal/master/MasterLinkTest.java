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
package org.agora.agent.internal.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.agora.api.channel.Channel.AgentRegistered;
import org.agora.api.channel.Channel.AgentReregistered;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.channel.Channel.RetryLater;
import org.agora.api.channel.Channel.RunTask;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.channel.Channel.TaskEnded;
import org.agora.api.channel.ChannelFeatures;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.http.HttpServer;
import org.agora.http.Router;
import org.agora.http.WebSocketClient;
import org.agora.http.WebSocketListener;
import org.agora.http.WebSocketSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The link's task wiring against a fake master over a real WebSocket. */
class MasterLinkTest {
    static final AgentID ID = AgentID.newBuilder().setValue("m-S1").build();
    static final FrameworkID FW = FrameworkID.newBuilder().setValue("m-0001").build();

    final ScheduledExecutorService actor = Executors.newSingleThreadScheduledExecutor();
    final WebSocketClient client = new WebSocketClient("test-agent-channel");
    final List<Envelope> toMaster = new CopyOnWriteArrayList<>();
    final List<Envelope> toOwner = new CopyOnWriteArrayList<>();
    final AtomicReference<WebSocketSession> masterSide = new AtomicReference<>();
    final AtomicBoolean holdReregistration = new AtomicBoolean();
    /** How many of the next (re-)registrations the fake master answers RetryLater, and with which delay. */
    final AtomicInteger retryLaterAnswers = new AtomicInteger();
    volatile int retryAfterMs = 1000;
    final AtomicInteger channelsOpened = new AtomicInteger();
    /** What the fake master says it understands beyond the channel's first version. */
    volatile List<String> masterFeatures = List.of();
    MasterInfo masterInfo;
    MasterInfo leader;
    HttpServer master;
    MasterLink link;
    AgentInfo info = AgentInfo.newBuilder().setHostname("agent-host").setPort(5051).build();

    final MasterLink.Owner owner = new MasterLink.Owner() {
        @Override
        public AgentInfo agentInfo() {
            return info;
        }

        @Override
        public void registered(AgentInfo agentInfo, MasterInfo m, boolean reregistered) {
            info = agentInfo;
        }

        @Override
        public void idRefused(String message) {
        }

        @Override
        public void describeTasks(ReregisterAgent.Builder message) {
            message.addFrameworks(FrameworkInfo.newBuilder().setId(FW).setName("fw").setUser("u"));
            message.addTasks(Task.newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t1"))
                    .setFrameworkId(FW).setAgentId(ID).setState(TaskState.TASK_RUNNING));
        }

        @Override
        public void received(Envelope message) {
            toOwner.add(message);
        }
    };

    @BeforeEach
    void start() throws Exception {
        masterInfo = MasterInfo.newBuilder().setId("fake").setIp(0).setPort(1).setHostname("fake").build();
        master = HttpServer.start("fake-master", "127.0.0.1", 0, Router.builder()
                .webSocket("/agora/v1/agent-channel", (upgrade, session) -> {
                    masterSide.set(session);
                    channelsOpened.incrementAndGet();
                    return new WebSocketListener() {
                        @Override
                        public void onMessage(byte[] bytes) {
                            try {
                                Envelope e = Envelope.parseFrom(bytes);
                                toMaster.add(e);
                                if ((e.hasRegisterAgent() || e.hasReregisterAgent())
                                        && retryLaterAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                                    session.send(Envelope.newBuilder().setRetryLater(RetryLater.newBuilder()
                                            .setRetryAfterMs(retryAfterMs).setMessage("busy")).build()
                                            .toByteArray());
                                } else if (e.hasRegisterAgent()) {
                                    session.send(Envelope.newBuilder().setAgentRegistered(AgentRegistered
                                            .newBuilder().setAgentId(ID).setMasterInfo(masterInfo)
                                            .addAllChannelFeatures(masterFeatures).setHeartbeatIntervalMs(1000))
                                            .build().toByteArray());
                                } else if (e.hasReregisterAgent() && !holdReregistration.get()) {
                                    session.send(reregistered());
                                }
                            } catch (Exception ex) {
                                throw new IllegalStateException(ex);
                            }
                        }

                        @Override
                        public void onClose() {
                        }
                    };
                }).build(), 1).get(10, TimeUnit.SECONDS);
        link = new MasterLink(owner, actor, client, Duration.ofMillis(50), Duration.ofMillis(200), 5);
        leader = MasterInfo.newBuilder().setId("fake").setIp(0).setHostname("127.0.0.1")
                .setPort(master.port()).build();
        on(() -> {
            link.leaderDetected(Optional.of(leader));
            return null;
        });
    }

    @AfterEach
    void stop() throws Exception {
        on(() -> {
            link.stop();
            return null;
        });
        master.close();
        client.close();
        actor.shutdownNow();
    }

    byte[] reregistered() {
        return Envelope.newBuilder().setAgentReregistered(AgentReregistered.newBuilder().setAgentId(ID)
                .setMasterInfo(masterInfo).setHeartbeatIntervalMs(1000)).build().toByteArray();
    }

    <T> T on(Callable<T> c) throws Exception {
        return actor.submit(c).get(10, TimeUnit.SECONDS);
    }

    static Envelope update(String task) {
        return Envelope.newBuilder().setStatusUpdate(StatusUpdate.newBuilder().setFrameworkId(FW)
                .setStatus(TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(task))
                        .setState(TaskState.TASK_RUNNING))).build();
    }

    @Test
    void taskMessagesReachTheOwnerAndUpdatesGoOutOnlyWhileRegistered() throws Exception {
        await().until(() -> on(link::state) == MasterLink.State.REGISTERED);

        assertThat(on(() -> link.send(update("t1")))).isTrue();
        await().until(() -> toMaster.stream().anyMatch(Envelope::hasStatusUpdate));

        masterSide.get().send(Envelope.newBuilder().setRunTask(RunTask.newBuilder()
                .setFramework(FrameworkInfo.newBuilder().setId(FW).setName("fw").setUser("u"))
                .setTask(TaskInfo.newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t2"))
                        .setAgentId(ID))).build().toByteArray());
        await().until(() -> toOwner.stream().anyMatch(Envelope::hasRunTask));
        // an ACCEPT's tasks in one message, which the registration said this agent takes
        masterSide.get().send(Envelope.newBuilder().setRunTasks(org.agora.api.channel.Channel.RunTasks.newBuilder()
                .setFramework(FrameworkInfo.newBuilder().setId(FW).setName("fw").setUser("u"))
                .addTasks(TaskInfo.newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t4"))
                        .setAgentId(ID))).build().toByteArray());
        await().until(() -> toOwner.stream().anyMatch(Envelope::hasRunTasks));

        // the master goes away: nothing is sent until the agent is registered again, with its tasks reported
        holdReregistration.set(true);
        WebSocketSession first = masterSide.get();
        first.close();
        await().until(() -> toMaster.stream().anyMatch(Envelope::hasReregisterAgent));
        assertThat(on(link::state)).isEqualTo(MasterLink.State.REGISTERING);
        assertThat(on(() -> link.send(update("t3")))).isFalse();
        assertThat(masterSide.get()).isNotSameAs(first);
        masterSide.get().send(reregistered());
        await().until(() -> on(link::state) == MasterLink.State.REGISTERED);

        ReregisterAgent reregistration = toMaster.stream().filter(Envelope::hasReregisterAgent)
                .map(Envelope::getReregisterAgent).findFirst().orElseThrow();
        assertThat(reregistration.getAgentInfo().getId()).isEqualTo(ID);
        assertThat(reregistration.getChannelFeaturesList()).contains("run_tasks");
        assertThat(reregistration.getTasksList()).extracting(t -> t.getTaskId().getValue()).containsExactly("t1");
        assertThat(reregistration.getFrameworksList()).extracting(FrameworkInfo::getId).containsExactly(FW);
        assertThat(toMaster.stream().filter(Envelope::hasStatusUpdate)).hasSize(1);
    }

    @Test
    void zooKeeperNamingNoLeaderForAWhileKeepsTheChannelAndAnotherLeaderMovesIt() throws Exception {
        await().until(() -> on(link::state) == MasterLink.State.REGISTERED);
        WebSocketSession first = masterSide.get();

        // this agent's ZooKeeper session expired and came back, naming the same master: nothing to redo, nothing lost
        detect(Optional.empty());
        assertThat(on(link::state)).isEqualTo(MasterLink.State.REGISTERED);
        assertThat(on(() -> link.send(update("t1")))).as("still linked while no leader is known").isTrue();
        detect(Optional.of(leader));
        await().until(() -> toMaster.stream().filter(Envelope::hasStatusUpdate).count() == 1);
        assertThat(on(link::state)).isEqualTo(MasterLink.State.REGISTERED);
        assertThat(masterSide.get()).isSameAs(first);
        assertThat(toMaster).noneMatch(Envelope::hasReregisterAgent);

        // then another master leads: the channel moves to it and the agent re-registers there
        detect(Optional.empty());
        detect(Optional.of(leader.toBuilder().setId("another").build()));
        await().until(() -> toMaster.stream().anyMatch(Envelope::hasReregisterAgent));
        await().until(() -> on(link::state) == MasterLink.State.REGISTERED);
        assertThat(masterSide.get()).isNotSameAs(first);

        // no leader known and the master closes the channel: the agent waits for ZooKeeper to name one
        detect(Optional.empty());
        masterSide.get().close();
        await().until(() -> on(link::state) == MasterLink.State.WAITING_FOR_LEADER);
        assertThat(on(() -> link.send(update("t5")))).isFalse();
    }

    void detect(Optional<MasterInfo> detected) throws Exception {
        on(() -> {
            link.leaderDetected(detected);
            return null;
        });
    }

    @Test
    void updatesOfOneTurnGoAsOneMessageToAMasterThatTakesBatchesAndNothingOvertakesThem() throws Exception {
        masterFeatures = List.of(ChannelFeatures.STATUS_BATCHES);
        await().until(() -> on(link::state) == MasterLink.State.REGISTERED);
        assertThat(toMaster.get(0).getRegisterAgent().getChannelFeaturesList())
                .contains(ChannelFeatures.STATUS_BATCHES);

        on(() -> link.send(update("t1")) && link.send(update("t2")) && link.send(Envelope.newBuilder()
                .setTaskEnded(TaskEnded.newBuilder().setFrameworkId(FW).setTaskId(TaskID.newBuilder()
                        .setValue("t2")).setState(TaskState.TASK_FINISHED)).build()) && link.send(update("t3")));
        await().until(() -> toMaster.stream().anyMatch(e -> e.hasStatusUpdate() || e.hasStatusUpdates()
                && e.getStatusUpdates().getUpdatesList().stream().anyMatch(u -> u.getStatus().getTaskId()
                        .getValue().equals("t3"))));

        List<Envelope> sent = toMaster.stream().filter(e -> !e.hasRegisterAgent() && !e.hasHeartbeat()).toList();
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0).getStatusUpdates().getUpdatesList()).extracting(u -> u.getStatus().getTaskId()
                .getValue()).containsExactly("t1", "t2");
        assertThat(sent.get(1).hasTaskEnded()).as("after the updates sent before it").isTrue();
        assertThat(sent.get(2).getStatusUpdate().getStatus().getTaskId().getValue())
                .as("one update alone goes as itself").isEqualTo("t3");
    }

    @Test
    void aMasterThatDoesNotTakeBatchesGetsEveryUpdateAsItself() throws Exception {
        await().until(() -> on(link::state) == MasterLink.State.REGISTERED);

        on(() -> link.send(update("t1")) && link.send(update("t2")));
        await().until(() -> toMaster.stream().filter(Envelope::hasStatusUpdate).count() == 2);

        assertThat(toMaster).noneMatch(Envelope::hasStatusUpdates);
    }

    @Test
    void aMasterThatSaysRetryLaterGetsTheRegistrationAgainOnTheSameChannelAndIsNotTakenForSilent() throws Exception {
        await().until(() -> on(link::state) == MasterLink.State.REGISTERED);
        retryLaterAnswers.set(2);
        int channelsBefore = channelsOpened.get();

        // the master restarts: the agent re-registers and is told twice to come back later
        masterSide.get().close();
        await().pollInterval(Duration.ofMillis(10)).until(() -> on(link::state)
                == MasterLink.State.REGISTRATION_DEFERRED);
        WebSocketSession channel = masterSide.get();
        assertThat(reregistrations()).as("nothing resent before the delay").isEqualTo(1);
        assertThat(toMaster.stream().filter(Envelope::hasReregisterAgent).findFirst().orElseThrow()
                .getReregisterAgent().getChannelFeaturesList()).contains(ChannelFeatures.RETRY_LATER);

        await().atMost(Duration.ofSeconds(20)).until(() -> on(link::state) == MasterLink.State.REGISTERED);
        assertThat(reregistrations()).as("once per RetryLater, then admitted").isEqualTo(3);
        assertThat(masterSide.get()).as("the same channel throughout").isSameAs(channel);
        assertThat(channelsOpened.get()).as("one reconnect: the master's restart, none for the waits")
                .isEqualTo(channelsBefore + 1);
        ReregisterAgent last = toMaster.stream().filter(Envelope::hasReregisterAgent).map(Envelope::getReregisterAgent)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(last.getTasksList()).as("the whole registration again, tasks included")
                .extracting(t -> t.getTaskId().getValue()).containsExactly("t1");
        assertThat(on(() -> link.send(update("t1")))).isTrue();
    }

    @Test
    void aRetryLaterWhileRegisteredChangesNothing() throws Exception {
        await().until(() -> on(link::state) == MasterLink.State.REGISTERED);

        masterSide.get().send(Envelope.newBuilder().setRetryLater(RetryLater.newBuilder().setRetryAfterMs(10))
                .build().toByteArray());
        // the agent handles the master's messages in order: once this task reaches it, the RetryLater was seen
        masterSide.get().send(Envelope.newBuilder().setRunTask(RunTask.newBuilder()
                .setFramework(FrameworkInfo.newBuilder().setId(FW).setName("fw").setUser("u"))
                .setTask(TaskInfo.newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t2"))
                        .setAgentId(ID))).build().toByteArray());
        await().until(() -> toOwner.stream().anyMatch(Envelope::hasRunTask));

        assertThat(on(link::state)).isEqualTo(MasterLink.State.REGISTERED);
        assertThat(toMaster.stream().filter(Envelope::hasRegisterAgent)).hasSize(1);
        assertThat(reregistrations()).isZero();
    }

    long reregistrations() {
        return toMaster.stream().filter(Envelope::hasReregisterAgent).count();
    }
}
