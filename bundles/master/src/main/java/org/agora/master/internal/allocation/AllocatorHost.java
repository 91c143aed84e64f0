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
package org.agora.master.internal.allocation;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.agora.api.allocator.AllocationSink;
import org.agora.api.allocator.Allocator;
import org.agora.api.allocator.AllocatorOptions;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one leadership term's active allocator (a DS service that may come, go or be replaced at any time) and
 * forwards the term's changes to it. With no allocator the master keeps working, it just makes no offers. Runs on
 * the actor thread; allocation runs on the interval and, coalesced, soon after resources free up. Once closed (the
 * term ended) it forwards nothing: a late registry callback of an old term cannot touch the allocator that the next
 * term has re-initialized.
 */
public final class AllocatorHost {
    private static final Logger LOG = LoggerFactory.getLogger(AllocatorHost.class);

    private final ScheduledExecutorService actor;
    private final AllocatorOptions options;
    private Allocator allocator;
    /** Resources that came back are offered once no others have come back for this long... */
    static final Duration RECOVERY_QUIET = Duration.ofMillis(5);
    /** ...or this long after the first of them came back. */
    static final Duration RECOVERY_BATCH = Duration.ofMillis(25);

    private boolean allocationPending;
    private ScheduledFuture<?> batch;
    private long firstRecovery;
    private long lastRecovery;
    private boolean closed;

    public AllocatorHost(ScheduledExecutorService actor, AllocatorOptions options) {
        this.actor = actor;
        this.options = options;
    }

    public Optional<Allocator> allocator() {
        return Optional.ofNullable(allocator);
    }

    /**
     * Makes {@code next} the active allocator (null for none) and seeds it: the caller's {@code seed} adds every
     * agent and framework with what they use. Outstanding offers must have been rescinded by the caller.
     */
    public void replace(Allocator next, AllocationSink sink, Consumer<Allocator> seed) {
        if (closed) {
            return;
        }
        Allocator previous = allocator;
        allocator = next;
        if (next != null) {
            next.initialize(options, sink);
            seed.accept(next);
            LOG.info("Allocator {} {}", next.name(), previous == next ? "re-seeded"
                    : previous == null ? "active" : "active (replaces " + previous.name() + ")");
            allocateSoon();
        } else if (previous != null) {
            LOG.warn("Allocator {} removed: no offers until another allocator is active", previous.name());
        }
    }

    /** The term ended: forget the allocator; every later call is a no-op. */
    public void close() {
        closed = true;
        allocator = null;
        if (batch != null) {
            batch.cancel(false);
        }
    }

    /** Runs an allocation cycle on the actor soon, once however many times it is asked for before it runs. */
    public void allocateSoon() {
        if (!allocationPending && allocator != null) {
            allocationPending = true;
            actor.execute(this::allocateNow);
        }
    }

    public void allocateNow() {
        allocationPending = false;
        if (allocator != null) {
            try {
                allocator.allocate();
            } catch (RuntimeException e) {
                LOG.error("Allocator {} failed to allocate", allocator.name(), e);
            }
        }
    }

    // what the master tells the allocator; each is a no-op without one

    public void addAgent(AgentID id, AgentInfo info, Resources total, Map<FrameworkID, Resources> used) {
        with(a -> a.addAgent(id, info, total, used));
        allocateSoon();
    }

    public void removeAgent(AgentID id) {
        with(a -> a.removeAgent(id));
    }

    public void deactivateAgent(AgentID id) {
        with(a -> a.deactivateAgent(id));
    }

    public void activateAgent(AgentID id) {
        with(a -> a.activateAgent(id));
        allocateSoon();
    }

    public void addFramework(FrameworkID id, FrameworkInfo info, Map<AgentID, Resources> used, boolean active,
            Set<String> suppressed) {
        with(a -> a.addFramework(id, info, used, active, suppressed));
        allocateSoon();
    }

