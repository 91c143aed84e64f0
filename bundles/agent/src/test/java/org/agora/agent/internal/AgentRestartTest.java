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
package org.agora.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.agora.agent.internal.checkpoint.CheckpointFiles;
import org.agora.agent.internal.launcher.ProcessIdentity;
import org.agora.agent.internal.launcher.ProcessTree;
import org.agora.agent.internal.master.MasterLink;
import org.agora.api.channel.Channel.AgentRegistered;
import org.agora.api.channel.Channel.AgentReregistered;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.Heartbeat;
import org.agora.api.channel.Channel.KillTask;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.channel.Channel.RunTask;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.channel.Channel.StatusUpdateAcknowledgement;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.http.HttpServer;
import org.agora.http.Router;
import org.agora.http.WebSocketListener;
import org.agora.http.WebSocketSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent restarted on the same work directory, against a fake master over the real agent channel: the new
 * agent takes over the running tasks before it registers, and re-registers under the same id reporting them.
 */
class AgentRestartTest {
    static final AgentID ID = AgentID.newBuilder().setValue("m-S1").build();
    static final FrameworkInfo DURABLE = FrameworkInfo.newBuilder()
            .setId(FrameworkID.newBuilder().setValue("m-0001")).setName("durable").setUser(user()).setCheckpoint(true)
            .build();
    static final FrameworkInfo PLAIN = FrameworkInfo.newBuilder()
            .setId(FrameworkID.newBuilder().setValue("m-0002")).setName("plain").setUser(user()).build();

    @TempDir
    Path workDir;

    final List<Envelope> toMaster = new CopyOnWriteArrayList<>();
    final AtomicReference<WebSocketSession> channel = new AtomicReference<>();
    final List<AgentComponent> agents = new ArrayList<>();
    MasterInfo masterInfo;
    HttpServer master;

    static String user() {
        return System.getProperty("user.name");
    }

    @BeforeEach
    void startMaster() throws Exception {
        masterInfo = MasterInfo.newBuilder().setId("fake").setIp(0).setPort(1).setHostname("fake").build();
        master = HttpServer.start("fake-master", "127.0.0.1", 0, Router.builder()
                .webSocket("/agora/v1/agent-channel", (upgrade, session) -> {
                    channel.set(session);
                    return new WebSocketListener() {
                        @Override
                        public void onMessage(byte[] bytes) {
                            try {
                                received(session, Envelope.parseFrom(bytes));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }

                        @Override
                        public void onClose() {
                        }
                    };
                }).build(), 1).get(10, TimeUnit.SECONDS);
    }

    /** The fake master: admits the agent as m-S1, acknowledges every status update, answers heartbeats. */
    void received(WebSocketSession session, Envelope e) {
        toMaster.add(e);
        switch (e.getMessageCase()) {
            case REGISTER_AGENT -> session.send(Envelope.newBuilder().setAgentRegistered(AgentRegistered.newBuilder()
                    .setAgentId(ID).setMasterInfo(masterInfo).setHeartbeatIntervalMs(1000)).build().toByteArray());
            case REREGISTER_AGENT -> session.send(Envelope.newBuilder().setAgentReregistered(AgentReregistered
                    .newBuilder().setAgentId(ID).setMasterInfo(masterInfo).setHeartbeatIntervalMs(1000)).build()
                    .toByteArray());
            case STATUS_UPDATE -> session.send(Envelope.newBuilder().setStatusUpdateAcknowledgement(
                    StatusUpdateAcknowledgement.newBuilder().setFrameworkId(e.getStatusUpdate().getFrameworkId())
                            .setTaskId(e.getStatusUpdate().getStatus().getTaskId())
                            .setUuid(e.getStatusUpdate().getStatus().getUuid())).build().toByteArray());
            case HEARTBEAT -> session.send(Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder().setAgentId(ID))
                    .build().toByteArray());
            default -> { }
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        agents.forEach(AgentComponent::stop);
        master.close();
        try (Stream<Path> files = Files.walk(workDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("forked.pid")).toList()) {
                ProcessIdentity p = ProcessIdentity.decode(new String(CheckpointFiles.read(f),
                        StandardCharsets.US_ASCII));
                if (p.isRunning()) {
                    ProcessHandle.of(p.pid()).ifPresent(h -> ProcessTree.kill(h, List.of()));
                }
            }
        }
    }

    AgentComponent startAgent() {
        AgentComponent a = new AgentComponent(AgentSettings.of(Map.of("port", 0,
                "master", "127.0.0.1:" + master.port(),
                "ip", "127.0.0.1", "hostname", "localhost", "work.dir", workDir.toString(),
                "resources", "cpus:100;mem:100000;disk:1000;ports:[31000-31010]", "registration.backoff.ms", 50,
                "registration.backoff.max.ms", 500, "switch.user", true, "task.kill.grace.period.ms", 3000)));
        agents.add(a);
        return a;
    }

