package org.agora.master.internal.agent;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.security.Action;
import org.agora.http.Request;
import org.agora.http.WebSocketHandler;
import org.agora.http.WebSocketListener;
import org.agora.http.WebSocketSession;
import org.agora.master.internal.MasterAccess;
import org.agora.master.internal.security.Caller;
import org.agora.master.internal.security.Guard;
import org.agora.master.internal.security.NotAuthorizedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts agent-channel WebSockets and hands every message to the master's actor thread, in order. When agents must
 * authenticate, the upgrade request's HTTP Basic credential is checked (and REGISTER_AGENT authorized) before any
 * message of the channel reaches the master; messages that arrive meanwhile wait, in order; a channel whose
 * credential is refused is closed, so a rogue process cannot register as an agent.
 */
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
        CompletableFuture<Caller> admitted = master.guard().authenticate(upgrade.header("Authorization"),
                Guard.Need.AGENT).thenApply(caller -> {
                    master.permissions().require(caller, Action.REGISTER_AGENT, Optional.empty(), "register agents");
                    return caller;
                });
        Gate gate = new Gate(link, session);
        admitted.whenComplete((caller, error) -> gate.opened(error));
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
                gate.pass(envelope);
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

    /** Holds a channel's messages until its credential is checked, then passes them to the master in order. */
    private final class Gate {
        private final AgentLink link;
        private final WebSocketSession session;
        private List<Envelope> waiting = new ArrayList<>();
        private boolean refused;

        Gate(AgentLink link, WebSocketSession session) {
            this.link = link;
            this.session = session;
        }

        synchronized void pass(Envelope envelope) {
            if (refused) {
                return;
            }
            if (waiting != null) {
                waiting.add(envelope);
                return;
            }
            deliver(envelope);
        }

        synchronized void opened(Throwable error) {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                LOG.warn("Refused the agent channel from {}: {}", session.remoteAddress(),
                        cause instanceof NotAuthorizedException ? cause.getMessage() : cause.getMessage());
                refused = true;
                waiting = null;
                session.close();
                return;
            }
            List<Envelope> queued = waiting;
            waiting = null;
            queued.forEach(this::deliver);
        }

        private void deliver(Envelope envelope) {
            master.call(m -> {
                m.agentMessage(link, envelope);
                return null;
            }).exceptionally(e -> {
                LOG.warn("Closing {}: {}", link, e.getMessage());
                session.close();
                return null;
            });
        }
    }
}
