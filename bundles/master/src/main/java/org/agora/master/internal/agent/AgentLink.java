package org.agora.master.internal.agent;

import org.agora.api.channel.Channel.Envelope;
import org.agora.http.WebSocketSession;

/** The master's end of one agent-channel connection. */
public final class AgentLink {
    private final WebSocketSession session;
    private String agentId;
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

    /** The agent this connection registered as; null until it did. Read and written on the actor thread. */
    String agentId() {
        return agentId;
    }

    void agentId(String id) {
        this.agentId = id;
    }

    @Override
    public String toString() {
        return "agent channel from " + session.remoteAddress() + (agentId == null ? "" : " (" + agentId + ")");
    }
}
