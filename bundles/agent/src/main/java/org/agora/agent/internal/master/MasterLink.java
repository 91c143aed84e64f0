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

import com.google.protobuf.InvalidProtocolBufferException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.Heartbeat;
import org.agora.api.channel.Channel.RegisterAgent;
import org.agora.api.channel.Channel.RegistrationRefused;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.channel.Channel.RetryLater;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.channel.Channel.StatusUpdates;
import org.agora.api.channel.ChannelFeatures;
import org.agora.api.Versions;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.http.WebSocketClient;
import org.agora.http.WebSocketListener;
import org.agora.http.WebSocketSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of the agent channel: connects to the leading master, registers (or re-registers under its id),
 * heartbeats, and starts over with exponential backoff whenever the master goes away, changes, or falls silent. Runs
 * on the agent's actor thread; Netty callbacks hop onto it.
 *
 * <p>A master with too many registrations waiting answers {@code RetryLater} instead of queueing this one (the agent
 * lists {@code retry_later} in its channel features): the agent keeps the channel open and sends its registration
 * again on it after the delay the master named ({@link State#REGISTRATION_DEFERRED}). That wait is not silence of the
 * master: nothing reconnects meanwhile.
 */
public final class MasterLink {
    /** Channel messages this agent understands beyond the first version's: the master may send them. */
    static final List<String> CHANNEL_FEATURES = List.of(ChannelFeatures.RUN_TASKS, ChannelFeatures.STATUS_BATCHES,
            ChannelFeatures.RETRY_LATER);
    /** A RetryLater's delay is followed up to this long; a master asking for more is not trusted beyond it. */
    static final Duration MAX_DEFERRAL = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(MasterLink.class);
    private static final String CHANNEL_PATH = "/agora/v1/agent-channel";

    /** What the link needs from the agent. */
    public interface Owner {
        /** The agent as it presents itself; with its id once it has one. */
        AgentInfo agentInfo();

        /** The master admitted the agent under {@code agentInfo.id} (new or confirmed). */
        void registered(AgentInfo agentInfo, MasterInfo master, boolean reregistered);

        /** The master does not know the id the agent presented: the agent must forget it. */
        void idRefused(String message);

        /**
         * Adds to a re-registration what the agent runs: every task not yet terminal-and-acknowledged, with its latest
         * state and statuses, and the FrameworkInfos of those tasks.
         */
        void describeTasks(ReregisterAgent.Builder message);

        /**
         * A task message from the master the agent is registered with: RunTask, RunTaskGroup, KillTask,
         * ShutdownFramework, ShutdownExecutor, StatusUpdateAcknowledgement or FrameworkMessage.
         */
        void received(Envelope message);
    }

    /**
     * Where the link stands; for /state and tests. {@code REGISTRATION_DEFERRED}: the master answered RetryLater; the
     * channel is open and the registration goes again when the delay has passed.
     */
    public enum State {
        WAITING_FOR_LEADER, CONNECTING, REGISTERING, REGISTRATION_DEFERRED, REGISTERED, BACKING_OFF, STOPPED
    }

    private final Owner owner;
    private final Map<String, String> upgradeHeaders;
    private final ScheduledExecutorService actor;
    private final WebSocketClient client;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int missedHeartbeats;
    private final Supplier<Long> nanoTime = System::nanoTime;

    private State state = State.WAITING_FOR_LEADER;
    private Optional<MasterInfo> leader = Optional.empty();
    private WebSocketSession session;
    private long generation;
    private Duration backoff;
    private ScheduledFuture<?> timer;
    private Duration heartbeatInterval = Duration.ofSeconds(5);
    private long lastHeardNanos;
    private MasterInfo registeredWith;
    /** The master the current channel leads to (or was opened to); null before the first. */
    private MasterInfo linkedTo;
    /** The registered master takes several status updates in one message. */
    private boolean masterTakesBatches;
    /** Status updates sent in this turn of the actor, to go as one message at its end. */
    private final List<StatusUpdate> pendingUpdates = new ArrayList<>();

    public MasterLink(Owner owner, ScheduledExecutorService actor, WebSocketClient client, Duration initialBackoff,
            Duration maxBackoff, int missedHeartbeats) {
        this(owner, actor, client, initialBackoff, maxBackoff, missedHeartbeats, Map.of());
    }

    /**
     * @param upgradeHeaders headers sent with every WebSocket upgrade to the master: the agent's credential
     *        ({@code Authorization: Basic}), when it has one
     */
    public MasterLink(Owner owner, ScheduledExecutorService actor, WebSocketClient client, Duration initialBackoff,
            Duration maxBackoff, int missedHeartbeats, Map<String, String> upgradeHeaders) {
        this.upgradeHeaders = Map.copyOf(upgradeHeaders);
        this.owner = owner;
        this.actor = actor;
        this.client = client;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.missedHeartbeats = missedHeartbeats;
        this.backoff = initialBackoff;
    }

    public State state() {
        return state;
    }

    public Optional<MasterInfo> registeredWith() {
        return Optional.ofNullable(state == State.REGISTERED ? registeredWith : null);
    }

    /**
     * Sends {@code message} to the master if the agent is registered with one now.
     *
     * @return false when it was not sent (no registered master); the caller keeps what it must resend
     */
    public boolean send(Envelope message) {
        if (state != State.REGISTERED || session == null) {
            return false;
        }
        if (message.hasStatusUpdate() && masterTakesBatches) {
            // the updates of a burst of tasks go as one message: queued now, sent after the actor's current work
            pendingUpdates.add(message.getStatusUpdate());
            if (pendingUpdates.size() == 1) {
                actor.execute(this::flushUpdates);
            }
            return true;
        }
        flushUpdates(); // in the order sent: a TaskEnded never overtakes the updates before it
        session.send(message.toByteArray());
        return true;
    }

    /** Sends the queued status updates: one alone as itself, more as one StatusUpdates. */
    private void flushUpdates() {
        if (pendingUpdates.isEmpty() || session == null) {
            return;
        }
        Envelope e = pendingUpdates.size() == 1 ? Envelope.newBuilder().setStatusUpdate(pendingUpdates.get(0)).build()
                : Envelope.newBuilder().setStatusUpdates(StatusUpdates.newBuilder().addAllUpdates(pendingUpdates))
                        .build();
        pendingUpdates.clear();
        session.send(e.toByteArray());
    }

    /** Closes the channel; updates still queued for it are dropped (the status update manager resends them). */
    private void dropSession() {
        pendingUpdates.clear();
        if (session != null) {
            session.close();
            session = null;
        }
    }

    /** The detected leader changed (or is the first one seen): drop any link to another master and connect. */
    public void leaderDetected(Optional<MasterInfo> detected) {
        if (state == State.STOPPED || detected.equals(leader)) {
            return;
        }
        LOG.info("Leading master detected: {}", detected.map(MasterLink::describe).orElse("none"));
        Optional<MasterInfo> before = leader;
        leader = detected;
        if (session != null && detected.isEmpty()) {
            // ZooKeeper names no leader, often only because this agent's own session expired: the master at the other
            // end closes the channel itself when it stops leading and heartbeats catch one that falls silent, so the
            // link stays. Closing it would cost the tasks of frameworks that do not checkpoint (TASK_LOST), as Mesos
            // agents, which keep their socket through a ZooKeeper blip, do not.
            LOG.info("No leading master known; keeping the channel to {} until another leader is detected or the "
                    + "channel closes", describe(linkedTo));
            return;
        }
        if (session != null && before.isEmpty() && detected.get().equals(linkedTo)) {
            LOG.info("The leading master is still {}: keeping the channel", describe(linkedTo));
            return;
        }
        backoff = initialBackoff;
        restart("the leading master changed");
    }

    public void stop() {
        state = State.STOPPED;
        cancelTimer();
        dropSession();
    }

    private void restart(String why) {
        generation++;
        cancelTimer();
        if (session != null) {
            LOG.info("Closing the channel to the master: {}", why);
        }
        dropSession();
        if (leader.isEmpty()) {
            state = State.WAITING_FOR_LEADER;
            return;
        }
        connect();
    }

    private void connect() {
        MasterInfo m = leader.get();
        linkedTo = m;
        URI uri = URI.create(client.scheme() + "://" + host(m) + ":" + m.getPort() + CHANNEL_PATH);
        long gen = ++generation;
        state = State.CONNECTING;
        client.connect(uri, upgradeHeaders, s -> listener(s, gen), Duration.ofSeconds(10))
                .whenCompleteAsync((s, error) -> connected(gen, uri, s, error), actor);
    }

    /** The connection of generation {@code gen} is up (or failed): register, unless a newer one was started. */
    private void connected(long gen, URI uri, WebSocketSession s, Throwable error) {
        if (gen != generation) {
            if (s != null) {
                s.close();
            }
            return;
        }
        if (error != null) {
            // a master that requires authentication refuses the upgrade (401): the message says so
            LOG.warn("Cannot reach the master at {}: {}", uri, rootMessage(error));
            retryLater();
            return;
        }
        session = s;
        lastHeardNanos = nanoTime.get();
        sendRegistration();
    }

    private WebSocketListener listener(WebSocketSession s, long gen) {
        return new WebSocketListener() {
            @Override
            public void onMessage(byte[] message) {
                actor.execute(() -> {
                    if (gen == generation) {
                        received(message);
                    }
                });
            }

            @Override
            public void onClose() {
                actor.execute(() -> {
                    if (gen == generation && state != State.STOPPED) {
                        LOG.warn("Lost the channel to the master {}", leader.map(MasterLink::describe).orElse(""));
                        session = null;
                        retryLater();
                    }
                });
            }
        };
    }

    private void sendRegistration() {
        AgentInfo info = owner.agentInfo();
        state = State.REGISTERING;
        Envelope e;
        if (info.hasId()) {
            ReregisterAgent.Builder reregister = ReregisterAgent.newBuilder().setAgentInfo(info)
                    .setVersion(Versions.AGORA).addAllChannelFeatures(CHANNEL_FEATURES);
            owner.describeTasks(reregister);
            e = Envelope.newBuilder().setReregisterAgent(reregister).build();
        } else {
            e = Envelope.newBuilder().setRegisterAgent(RegisterAgent.newBuilder().setAgentInfo(info)
                    .setVersion(Versions.AGORA).addAllChannelFeatures(CHANNEL_FEATURES)).build();
        }
        LOG.info("{} with the master at {}", info.hasId() ? "Re-registering as " + info.getId().getValue()
                : "Registering", leader.map(MasterLink::describe).orElse("?"));
        session.send(e.toByteArray());
        // no answer within the backoff: try again on a fresh connection
        long gen = generation;
        schedule(() -> {
            if (gen == generation && state == State.REGISTERING) {
                LOG.warn("No answer to the registration; retrying");
                retryLater();
            }
        }, Duration.ofSeconds(10).plus(backoff));
    }

    private void received(byte[] bytes) {
        Envelope e;
        try {
            e = Envelope.parseFrom(bytes);
        } catch (InvalidProtocolBufferException ex) {
            LOG.warn("Unreadable message from the master: {}", ex.getMessage());
            return;
        }
        lastHeardNanos = nanoTime.get();
        switch (e.getMessageCase()) {
            case AGENT_REGISTERED -> accepted(e.getAgentRegistered().getMasterInfo(),
                    owner.agentInfo().toBuilder().setId(e.getAgentRegistered().getAgentId()).build(),
                    e.getAgentRegistered().getHeartbeatIntervalMs(), e.getAgentRegistered().getChannelFeaturesList(),
                    false);
            case AGENT_REREGISTERED -> accepted(e.getAgentReregistered().getMasterInfo(), owner.agentInfo(),
                    e.getAgentReregistered().getHeartbeatIntervalMs(),
                    e.getAgentReregistered().getChannelFeaturesList(), true);
            case REGISTRATION_REFUSED -> refused(e.getRegistrationRefused());
            case RETRY_LATER -> deferred(e.getRetryLater());
            case HEARTBEAT -> { }
            case SHUTDOWN_AGENT -> {
                // marked gone by the operator: as a Mesos agent told to shut down, kill everything and forget the id;
                // the master closes the channel and the agent comes back, if at all, as a new agent
                LOG.warn("The master shuts this agent down: {}", e.getShutdownAgent().getMessage());
                owner.idRefused(e.getShutdownAgent().getMessage());
            }
            case STATUS_UPDATE_ACKNOWLEDGEMENTS -> {
                if (state == State.REGISTERED) {
                    e.getStatusUpdateAcknowledgements().getAcknowledgementsList().forEach(ack -> owner.received(
                            Envelope.newBuilder().setStatusUpdateAcknowledgement(ack).build()));
                } else {
                    LOG.warn("Ignoring {} from the master: the agent is not registered ({})", e.getMessageCase(),
                            state);
                }
            }
            case RUN_TASK, RUN_TASKS, RUN_TASK_GROUP, KILL_TASK, SHUTDOWN_FRAMEWORK, SHUTDOWN_EXECUTOR,
                    STATUS_UPDATE_ACKNOWLEDGEMENT, FRAMEWORK_MESSAGE -> {
                if (state == State.REGISTERED) {
                    owner.received(e);
                } else {
                    LOG.warn("Ignoring {} from the master: the agent is not registered ({})", e.getMessageCase(),
                            state);
                }
            }
            default -> LOG.warn("Ignoring unexpected {} from the master", e.getMessageCase());
        }
    }

    private void accepted(MasterInfo master, AgentInfo info, int heartbeatMs, List<String> masterFeatures,
            boolean reregistered) {
        cancelTimer();
        state = State.REGISTERED;
        registeredWith = master;
        masterTakesBatches = masterFeatures.contains(ChannelFeatures.STATUS_BATCHES);
        backoff = initialBackoff;
        heartbeatInterval = Duration.ofMillis(heartbeatMs > 0 ? heartbeatMs : 5000);
        owner.registered(info, master, reregistered);
        long gen = generation;
        timer = actor.scheduleAtFixedRate(() -> heartbeat(gen), heartbeatInterval.toMillis(),
                heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void heartbeat(long gen) {
        if (gen != generation || state != State.REGISTERED || session == null) {
            return;
        }
        long silentNanos = nanoTime.get() - lastHeardNanos;
        if (silentNanos > heartbeatInterval.toNanos() * missedHeartbeats) {
            LOG.warn("The master has been silent for {} ms; reconnecting", TimeUnit.NANOSECONDS.toMillis(silentNanos));
            retryLater();
            return;
        }
        session.send(Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                .setAgentId(owner.agentInfo().getId())).build().toByteArray());
    }

    /**
     * The master took nothing of the registration: too many others wait for it (back-pressure after its restart or a
     * failover, when thousands of agents come at once). The registration goes again after the delay the master named,
     * which it already spread at random and by how many agents it turned away, so it is followed as given (up to
     * {@link #MAX_DEFERRAL}); this agent adds no jitter of its own.
     *
     * <p>The channel stays open rather than being closed for a reconnect: a reconnect would cost the master another
     * handshake (TLS, authentication) for nothing and would go through this link's exponential backoff, which is for
     * masters that are gone, not busy. The wait replaces the timer that gives up on an unanswered registration, and an
     * agent that is not registered does not count missed heartbeats, so the wait is never taken for a silent master;
     * a master that does go away meanwhile closes the channel, and the link starts over as for any lost channel.
     * Logged once per wait.
     */
    private void deferred(RetryLater retry) {
        if (state != State.REGISTERING) {
            LOG.warn("Ignoring RetryLater from the master: no registration is waiting for an answer ({})", state);
            return;
        }
        long ms = Math.min(Integer.toUnsignedLong(retry.getRetryAfterMs()), MAX_DEFERRAL.toMillis());
        state = State.REGISTRATION_DEFERRED;
        LOG.info("The master {} asked this agent to register again later ({}); registering again in {} ms on the "
                + "same channel", describe(linkedTo), retry.getMessage(), ms);
        long gen = generation;
        schedule(() -> {
            if (gen == generation && state == State.REGISTRATION_DEFERRED && session != null) {
                sendRegistration();
            }
        }, Duration.ofMillis(ms));
    }

    private void refused(RegistrationRefused refusal) {
        LOG.warn("The master refused the registration ({}): {}", refusal.getReason(), refusal.getMessage());
        switch (refusal.getReason()) {
            case UNKNOWN_AGENT_ID, GONE -> {
                // either way this id is finished: its tasks go, and the agent joins again as a new agent
                owner.idRefused(refusal.getMessage());
                sendRegistration();
            }
            case NOT_REGISTERED -> sendRegistration();
            default -> retryLater();
        }
    }

    private void retryLater() {
        generation++;
        cancelTimer();
        dropSession();
        if (state == State.STOPPED) {
            return;
        }
        state = State.BACKING_OFF;
        // full jitter keeps a fleet of agents from reconnecting in lockstep after a master failover
        long delay = ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2, backoff.toMillis() + 1);
        backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        long gen = generation;
        schedule(() -> {
            if (gen == generation && state == State.BACKING_OFF) {
                if (leader.isPresent()) {
                    connect();
                } else {
                    state = State.WAITING_FOR_LEADER;
                }
            }
        }, Duration.ofMillis(delay));
    }

    private void schedule(Runnable r, Duration delay) {
        cancelTimer();
        timer = actor.schedule(r, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static String host(MasterInfo m) {
        if (m.hasAddress() && !m.getAddress().getIp().isEmpty()) {
            return m.getAddress().getIp();
        }
        return m.getHostname();
    }

    static String describe(MasterInfo m) {
        return m.getId() + " at " + m.getHostname() + ":" + m.getPort();
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }
}
