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

import static org.agora.api.channel.ChannelFeatures.STATUS_BATCHES;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.StatusUpdateAcknowledgement;
import org.agora.api.channel.Channel.StatusUpdateAcknowledgements;
import org.agora.api.channel.ChannelFeatures;
import org.agora.http.WebSocketSession;

/** The master's end of one agent-channel connection. */
public final class AgentLink {
    private final WebSocketSession session;
    /** Written on the actor thread, read also on the channel's Netty thread (heartbeat replies). */
    private volatile String agentId;
    /** Set on the Netty thread as soon as the connection closes: what it still has queued is dropped. */
    private volatile boolean closed;
    /** A heartbeat of this channel waits on the actor thread to be recorded (at most one does). */
    private final java.util.concurrent.atomic.AtomicBoolean heartbeatQueued =
            new java.util.concurrent.atomic.AtomicBoolean();
    /** Channel messages the master understands beyond the first version's, told to every agent it admits. */
    public static final List<String> MASTER_FEATURES = List.of(STATUS_BATCHES);

    /** The agent takes an ACCEPT's tasks as one RunTasks message; set from its (re)registration on the actor. */
    private boolean runTasks;
    /** The agent takes several acknowledgements in one message; set from its (re)registration on the actor. */
    private boolean statusBatches;
    /** Acknowledgements forwarded in this turn of the actor, sent together at its end; actor thread only. */
    private final List<StatusUpdateAcknowledgement> acknowledgements = new ArrayList<>();

    public AgentLink(WebSocketSession session) {
        this.session = session;
    }

    /**
     * Sends now, after the acknowledgements queued before it (the agent sees messages in the order sent). Actor
     * thread only, as {@link #acknowledge} and {@link #flushAcknowledgements}.
     */
    public void send(Envelope envelope) {
        flushAcknowledgements();
        session.send(envelope.toByteArray());
    }

    /**
     * Sends at once, from any thread, ahead of acknowledgements still queued: for heartbeat replies, which the
     * channel's own thread answers and whose order against task messages does not matter.
     */
    public void sendOutOfOrder(Envelope envelope) {
        session.send(envelope.toByteArray());
    }

    /**
     * Sends a framework's acknowledgement. To an agent that takes batches it is queued and {@code endOfTurn} runs
     * after the actor's current work, where {@link #flushAcknowledgements} sends everything queued as one message: a
     * framework that acknowledges a burst of updates costs the agent's actor one message, not one each.
     *
     * @param endOfTurn schedules a task on the actor thread behind what is queued there now
     */
    public void acknowledge(StatusUpdateAcknowledgement ack, Executor endOfTurn) {
        if (!statusBatches) {
            send(Envelope.newBuilder().setStatusUpdateAcknowledgement(ack).build());
            return;
        }
        acknowledgements.add(ack);
        if (acknowledgements.size() == 1) {
            endOfTurn.execute(this::flushAcknowledgements);
        }
    }

    /** Sends the queued acknowledgements: one alone as itself, more as one StatusUpdateAcknowledgements. */
    public void flushAcknowledgements() {
        if (acknowledgements.isEmpty()) {
            return;
        }
        Envelope e = acknowledgements.size() == 1
                ? Envelope.newBuilder().setStatusUpdateAcknowledgement(acknowledgements.get(0)).build()
                : Envelope.newBuilder().setStatusUpdateAcknowledgements(StatusUpdateAcknowledgements.newBuilder()
                        .addAllAcknowledgements(acknowledgements)).build();
        acknowledgements.clear();
        session.send(e.toByteArray());
    }

    /** What the agent's (re)registration said it understands of the channel. */
    public void channelFeatures(List<String> features) {
        runTasks = features.contains(ChannelFeatures.RUN_TASKS);
        statusBatches = features.contains(STATUS_BATCHES);
    }

    /** Whether the agent takes several tasks in one RunTasks message. */
    boolean takesRunTasks() {
        return runTasks;
    }

    public void close() {
        session.close();
    }

    /** The IP address the connection comes from. */
    String ip() {
        return session.remoteAddress() instanceof java.net.InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : "";
    }

    /** The agent this connection registered as; null until it did. Written on the actor thread. */
    String agentId() {
        return agentId;
    }

    void agentId(String id) {
        this.agentId = id;
    }

    /** The connection is gone; anything it sent that still waits for the actor thread is dropped. */
    void markClosed() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    /** Claims the one queued heartbeat slot of this channel; false when one is queued already. */
    boolean queueHeartbeat() {
        return heartbeatQueued.compareAndSet(false, true);
    }

    void heartbeatRecorded() {
        heartbeatQueued.set(false);
    }

    @Override
    public String toString() {
        return "agent channel from " + session.remoteAddress() + (agentId == null ? "" : " (" + agentId + ")");
    }
}
