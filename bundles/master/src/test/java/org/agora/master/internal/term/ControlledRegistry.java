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
package org.agora.master.internal.term;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.agora.master.internal.registry.InMemoryRegistry;
import org.agora.master.internal.registry.Registry;
import org.agora.master.internal.registry.RegistryException;
import org.agora.master.internal.registry.RegistryState;

/**
 * The in-memory registry, with writes the test controls: held until released (a slow ZooKeeper), or failed (a
 * ZooKeeper that refuses). A held write reaches the registry only when released.
 */
final class ControlledRegistry implements Registry {
    final InMemoryRegistry delegate = new InMemoryRegistry();
    private final List<Runnable> held = new ArrayList<>();
    volatile boolean holding;
    volatile boolean failing;
    volatile int writes;

    synchronized void releaseAll() {
        List<Runnable> now = new ArrayList<>(held);
        held.clear();
        now.forEach(Runnable::run);
    }

    synchronized int heldWrites() {
        return held.size();
    }

    private synchronized CompletionStage<Void> write(Supplier<CompletionStage<Void>> write) {
        writes++;
        if (failing) {
            return CompletableFuture.failedFuture(new RegistryException("ZooKeeper refused the write (test)"));
        }
        if (!holding) {
            return write.get();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        held.add(() -> write.get().whenComplete((v, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                done.complete(null);
            }
        }));
        return done;
    }

    @Override
    public CompletionStage<RegistryState> recover() {
        return delegate.recover();
    }

    /** Not held and not counted as a write; refused as every write is while {@link #failing}. */
    @Override
    public CompletionStage<Void> confirmLeading() {
        return failing ? CompletableFuture.failedFuture(new RegistryException("ZooKeeper refused the check (test)"))
                : delegate.confirmLeading();
    }

    @Override
    public CompletionStage<Void> admit(AgentInfo agent) {
        return write(() -> delegate.admit(agent));
    }

    @Override
    public CompletionStage<Void> markUnreachable(AgentID agentId, Instant when) {
        return write(() -> delegate.markUnreachable(agentId, when));
    }

    @Override
    public CompletionStage<Void> markGone(AgentID agentId, Instant when) {
        return write(() -> delegate.markGone(agentId, when));
    }

    @Override
    public CompletionStage<Void> remove(AgentID agentId) {
        return write(() -> delegate.remove(agentId));
    }

    @Override
    public CompletionStage<Void> updateWeights(Map<String, Double> changed) {
        return write(() -> delegate.updateWeights(changed));
    }

    @Override
    public CompletionStage<Void> updateQuotas(List<QuotaConfig> changed) {
        return write(() -> delegate.updateQuotas(changed));
    }

    @Override
    public CompletionStage<Void> saveReservations(AgentID agentId, List<Resource> reserved) {
        return write(() -> delegate.saveReservations(agentId, reserved));
    }

    @Override
    public CompletionStage<Void> saveMaintenance(org.agora.api.registry.RegistryProtos.Maintenance maintenance,
            List<AgentID> removedAgents) {
        return write(() -> delegate.saveMaintenance(maintenance, removedAgents));
    }

    @Override
    public void close() {
    }
}
