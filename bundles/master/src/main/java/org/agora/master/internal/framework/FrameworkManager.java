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
package org.agora.master.internal.framework;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.master.internal.Ids;
import org.agora.master.internal.allocation.AllocatorHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Framework membership during one leadership term: subscription and re-subscription, the event stream,
 * disconnection and the failover timeout, teardown, and the bounded memory of completed frameworks. Actor thread only.
 *
 * <p>A framework this master knows only from agents' reports (after a failover) has no connection to lose: its
 * failover timer starts only once the re-subscription window after the election (the agent re-registration timeout,
 * as long as agents have to come back) has passed, so a framework with Mesos's default failover timeout of 0 is not
 * torn down before it had a chance to find the new leader.
 */
public final class FrameworkManager {
    private static final Logger LOG = LoggerFactory.getLogger(FrameworkManager.class);

    /** What the rest of the term hears about frameworks; called on the actor thread. */
    public interface Listener {
        /** Subscribed for the first time, or recovered from an agent's report after a failover. */
        default void frameworkAdded(FrameworkRecord framework) {
        }

        /** Re-subscribed (also after a failover), or changed its FrameworkInfo. */
        default void frameworkUpdated(FrameworkRecord framework) {
        }

        /** Removed (torn down, or its failover timeout passed): kill its tasks and take back its offers. */
        default void frameworkRemoved(FrameworkRecord framework) {
        }

        /** Its stream closed: take back its offers. */
        default void frameworkDeactivated(FrameworkRecord framework) {
        }

        /**
         * It subscribed again while its previous stream was open (a scheduler failover): the offers made to that
         * stream are rescinded, as Mesos does, so that the new connection is offered them afresh.
         */
        default void frameworkFailedOver(FrameworkRecord framework) {
        }
    }

    private final MasterInfo master;
    private final ScheduledExecutorService actor;
    private final AllocatorHost allocation;
    private final Ids ids;
    private final Clock clock;
    private final Duration heartbeatInterval;
    private final int maxCompletedFrameworks;
    private final Instant resubscriptionWindowEnd;
    private Listener listener = new Listener() { };

    private final Map<String, FrameworkRecord> frameworks = new LinkedHashMap<>();
    private final Deque<FrameworkRecord> completed = new ArrayDeque<>();
    private final Set<String> completedIds = new HashSet<>();

    /**
     * @param resubscriptionWindow how long after this term began a framework known only from agents may take to
     *                             re-subscribe before its own failover timeout starts to run
     */
    public FrameworkManager(MasterInfo master, ScheduledExecutorService actor, AllocatorHost allocation, Ids ids,
            Clock clock, Duration heartbeatInterval, int maxCompletedFrameworks, Duration resubscriptionWindow) {
        this.master = master;
        this.actor = actor;
        this.allocation = allocation;
        this.ids = ids;
        this.clock = clock;
        this.heartbeatInterval = heartbeatInterval;
        this.maxCompletedFrameworks = maxCompletedFrameworks;
        this.resubscriptionWindowEnd = clock.instant().plus(resubscriptionWindow);
    }

    public void listener(Listener listener) {
        this.listener = listener;
    }

    public Optional<FrameworkRecord> get(String id) {
        return Optional.ofNullable(frameworks.get(id));
    }

    public Collection<FrameworkRecord> all() {
        return frameworks.values();
    }

    public Collection<FrameworkRecord> completed() {
        return completed;
    }

    public boolean isCompleted(String id) {
        return completedIds.contains(id);
    }

    /** What a SUBSCRIBE decided before its stream opens. */
    public record Admission(FrameworkInfo info, String streamId) {
    }

    /**
     * Decides the framework id of a SUBSCRIBE (a new one, or the one it re-subscribes with, also when this master
     * has never seen it) and a stream id. Fails with a message for a framework that was torn down.
     */
    public Admission admit(FrameworkInfo info) {
        FrameworkInfo.Builder b = info.toBuilder();
        if (!info.hasId() || info.getId().getValue().isEmpty()) {
            b.setId(ids.newFrameworkId());
        } else if (completedIds.contains(info.getId().getValue())) {
            throw new IllegalStateException("Framework " + info.getId().getValue()
                    + " has been removed; subscribe without a framework id");
        } else {
            FrameworkRecord known = frameworks.get(info.getId().getValue());
            if (known != null && !known.info().getPrincipal().equals(info.getPrincipal())) {
                throw new IllegalStateException("Framework " + info.getId().getValue() + " belongs to principal '"
                        + known.info().getPrincipal() + "'; it cannot re-subscribe as '" + info.getPrincipal() + "'");
            }
            if (known != null) {
                // as Mesos does: who the tasks run as and whether they are checkpointed do not change on the way
                b.setUser(keep("user", known.info().getUser(), info.getUser(), info))
                        .setCheckpoint(known.info().getCheckpoint());
            }
        }
        return new Admission(b.build(), UUID.randomUUID().toString());
    }

    private static String keep(String field, String kept, String asked, FrameworkInfo info) {
        if (!kept.equals(asked)) {
            LOG.warn("Framework {} re-subscribed asking for {} '{}'; it keeps '{}'", info.getId().getValue(), field,
                    asked, kept);
        }
        return kept;
    }

