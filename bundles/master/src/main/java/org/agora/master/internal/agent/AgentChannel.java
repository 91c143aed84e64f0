package org.agora.master.internal.agent;

import com.google.protobuf.InvalidProtocolBufferException;
import org.agora.api.channel.Channel.Envelope;
import org.agora.http.Request;
import org.agora.http.WebSocketHandler;
import org.agora.http.WebSocketListener;
import org.agora.http.WebSocketSession;
import org.agora.master.internal.MasterAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accepts agent-channel WebSockets and hands every message to the master's actor thread, in order. */
public final class AgentChannel implements WebSocketHandler {
    public static final String PATH = "/agora/v1/agent-channel";
    private static final Logger LOG = LoggerFactory.getLogger(AgentChannel.class);

    private final MasterAccess master;

    public AgentChannel(MasterAccess master) {
        this.master = master;
    }

    @Override
    public WebSocketListener open(Request upgrade, WebSocketSession session) {
        AgentLink link = new AgentLink(session);
        LOG.debug("Agent channel opened from {}", session.remoteAddress());
        return new WebSocketListener() {
            @Override
            public void onMessage(byte[] message) {
                Envelope envelope;
                try {
                    envelope = Envelope.parseFrom(message);
                } catch (InvalidProtocolBufferException e) {
                    LOG.warn("Closing {}: unreadable message ({})", link, e.getMessage());
                    session.close();
                    return;
                }
                master.call(m -> {
                    m.agentMessage(link, envelope);
                    return null;
                }).exceptionally(e -> {
                    LOG.warn("Closing {}: {}", link, e.getMessage());
                    session.close();
                    return null;
                });
            }

            @Override
            public void onClose() {
                master.call(m -> {
                    m.agentChannelClosed(link);
                    return null;
                });
            }
        };
    }
}
