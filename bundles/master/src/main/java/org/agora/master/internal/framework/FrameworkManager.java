package org.agora.master.internal.framework;

import java.time.Clock;
import java.time.Duration;
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
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.master.internal.allocation.AllocatorHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Framework membership: subscription and re-subscription, the event stream, disconnection and the failover
 * timeout, teardown, and the bounded memory of completed frameworks. Actor thread only.
 */
public final class FrameworkManager {
    private static final Logger LOG = LoggerFactory.getLogger(FrameworkManager.class);

    /** What tearing a framework down needs from the rest of the master. */
    public interface Teardown {
        /** Kill its tasks on the agents and give back its offers. */
        void frameworkRemoved(FrameworkRecord framework);

        /** It disconnected: give back its offers. */
        void frameworkDeactivated(FrameworkRecord framework);
    }

    private final MasterInfo master;
    private final ScheduledExecutorService actor;
    private final AllocatorHost allocation;
    private final Clock clock;
    private final Duration heartbeatInterval;
    private final int maxCompletedFrameworks;
    private Teardown teardown;

    private final Map<String, FrameworkRecord> frameworks = new LinkedHashMap<>();
    private final Deque<FrameworkRecord> completed = new ArrayDeque<>();
    private final Set<String> completedIds = new HashSet<>();
    private long nextFrameworkNumber;

    public FrameworkManager(MasterInfo master, ScheduledExecutorService actor, AllocatorHost allocation, Clock clock,
            Duration heartbeatInterval, int maxCompletedFrameworks) {
        this.master = master;
        this.actor = actor;
        this.allocation = allocation;
        this.clock = clock;
        this.heartbeatInterval = heartbeatInterval;
        this.maxCompletedFrameworks = maxCompletedFrameworks;
    }

    public void teardownHandler(Teardown teardown) {
        this.teardown = teardown;
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
            b.setId(FrameworkID.newBuilder().setValue(master.getId() + "-" + String.format("%04d",
                    nextFrameworkNumber++)));
        } else if (completedIds.contains(info.getId().getValue())) {
            throw new IllegalStateException("Framework " + info.getId().getValue()
                    + " has been removed; subscribe without a framework id");
        }
        return new Admission(b.build(), UUID.randomUUID().toString());
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
            startFailoverTimer(f);
            LOG.info("Framework {} ({}) recovered from an agent; waiting for it to re-subscribe",
                    info.getId().getValue(), info.getName());
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
        teardown.frameworkDeactivated(f);
        LOG.info("Framework {} ({}) disconnected; failover timeout {} s", frameworkId, f.info().getName(),
                f.info().getFailoverTimeout());
        startFailoverTimer(f);
    }

    private void startFailoverTimer(FrameworkRecord f) {
        long millis = (long) (f.info().getFailoverTimeout() * 1000);
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
        teardown.frameworkRemoved(f);
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
