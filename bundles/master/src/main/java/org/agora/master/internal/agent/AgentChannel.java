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

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.Heartbeat;
import org.agora.api.channel.Channel.RetryLater;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.channel.ChannelFeatures;
import org.agora.api.v1.Protos.AgentID;
import org.agora.master.internal.Master;
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
 *
 * <p>Under load (thousands of agents re-registering after a failover) the actor's queue must not grow with work
 * nobody waits for, nor keep agents from hearing the master:
 * <ul>
 *   <li>a registered agent's heartbeat is answered here, on the network thread, and only noted on the actor (at most
 *       one note queued per channel), so an agent never declares a busy master silent and reconnects;
 *   <li>a re-registration waiting for the actor is replaced by a newer one of the same agent (one that reconnected)
 *       instead of both being handled;
 *   <li>whatever a channel sent that still waits for the actor when it closes is dropped: the agent sends it again
 *       on its next channel;
 *   <li>a status update resent (same agent, same status uuid) while its first copy still waits for the actor is
 *       dropped ({@link #statusUpdateDuplicatesDropped}): the agent resends an unacknowledged update on a timer, and
 *       under load the timer fires before the master has handled the first copy. The first copy of an agent's
 *       closed channel does not hold back the copy on its new one;
 *   <li>registrations and re-registrations waiting for the actor are bounded ({@link RegistrationBacklog},
 *       {@code agent.registration.backlog}): beyond the bound an agent that lists {@code retry_later} in its channel
 *       features is answered {@code RetryLater} here, on the network thread, and nothing of its registration reaches
 *       the actor; it sends the registration again on the same channel after the delay named. An agent that does not
 *       list it is queued as before. A re-registration that replaces a queued one of the same agent takes no new
 *       place.
 * </ul>
 */
public final class AgentChannel implements WebSocketHandler {
    public static final String PATH = "/agora/v1/agent-channel";
    private static final Logger LOG = LoggerFactory.getLogger(AgentChannel.class);

    private final MasterAccess master;
    /** Re-registrations waiting for the actor thread, by agent id: the newest of each agent only. */
    private final java.util.concurrent.ConcurrentHashMap<String, Queued> reregistrations =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record Queued(AgentLink link, Envelope envelope) {
    }

    /** Status updates waiting for the actor thread, by agent and status uuid, with the channel that sent them. */
    private final java.util.concurrent.ConcurrentHashMap<QueuedUpdate, AgentLink> statusUpdates =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder duplicatesDropped =
            new java.util.concurrent.atomic.LongAdder();

    private record QueuedUpdate(String agentId, com.google.protobuf.ByteString uuid) {
    }

    private final RegistrationBacklog backlog;

    /** With the backlog bound of the master's settings ({@code agent.registration.backlog}). */
    public AgentChannel(MasterAccess master) {
        this(master, new RegistrationBacklog(master.settings().agentRegistrationBacklog(), new java.util.Random(),
                System::nanoTime));
    }

    AgentChannel(MasterAccess master, RegistrationBacklog backlog) {
        this.master = master;
        this.backlog = backlog;
    }

    /** Registrations answered RetryLater because too many waited for the master (since the master started). */
    public long registrationsToldToRetryLater() {
        return backlog.refused();
    }

    /** Registrations and re-registrations handed to the master's actor and not yet handled by it. */
    public long registrationsWaiting() {
        return backlog.waiting();
    }

    /** Status updates dropped because their first copy still waited for the master (since the master started). */
    public long statusUpdateDuplicatesDropped() {
        return duplicatesDropped.sum();
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
                link.markClosed();
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
            switch (envelope.getMessageCase()) {
                case HEARTBEAT -> {
                    String agentId = link.agentId();
                    if (agentId != null) {
                        link.sendOutOfOrder(Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                                .setAgentId(AgentID.newBuilder().setValue(agentId))).build());
                        if (link.queueHeartbeat()) {
                            onActor(m -> {
                                link.heartbeatRecorded();
                                m.agentHeard(link);
                            });
                        }
                        return;
                    }
                }
                case REGISTER_AGENT -> {
                    Optional<RegistrationBacklog.Place> place = admit(
                            envelope.getRegisterAgent().getChannelFeaturesList(), "a new agent on "
                                    + envelope.getRegisterAgent().getAgentInfo().getHostname());
                    if (place.isPresent()) {
                        onActor(m -> m.agentMessage(link, envelope), place.get());
                    }
                    return;
                }
                case REREGISTER_AGENT -> {
                    String agentId = envelope.getReregisterAgent().getAgentInfo().getId().getValue();
                    if (!agentId.isEmpty()) {
                        reregister(agentId, envelope);
                        return;
                    }
                }
                case STATUS_UPDATE -> {
                    String agentId = link.agentId();
                    if (agentId != null && !envelope.getStatusUpdate().getStatus().getUuid().isEmpty()) {
                        statusUpdates(agentId, List.of(envelope));
                        return;
                    }
                }
                case STATUS_UPDATES -> {
                    String agentId = link.agentId();
                    if (agentId != null) {
                        List<Envelope> each = new ArrayList<>(envelope.getStatusUpdates().getUpdatesCount());
                        for (StatusUpdate u : envelope.getStatusUpdates().getUpdatesList()) {
                            each.add(Envelope.newBuilder().setStatusUpdate(u).build());
                        }
                        statusUpdates(agentId, each);
                        return;
                    }
                }
                default -> { }
            }
            onActor(m -> m.agentMessage(link, envelope));
        }

        /**
         * Queues an agent's re-registration for the actor, or replaces the one of the same agent that waits there
         * already (the agent reconnected): the actor handles only the newest, on whichever channel sent it, even when
         * the channel that queued the first has closed since.
         */
        private void reregister(String agentId, Envelope envelope) {
            Queued queued = new Queued(link, envelope);
            if (reregistrations.replace(agentId, queued) != null) {
                LOG.debug("Agent {} re-registered again before its earlier re-registration was handled; only the "
                        + "newest is", agentId);
                return;
            }
            Optional<RegistrationBacklog.Place> admitted = admit(envelope.getReregisterAgent()
                    .getChannelFeaturesList(), "agent " + agentId);
            if (admitted.isEmpty()) {
                return;
            }
            RegistrationBacklog.Place place = admitted.get();
            if (reregistrations.put(agentId, queued) != null) {
                // another channel of the agent queued one in between: this one replaced it and rides on its place
                place.release();
                return;
            }
            master.call(m -> {
                try {
                    Queued newest = reregistrations.remove(agentId);
                    if (newest != null && !newest.link().isClosed()) {
                        m.agentMessage(newest.link(), newest.envelope());
                    }
                } finally {
                    place.release();
                }
                return null;
            }).exceptionally(e -> {
                reregistrations.remove(agentId);
                place.release();
                LOG.warn("Closing {}: {}", link, e.getMessage());
                session.close();
                return null;
            });
        }

        /**
         * A place in the registration backlog, or empty after the agent was answered RetryLater: when the backlog is
         * full and the agent's channel features say it understands that.
         */
        private Optional<RegistrationBacklog.Place> admit(List<String> agentFeatures, String who) {
            Optional<RegistrationBacklog.Place> place = backlog.admit(agentFeatures.contains(
                    ChannelFeatures.RETRY_LATER));
            if (place.isEmpty()) {
                long retryMs = backlog.refuse(who + " from " + session.remoteAddress());
                link.sendOutOfOrder(Envelope.newBuilder().setRetryLater(RetryLater.newBuilder()
                        .setRetryAfterMs((int) retryMs).setMessage("the master has " + backlog.waiting()
                                + " registrations waiting (agent.registration.backlog " + backlog.limit() + ")"))
                        .build());
            }
            return place;
        }

        /**
         * Hands a registered agent's status updates to the actor in one hop, in order, less those whose first copy
         * still waits there: a copy queued by a channel that has closed since will be dropped by the actor, so this
         * one replaces it.
         */
        private void statusUpdates(String agentId, List<Envelope> updates) {
            List<Envelope> admitted = new ArrayList<>(updates.size());
            List<QueuedUpdate> keys = new ArrayList<>(updates.size());
            for (Envelope envelope : updates) {
                com.google.protobuf.ByteString uuid = envelope.getStatusUpdate().getStatus().getUuid();
                QueuedUpdate key = uuid.isEmpty() ? null : new QueuedUpdate(agentId, uuid);
                if (key != null && !claim(key)) {
                    duplicatesDropped.increment();
                    LOG.debug("Agent {}: status update {} ({} of task {}) dropped: its first copy still waits for "
                            + "the master", agentId, java.util.HexFormat.of().formatHex(uuid.toByteArray()),
                            envelope.getStatusUpdate().getStatus().getState(),
                            envelope.getStatusUpdate().getStatus().getTaskId().getValue());
                    continue;
                }
                admitted.add(envelope);
                keys.add(key);
            }
            if (admitted.isEmpty()) {
                return;
            }
            master.call(m -> {
                for (int i = 0; i < admitted.size(); i++) {
                    release(keys.get(i));
                    if (!link.isClosed()) {
                        m.agentMessage(link, admitted.get(i));
                    }
                }
                return null;
            }).exceptionally(e -> {
                keys.forEach(this::release);
                LOG.warn("Closing {}: {}", link, e.getMessage());
                session.close();
                return null;
            });
        }

        /** Marks the update as queued by this channel; false when another open channel's copy is queued already. */
        private boolean claim(QueuedUpdate key) {
            boolean[] queuedNow = new boolean[1];
            statusUpdates.compute(key, (k, queued) -> {
                queuedNow[0] = queued == null || queued.isClosed();
                return queuedNow[0] ? link : queued;
            });
            return queuedNow[0];
        }

        private void release(QueuedUpdate key) {
            if (key != null) {
                statusUpdates.remove(key, link);
            }
        }

        /** Runs {@code action} on the actor thread unless the channel has closed by then. */
        private void onActor(java.util.function.Consumer<Master> action) {
            onActor(action, null);
        }

        /**
         * As {@link #onActor(java.util.function.Consumer)}, and frees the registration's {@code place} (if any) once
         * the actor is done with it or it never runs.
         */
        private void onActor(java.util.function.Consumer<Master> action, RegistrationBacklog.Place place) {
            master.call(m -> {
                try {
                    if (!link.isClosed()) {
                        action.accept(m);
                    }
                } finally {
                    if (place != null) {
                        place.release();
                    }
                }
                return null;
            }).exceptionally(e -> {
                if (place != null) {
                    place.release();
                }
                LOG.warn("Closing {}: {}", link, e.getMessage());
                session.close();
                return null;
            });
        }
    }
}
