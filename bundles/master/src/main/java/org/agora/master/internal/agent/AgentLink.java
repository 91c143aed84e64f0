package org.agora.master.internal.agent;

import org.agora.api.channel.Channel.Envelope;
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
    /** The agent takes an ACCEPT's tasks as one RunTasks message; set from its (re)registration on the actor. */
    private boolean runTasks;

    public AgentLink(WebSocketSession session) {
        this.session = session;
    }

    public void send(Envelope envelope) {
        session.send(envelope.toByteArray());
    }

    /** What the agent's (re)registration said it understands of the channel. */
    public void channelFeatures(java.util.List<String> features) {
        runTasks = features.contains("run_tasks");
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
