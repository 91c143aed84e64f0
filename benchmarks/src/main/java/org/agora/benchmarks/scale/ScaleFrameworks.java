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
package org.agora.benchmarks.scale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.Backoff;
import org.agora.scheduler.client.Disconnect;
import org.agora.scheduler.client.EventHandler;
import org.agora.scheduler.client.SchedulerClient;

/**
 * Frameworks over the real scheduler API (the Java scheduler client, protobuf), all handled on one thread. In
 * {@link Mode#FILL} each launches long-lived tasks (1 cpu, 64 MB) on its offers until it has its share; in
 * {@link Mode#CHURN} it launches short tasks (0.1 cpu, 4 MB, finished by the agent after a second) on its offers, as
 * many as fit while it has fewer than {@link #CHURN_IN_FLIGHT} unfinished; in {@link Mode#IDLE} it declines offers
 * for an hour. Every status update is acknowledged.
 *
 * <p>Why the bound: a cluster of 10,000 agents has room for 100,000 short tasks, so without it the frameworks launch
 * faster than the two cores, shared with the master, can carry the tasks' updates. The updates then queue until
 * their acknowledgements take longer than the agents' 10 s resend timer, the resends take the CPU, and the rate fell
 * by half over two minutes in every run, which made the windows of one run incomparable. A real framework runs a
 * bounded amount of work at a time.
 */
public final class ScaleFrameworks implements AutoCloseable {
    static final double FILL_CPUS = 1;
    static final double FILL_MEM = 64;
    static final double CHURN_CPUS = 0.1;
    static final double CHURN_MEM = 4;
    static final long CHURN_LIFE_MS = 1000;
    /** Short tasks a framework keeps unfinished at most (100 frameworks: 10,000 in the cluster). */
    static final int CHURN_IN_FLIGHT = 100;

