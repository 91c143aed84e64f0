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

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.agora.api.channel.Channel.AgentRegistered;
import org.agora.api.channel.Channel.AgentReregistered;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.Heartbeat;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.channel.Channel.StatusUpdateAcknowledgement;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.http.HttpServer;
import org.agora.http.Router;
import org.agora.http.WebSocketListener;
import org.agora.http.WebSocketSession;

/**
 * A master reduced to the agent channel, over a real WebSocket on loopback: admits the agent as {@link #ID},
 * acknowledges every status update, answers heartbeats, and records what the agent sent and the headers of its
 * upgrade requests.
 */
final class FakeMaster implements AutoCloseable {
    static final AgentID ID = AgentID.newBuilder().setValue("m-S1").build();

    final List<Envelope> received = new CopyOnWriteArrayList<>();
    /** The Authorization header of each upgrade request, in order; "" when there was none. */
    final List<String> upgradeAuthorizations = new CopyOnWriteArrayList<>();
    private final AtomicReference<WebSocketSession> channel = new AtomicReference<>();
    private final MasterInfo info = MasterInfo.newBuilder().setId("fake").setIp(0).setPort(1).setHostname("fake")
            .build();
    private final HttpServer server;

    FakeMaster() throws Exception {
        server = HttpServer.start("fake-master", "127.0.0.1", 0, Router.builder()
                .webSocket("/agora/v1/agent-channel", (upgrade, session) -> {
                    upgradeAuthorizations.add(upgrade.header("Authorization").orElse(""));
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

    String address() {
        return "127.0.0.1:" + server.port();
    }

    private void received(WebSocketSession session, Envelope e) {
        received.add(e);
        switch (e.getMessageCase()) {
            case REGISTER_AGENT -> session.send(Envelope.newBuilder().setAgentRegistered(AgentRegistered.newBuilder()
                    .setAgentId(ID).setMasterInfo(info).setHeartbeatIntervalMs(1000)).build().toByteArray());
            case REREGISTER_AGENT -> session.send(Envelope.newBuilder().setAgentReregistered(AgentReregistered
                    .newBuilder().setAgentId(ID).setMasterInfo(info).setHeartbeatIntervalMs(1000)).build()
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

    /** Sends {@code e} to the agent on its channel. */
    void toAgent(Envelope e) {
        channel.get().send(e.toByteArray());
    }

    /** Whether the agent registered (or re-registered) on a channel. */
    boolean registered() {
        return received.stream().anyMatch(e -> e.hasRegisterAgent() || e.hasReregisterAgent());
    }

    /** The latest state the agent reported for the task. */
    Optional<TaskState> state(String taskId) {
        return received.stream().filter(Envelope::hasStatusUpdate).map(Envelope::getStatusUpdate)
                .map(StatusUpdate::getStatus).filter(s -> s.getTaskId().getValue().equals(taskId))
                .map(TaskStatus::getState).reduce((a, b) -> b);
    }

    @Override
    public void close() {
        server.close();
    }
}