    /** The SUBSCRIBE stream is open: (re)activate the framework and tell it it is subscribed. */
    public FrameworkRecord subscribed(Admission admission, SchedulerStream stream, Set<String> suppressedRoles) {
        FrameworkInfo info = admission.info();
        String id = info.getId().getValue();
        FrameworkRecord f = frameworks.get(id);
        boolean isNew = f == null;
        if (isNew) {
            f = new FrameworkRecord(info, clock.instant());
            frameworks.put(id, f);
        } else {
            if (f.stream() != null && !f.stream().id().equals(stream.id())) {
                listener.frameworkFailedOver(f);
                f.stream().send(Event.newBuilder().setType(Event.Type.ERROR).setError(Event.Error.newBuilder()
                        .setMessage("Framework failed over")).build());
                f.stream().close();
            }
            if (f.failoverTimer() != null) {
                f.failoverTimer().cancel(false);
                f.failoverTimer(null);
            }
            f.info(info);
            f.reregisteredTime(clock.instant());
            f.unregisteredTime(null);
        }
        f.stream(stream);
        f.suppressedRoles(suppressedRoles);
        stream.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setFrameworkId(info.getId()).setHeartbeatIntervalSeconds(heartbeatInterval.toMillis() / 1000.0)
                .setMasterInfo(master)).build());
        if (isNew || f.recovered()) {
            Map<AgentID, Resources> used = usedByAgent(f);
            if (f.recovered()) {
                // known from agents' reports, the allocator knows it as inactive already
                allocation.updateFramework(info.getId(), info, suppressedRoles);
                allocation.activateFramework(info.getId());
            } else {
                allocation.addFramework(info.getId(), info, used, true, suppressedRoles);
            }
            f.recovered(false);
        } else {
            allocation.updateFramework(info.getId(), info, suppressedRoles);
            allocation.activateFramework(info.getId());
        }
        LOG.info("Framework {} ({}) {} with roles {} on stream {}", id, info.getName(),
                isNew ? "subscribed" : "re-subscribed", f.roles(), stream.id());
        if (isNew) {
            listener.frameworkAdded(f);
        } else {
            listener.frameworkUpdated(f);
        }
        return f;
    }

    /** A framework known only from an agent's report after a master failover: kept, inactive, until it returns. */
    public FrameworkRecord recover(FrameworkInfo info) {
        FrameworkRecord f = frameworks.get(info.getId().getValue());
        if (f == null) {
            f = new FrameworkRecord(info, clock.instant());
            f.recovered(true);
            frameworks.put(info.getId().getValue(), f);
            allocation.addFramework(info.getId(), info, Map.of(), false, Set.of());
            Duration window = Duration.between(clock.instant(), resubscriptionWindowEnd);
            startFailoverTimer(f, window.isNegative() ? Duration.ZERO : window);
            listener.frameworkAdded(f);
            LOG.info("Framework {} ({}) recovered from an agent; it has {} s to re-subscribe (then its failover "
                    + "timeout of {} s runs)", info.getId().getValue(), info.getName(),
                    Math.max(0, window.toSeconds()), info.getFailoverTimeout());
        }
        return f;
    }

    /** The stream of {@code streamId} closed: the framework is disconnected and may fail over within its timeout. */
    public void disconnected(String frameworkId, String streamId) {
        FrameworkRecord f = frameworks.get(frameworkId);
        if (f == null || f.stream() == null || !f.stream().id().equals(streamId)) {
            return;
        }
        f.stream(null);
        f.unregisteredTime(clock.instant());
        allocation.deactivateFramework(f.id());
        listener.frameworkDeactivated(f);
        LOG.info("Framework {} ({}) disconnected; failover timeout {} s", frameworkId, f.info().getName(),
                f.info().getFailoverTimeout());
        startFailoverTimer(f, Duration.ZERO);
    }

    private void startFailoverTimer(FrameworkRecord f, Duration grace) {
        // saturating: failover timeouts of years (or Double.MAX_VALUE) are common and must not wrap around
        double total = grace.toMillis() + Math.max(0, f.info().getFailoverTimeout()) * 1000;
        long millis = total >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : (long) total;
        String id = f.idValue();
        f.failoverTimer(actor.schedule(() -> {
            FrameworkRecord current = frameworks.get(id);
            if (current == f && !f.connected()) {
                remove(f, "did not re-subscribe within its failover timeout of " + f.info().getFailoverTimeout()
                        + " s");
            }
        }, Math.max(0, millis), TimeUnit.MILLISECONDS));
    }

    /** Removes the framework: its tasks are killed, its offers and resources given back, its stream closed. */
    public void remove(FrameworkRecord f, String why) {
        if (frameworks.remove(f.idValue()) == null) {
            return;
        }
        if (f.failoverTimer() != null) {
            f.failoverTimer().cancel(false);
        }
        listener.frameworkRemoved(f);
        allocation.removeFramework(f.id());
        if (f.stream() != null) {
            f.stream().close();
            f.stream(null);
        }
        f.unregisteredTime(clock.instant());
        completed.addLast(f);
        completedIds.add(f.idValue());
        while (completed.size() > maxCompletedFrameworks) {
            completedIds.remove(completed.removeFirst().idValue());
        }
        LOG.info("Framework {} ({}) removed: {}", f.idValue(), f.info().getName(), why);
    }

    /** The term is over: every stream closes and no failover timer fires any more. */
    public void close() {
        for (FrameworkRecord f : frameworks.values()) {
            if (f.failoverTimer() != null) {
                f.failoverTimer().cancel(false);
            }
            if (f.stream() != null) {
                f.stream().close();
            }
        }
    }

    /** Sends {@code event} if the framework is connected; events for a disconnected framework are dropped. */
    public void send(FrameworkRecord f, Event event) {
        if (f.stream() != null) {
            f.stream().send(event);
        }
    }

    public void heartbeat() {
        Event hb = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
        frameworks.values().forEach(f -> send(f, hb));
    }

    /** Resources each agent's tasks and executors of {@code f} hold. */
    public static Map<AgentID, Resources> usedByAgent(FrameworkRecord f) {
        return f.usedByAgent();
    }

    /** Every framework, for re-seeding an allocator. */
    public List<FrameworkRecord> snapshotList() {
        return new ArrayList<>(frameworks.values());
    }
}