    public void removeFramework(FrameworkID id) {
        with(a -> a.removeFramework(id));
        allocateSoon();
    }

    public void activateFramework(FrameworkID id) {
        with(a -> a.activateFramework(id));
        allocateSoon();
    }

    public void deactivateFramework(FrameworkID id) {
        with(a -> a.deactivateFramework(id));
    }

    public void updateFramework(FrameworkID id, FrameworkInfo info, Set<String> suppressed) {
        with(a -> a.updateFramework(id, info, suppressed));
    }

    /**
     * Resources come back (a task ended, an offer was declined or partly used). They are offered once no more have
     * come back for {@link #RECOVERY_QUIET} (at most {@link #RECOVERY_BATCH} after the first), rather than at once,
     * so that resources freed together (tasks launched together end together, some milliseconds apart) reach a
     * framework as one offer per agent instead of one small offer per task, as Mesos's batched allocation does.
     * Mesos waits for the next allocation interval (1 s), which would hold a framework that launches one task after
     * another to one task a second. The wait is short (5 ms of quiet, 25 ms at most) because a framework whose tasks
     * are short waits for it on every task: with 50 / 250 ms, {@code benchmarks/cluster-throughput.sh} launched in
     * waves, 40 tasks (a 2-cpu agent at 0.05 cpus each) every 250 ms; with 5 / 25 ms it ran 251-273 tasks/s
     * against 181-201 interleaved on the same machine.
     */
    public void recoverResources(FrameworkID fw, AgentID agent, Resources resources, double refuseSeconds) {
        if (!resources.isEmpty()) {
            with(a -> a.recoverResources(fw, agent, resources, refuseSeconds));
            allocateBatched();
        }
    }

    private void allocateBatched() {
        if (closed || allocator == null) {
            return;
        }
        long now = System.nanoTime();
        lastRecovery = now;
        if (batch == null) {
            firstRecovery = now;
            batch = actor.schedule(this::batchDue, RECOVERY_QUIET.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void batchDue() {
        long now = System.nanoTime();
        long quietLeft = lastRecovery + RECOVERY_QUIET.toNanos() - now;
        long batchLeft = firstRecovery + RECOVERY_BATCH.toNanos() - now;
        if (quietLeft > 0 && batchLeft > 0) {
            batch = actor.schedule(this::batchDue, Math.min(quietLeft, batchLeft), TimeUnit.NANOSECONDS);
            return;
        }
        batch = null;
        allocateNow();
    }

    public void suppress(FrameworkID fw, Set<String> roles) {
        with(a -> a.suppressOffers(fw, roles));
    }

    public void revive(FrameworkID fw, Set<String> roles) {
        with(a -> a.reviveOffers(fw, roles));
        allocateSoon();
    }

    public void updateAgent(AgentID id, Resources total) {
        with(a -> a.updateAgent(id, total));
        allocateSoon();
    }

    /**
     * A framework's RESERVE / UNRESERVE on resources it holds.
     *
     * @throws UnsupportedOperationException when the allocator cannot follow it (or there is none): the master
     *     then refuses the operation
     */
    public void updateAllocation(FrameworkID fw, AgentID agent, Resources from, Resources to) {
        if (allocator == null) {
            throw new UnsupportedOperationException("no allocator is active");
        }
        allocator.updateAllocation(fw, agent, from, to);
    }

    public void updateWeights(Map<String, Double> weights) {
        with(a -> a.updateWeights(weights));
        allocateSoon();
    }

    public void updateQuota(String role, Resources guarantees, Resources limits) {
        with(a -> a.updateQuota(role, guarantees, limits));
        allocateSoon();
    }

    public Map<String, Double> metrics() {
        return allocator == null ? Map.of() : allocator.metrics();
    }

    private void with(Consumer<Allocator> call) {
        if (allocator != null) {
            try {
                call.accept(allocator);
            } catch (RuntimeException e) {
                LOG.error("Allocator {} failed", allocator.name(), e);
            }
        }
    }
}