    /** What the frameworks do with offers. */
    public enum Mode { FILL, IDLE, CHURN }

    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "scale-frameworks");
        t.setDaemon(true);
        return t;
    });
    private final List<Framework> frameworks = new ArrayList<>();
    private volatile Mode mode = Mode.IDLE;
    private final AtomicLong fillRunning = new AtomicLong();
    private final AtomicLong churnRunning = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private volatile String lastFailure = "";

    /** Subscribes {@code count} frameworks to the master at {@code master} ({@code host:port}); each wants a share of
     * {@code fillTasks}. */
    public ScaleFrameworks(String master, int count, int fillTasks) {
        for (int i = 0; i < count; i++) {
            int share = fillTasks / count + (i < fillTasks % count ? 1 : 0);
            frameworks.add(new Framework(master, i, share));
        }
    }

    /** Subscribes every framework and waits for their SUBSCRIBED events. */
    public void subscribe(Duration atMost) throws Exception {
        List<CompletableFuture<Event.Subscribed>> all = new ArrayList<>();
        for (Framework f : frameworks) {
            all.add(f.client.subscribe(FrameworkInfo.newBuilder().setUser("root").setName("scale-" + f.index)
                    .setFailoverTimeout(7 * 24 * 3600).addRoles("*")
                    .addCapabilities(FrameworkInfo.Capability.newBuilder()
                            .setType(FrameworkInfo.Capability.Type.MULTI_ROLE))
                    .addCapabilities(FrameworkInfo.Capability.newBuilder()
                            .setType(FrameworkInfo.Capability.Type.PARTITION_AWARE)).build()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Switches every framework to {@code next}; FILL and CHURN revive their offers. */
    public void mode(Mode next) {
        mode = next;
        if (next != Mode.IDLE) {
            frameworks.forEach(f -> f.client.revive(List.of()));
        }
    }

    public long fillRunning() {
        return fillRunning.get();
    }

    public long churnRunning() {
        return churnRunning.get();
    }

    /** Updates that ended a task other than by finishing (failed, lost, killed, dropped, gone). */
    public long failed() {
        return failed.get();
    }

    /** Of those, TASK_LOST / TASK_UNREACHABLE / TASK_GONE: tasks the master gave up. */
    public long lost() {
        return lost.get();
    }

    public long disconnects() {
        return disconnects.get();
    }

    public String lastFailure() {
        return lastFailure;
    }

    @Override
    public void close() {
        frameworks.forEach(f -> f.client.close());
        events.shutdownNow();
    }

    private final class Framework implements EventHandler {
        final int index;
        final SchedulerClient client;
        int fillWanted;
        long taskSeq;
        final java.util.Set<String> seen = new java.util.HashSet<>();
        /** Its short tasks launched and not yet ended. */
        final java.util.Set<String> churnLive = new java.util.HashSet<>();

        Framework(String master, int index, int fillWanted) {
            this.index = index;
            this.fillWanted = fillWanted;
            this.client = SchedulerClient.builder(master).handler(this).callbackExecutor(events)
                    .requestTimeout(Duration.ofSeconds(30))
                    .failover(new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5), 0)).build();
        }

        @Override
        public void event(Event event) {
            switch (event.getType()) {
                case OFFERS -> event.getOffers().getOffersList().forEach(this::offer);
                case UPDATE -> update(event.getUpdate().getStatus());
                default -> { }
            }
        }

        private void offer(Offer o) {
            Resources r = Resources.of(o.getResourcesList());
            List<TaskInfo> launch = new ArrayList<>();
            Mode m = mode;
            if (m == Mode.FILL) {
                int n = (int) Math.min(fillWanted, Math.min(Math.floor(r.scalar("cpus") / FILL_CPUS + 1e-9),
                        Math.floor(r.scalar("mem") / FILL_MEM + 1e-9)));
                for (int i = 0; i < n; i++) {
                    launch.add(task(o, "fill", FILL_CPUS, FILL_MEM));
                }
                fillWanted -= n;
            } else if (m == Mode.CHURN) {
                int n = (int) Math.min(Math.min(10, CHURN_IN_FLIGHT - churnLive.size()), Math.min(
                        Math.floor(r.scalar("cpus") / CHURN_CPUS + 1e-9), Math.floor(r.scalar("mem") / CHURN_MEM
                                + 1e-9)));
                for (int i = 0; i < n; i++) {
                    TaskInfo t = task(o, "churn", CHURN_CPUS, CHURN_MEM);
                    churnLive.add(t.getTaskId().getValue());
                    launch.add(t);
                }
            }
            List<OfferID> ids = List.of(o.getId());
            if (launch.isEmpty()) {
                client.decline(ids, Filters.newBuilder().setRefuseSeconds(m == Mode.IDLE ? 3600 : 1).build());
            } else {
                client.launch(ids, launch, Filters.newBuilder().setRefuseSeconds(m == Mode.FILL ? 5 : 0).build());
            }
        }

        private TaskInfo task(Offer o, String kind, double cpus, double mem) {
            String role = o.getResourcesCount() > 0 ? o.getResources(0).getAllocationInfo().getRole() : "*";
            String name = "f" + index + "-" + kind + "-" + (++taskSeq) + (kind.equals("churn") ? "-life"
                    + CHURN_LIFE_MS : "");
            return TaskInfo.newBuilder().setName(name).setTaskId(TaskID.newBuilder().setValue(name))
                    .setAgentId(o.getAgentId()).setCommand(CommandInfo.newBuilder().setValue("true"))
                    .addAllResources(Resources.parse("cpus:" + cpus + ";mem:" + mem).withAllocationRole(role)
                            .toList()).build();
        }

        private void update(TaskStatus s) {
            if (s.hasUuid()) {
                client.acknowledge(s);
            }
            boolean churn = s.getTaskId().getValue().contains("-churn-");
            switch (s.getState()) {
                case TASK_RUNNING -> {
                    // an update the agent resent (or a re-registration's news) counts once
                    if (s.hasUuid() && seen.add(s.getTaskId().getValue())) {
                        (churn ? churnRunning : fillRunning).incrementAndGet();
                    }
                }
                case TASK_FINISHED -> {
                    seen.remove(s.getTaskId().getValue());
                    churnLive.remove(s.getTaskId().getValue());
                }
                case TASK_STARTING, TASK_STAGING -> { }
                default -> {
                    churnLive.remove(s.getTaskId().getValue());
                    failed.incrementAndGet();
                    if (s.getState() == TaskState.TASK_LOST || s.getState() == TaskState.TASK_UNREACHABLE
                            || s.getState() == TaskState.TASK_GONE) {
                        lost.incrementAndGet();
                    }
                    lastFailure = s.getTaskId().getValue() + " " + s.getState() + " " + s.getReason() + ": "
                            + s.getMessage();
                    if (!churn && s.getState() != TaskState.TASK_UNREACHABLE) {
                        fillWanted++;
                    }
                }
            }
        }

        @Override
        public void disconnected(Disconnect disconnect) {
            disconnects.incrementAndGet();
        }
    }
}
