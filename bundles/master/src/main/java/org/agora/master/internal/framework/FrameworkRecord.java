package org.agora.master.internal.framework;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Task;

/** The master's record of one framework; touched only on the actor thread. */
public final class FrameworkRecord {
    private final FrameworkID id;
    private FrameworkInfo info;
    private SchedulerStream stream;
    private final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
    private final Deque<Task> completedTasks = new ArrayDeque<>();
    private final Set<String> offers = new LinkedHashSet<>();
    private Set<String> suppressedRoles = new HashSet<>();
    private final Instant registeredTime;
    private Instant reregisteredTime;
    private Instant unregisteredTime;
    private ScheduledFuture<?> failoverTimer;
    /** Known only from agents' reports (after a master failover); not subscribed yet. */
    private boolean recovered;

    public FrameworkRecord(FrameworkInfo info, Instant registeredTime) {
        this.id = info.getId();
        this.info = info;
        this.registeredTime = registeredTime;
    }

    public FrameworkID id() {
        return id;
    }

    public String idValue() {
        return id.getValue();
    }

    public FrameworkInfo info() {
        return info;
    }

    public void info(FrameworkInfo info) {
        this.info = info;
    }

    public SchedulerStream stream() {
        return stream;
    }

    public boolean connected() {
        return stream != null;
    }

    public void stream(SchedulerStream stream) {
        this.stream = stream;
    }

    public Map<String, TaskRecord> tasks() {
        return tasks;
    }

    public Deque<Task> completedTasks() {
        return completedTasks;
    }

    /** Remembers a finished task for the state endpoints, keeping at most {@code max}. */
    public void complete(TaskRecord task, int max) {
        tasks.remove(task.id());
        completedTasks.addLast(task.task());
        while (completedTasks.size() > max) {
            completedTasks.removeFirst();
        }
    }

    public Set<String> offers() {
        return offers;
    }

    public Set<String> suppressedRoles() {
        return suppressedRoles;
    }

    public void suppressedRoles(Set<String> roles) {
        this.suppressedRoles = new HashSet<>(roles);
    }

    public Instant registeredTime() {
        return registeredTime;
    }

    public Instant reregisteredTime() {
        return reregisteredTime;
    }

    public void reregisteredTime(Instant t) {
        this.reregisteredTime = t;
    }

    public Instant unregisteredTime() {
        return unregisteredTime;
    }

    public void unregisteredTime(Instant t) {
        this.unregisteredTime = t;
    }

    public ScheduledFuture<?> failoverTimer() {
        return failoverTimer;
    }

    public void failoverTimer(ScheduledFuture<?> timer) {
        this.failoverTimer = timer;
    }

    public boolean recovered() {
        return recovered;
    }

    public void recovered(boolean recovered) {
        this.recovered = recovered;
    }

    public boolean hasCapability(FrameworkInfo.Capability.Type type) {
        return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
    }

    public boolean partitionAware() {
        return hasCapability(FrameworkInfo.Capability.Type.PARTITION_AWARE);
    }

    /** The roles the framework subscribed with: {@code roles} (MULTI_ROLE) or the deprecated {@code role}. */
    public Set<String> roles() {
        Set<String> roles = new LinkedHashSet<>(info.getRolesList());
        if (roles.isEmpty()) {
            roles.add(info.getRole());
        }
        return roles;
    }
}