    static Agent.AgentSnapshot snapshot(AgentComponent a) throws Exception {
        return a.call(Agent::snapshot).get(5, TimeUnit.SECONDS);
    }

    void toAgent(Envelope e) {
        channel.get().send(e.toByteArray());
    }

    static RunTask runTask(FrameworkInfo framework, String taskId, String command) {
        return RunTask.newBuilder().setFramework(framework).setTask(TaskInfo.newBuilder().setName(taskId)
                .setTaskId(TaskID.newBuilder().setValue(taskId)).setAgentId(ID)
                .setCommand(CommandInfo.newBuilder().setValue(command))).build();
    }

    static boolean running(long pid) {
        return ProcessIdentity.of(pid).map(ProcessIdentity::isRunning).orElse(false);
    }

    long updates(String taskId, TaskState state) {
        return toMaster.stream().filter(Envelope::hasStatusUpdate).map(Envelope::getStatusUpdate)
                .map(StatusUpdate::getStatus)
                .filter(s -> s.getTaskId().getValue().equals(taskId) && s.getState() == state).count();
    }

    @Test
    void aRestartedAgentReregistersUnderItsIdReportingTheTasksItAdoptedAndKillsTheNonCheckpointedOnes()
            throws Exception {
        int n = 100;
        AgentComponent first = startAgent();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> snapshot(first).linkState() == MasterLink.State.REGISTERED);
        for (int i = 0; i < n; i++) {
            toAgent(Envelope.newBuilder().setRunTask(runTask(DURABLE, "d" + i, "exec sleep 600")).build());
        }
        toAgent(Envelope.newBuilder().setRunTask(runTask(PLAIN, "plain", "echo $$ > pid; exec sleep 600")).build());
        await().atMost(Duration.ofSeconds(60)).until(() -> toMaster.stream().filter(Envelope::hasStatusUpdate)
                .filter(e -> e.getStatusUpdate().getStatus().getState() == TaskState.TASK_RUNNING).count() == n + 1);
        await().until(() -> snapshot(first).tasks().frameworks().stream().flatMap(f -> f.executors().stream())
                .flatMap(e -> e.tasks().stream()).noneMatch(Task::hasStatusUpdateUuid));
        Path plainPid = snapshot(first).tasks().frameworks().stream()
                .filter(f -> f.info().getId().equals(PLAIN.getId())).findFirst().orElseThrow()
                .executors().get(0).directory().resolve("pid");
        await().until(() -> Files.exists(plainPid) && !Files.readString(plainPid).isBlank());
        long plain = Long.parseLong(Files.readString(plainPid).trim());
        int sentBefore = toMaster.size();

        first.stop();

        long start = System.nanoTime();
        AgentComponent second = startAgent();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> toMaster.stream().skip(sentBefore).anyMatch(Envelope::hasReregisterAgent));
        double millis = (System.nanoTime() - start) / 1e6;
        ReregisterAgent reregistration = toMaster.stream().skip(sentBefore).filter(Envelope::hasReregisterAgent)
                .findFirst().orElseThrow().getReregisterAgent();
        System.out.printf("AgentRestartTest: new agent instance to re-registration with %d adopted running tasks: "
                + "%.0f ms (of which recovery %d ms)%n", reregistration.getTasksCount(), millis,
                second.call(a -> a.recovery().took().toMillis()).get(5, TimeUnit.SECONDS));

        assertThat(reregistration.getAgentInfo().getId()).isEqualTo(ID);
        assertThat(reregistration.getTasksList()).hasSize(n).allSatisfy(t -> {
            assertThat(t.getState()).isEqualTo(TaskState.TASK_RUNNING);
            assertThat(t.getFrameworkId()).isEqualTo(DURABLE.getId());
        });
        assertThat(reregistration.getFrameworksList()).containsExactly(DURABLE);
        assertThat(toMaster.stream().skip(sentBefore).noneMatch(Envelope::hasRegisterAgent)).isTrue();
        assertThat(running(plain)).as("a task of a framework that does not checkpoint dies with its agent").isFalse();

        // adopted tasks are the agent's as any other: a kill from the master ends one
        await().ignoreExceptions().until(() -> snapshot(second).linkState() == MasterLink.State.REGISTERED);
        toAgent(Envelope.newBuilder().setKillTask(KillTask.newBuilder().setFrameworkId(DURABLE.getId())
                .setTaskId(TaskID.newBuilder().setValue("d7"))).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> updates("d7", TaskState.TASK_KILLED) == 1);
        assertThat(updates("d8", TaskState.TASK_RUNNING)).as("not resent after the restart").isEqualTo(1);
    }
}
