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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.agora.agent.internal.master.MasterLink;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.http.WebSocketClient;

/**
 * Thousands of {@link SimulatedAgent}s in this JVM, each with its own agent-channel connection to the master, all on
 * one actor thread (the simulated agents do little) and two WebSocket I/O threads. Counts what the harness reports:
 * registrations, re-registrations, refusals, status updates sent and resent, tasks killed by the master.
 */
public final class SimulatedFleet implements AutoCloseable {
    private final ScheduledExecutorService actor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-agents");
        t.setDaemon(true);
        return t;
    });
    private final List<WebSocketClient> clients = List.of(new WebSocketClient("sim-a"),
            new WebSocketClient("sim-b"));
    private final List<SimulatedAgent> agents = new ArrayList<>();
    private final AtomicInteger registeredOnce = new AtomicInteger();
    private final AtomicInteger reregistrations = new AtomicInteger();
    private final AtomicInteger refusedIds = new AtomicInteger();
    private final AtomicInteger tasksForgotten = new AtomicInteger();
    private final AtomicLong updatesSent = new AtomicLong();
    private final AtomicLong updatesResent = new AtomicLong();
    private final AtomicLong killed = new AtomicLong();
    private final AtomicLong lastReregisteredMillis = new AtomicLong();

    /**
     * @param agents    how many
     * @param resources what each offers, e.g. {@code cpus:11;mem:1024}
     */
    public SimulatedFleet(int agents, String resources) {
        AgentInfo template = AgentInfo.newBuilder().setHostname("sim").setPort(5051)
                .addAllResources(Resources.parse(resources).toList()).build();
        for (int i = 0; i < agents; i++) {
            SimulatedAgent a = new SimulatedAgent(this, i, template);
            // the agent's defaults: backoff 0.5 s doubling to 10 s, three missed master heartbeats
            a.link(new MasterLink(a, actor, clients.get(i % clients.size()), Duration.ofMillis(500),
                    Duration.ofSeconds(10), 3));
            this.agents.add(a);
        }
        actor.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            this.agents.forEach(a -> a.resendDue(now));
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** Points every agent at {@code leader} (as the agents' ZooKeeper detector would): they connect and register. */
    public void leader(MasterInfo leader) {
        actor.execute(() -> agents.forEach(a -> a.link().leaderDetected(Optional.of(leader))));
    }

    public int size() {
        return agents.size();
    }

    /** Agents that registered for the first time (got an id). */
    public int registeredOnce() {
        return registeredOnce.get();
    }

    /** Re-registrations since the last {@link #resetReregistrations()}. */
    public int reregistrations() {
        return reregistrations.get();
    }

    /** Agents whose last registration is at or after {@code sinceMillis} and that are registered now. */
    public int registeredSince(long sinceMillis) {
        int n = 0;
        for (SimulatedAgent a : agents) {
            n += a.registered && a.registeredAtMillis >= sinceMillis ? 1 : 0;
        }
        return n;
    }

    public void resetReregistrations() {
        reregistrations.set(0);
    }

    public long lastReregisteredMillis() {
        return lastReregisteredMillis.get();
    }

    /** Agents told their id is unknown (they lose their tasks) and the tasks they dropped that way. */
    public int refusedIds() {
        return refusedIds.get();
    }

    public int tasksForgotten() {
        return tasksForgotten.get();
    }

    public long updatesSent() {
        return updatesSent.get();
    }

    public long updatesResent() {
        return updatesResent.get();
    }

    /** Tasks the master killed (KillTask, ShutdownFramework). */
    public long killed() {
        return killed.get();
    }

    /** Running tasks over all agents, counted on the actor. */
    public int runningTasks() {
        return CompletableFuture.supplyAsync(() -> agents.stream().mapToInt(SimulatedAgent::runningTasks).sum(),
                actor).join();
    }

    void registered(SimulatedAgent a, boolean first, boolean reregistered) {
        if (first) {
            registeredOnce.incrementAndGet();
        }
        if (reregistered) {
            reregistrations.incrementAndGet();
            lastReregisteredMillis.accumulateAndGet(System.currentTimeMillis(), Math::max);
        }
    }

    void idRefused(SimulatedAgent a, String message, int tasks) {
        refusedIds.incrementAndGet();
        tasksForgotten.addAndGet(tasks);
    }

    void updateSent(boolean resend) {
        (resend ? updatesResent : updatesSent).incrementAndGet();
    }

    void taskKilled() {
        killed.incrementAndGet();
    }

    void schedule(Runnable r, long delayMs) {
        actor.schedule(r, delayMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        CompletableFuture.runAsync(() -> agents.forEach(a -> a.link().stop()), actor)
                .completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        actor.shutdownNow();
        clients.forEach(WebSocketClient::close);
    }
}
