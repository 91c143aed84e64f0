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
package org.agora.master.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.agora.master.internal.registry.Registry;
import org.agora.master.internal.registry.RegistryException;
import org.agora.master.internal.registry.RegistryState;

/**
 * A term's registry, watched: a write that fails because this master was deposed ({@link RegistryException.Fenced})
 * or whose outcome is unknown (any other registry failure but a write too large) means the term cannot go on, and
 * {@code stepDown} hears of it with the reason. The stage itself fails as it did, for the caller to answer.
 */
final class RegistryWatch implements Registry {
    private final Registry registry;
    private final Consumer<String> stepDown;

    RegistryWatch(Registry registry, Consumer<String> stepDown) {
        this.registry = registry;
        this.stepDown = stepDown;
    }

    private <T> CompletionStage<T> watched(CompletionStage<T> write) {
        return write.whenComplete((v, error) -> {
            Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (e instanceof RegistryException && !(e instanceof RegistryException.TooLarge)) {
                stepDown.accept("registry write failed: " + e.getMessage());
            }
        });
    }

    @Override
    public CompletionStage<RegistryState> recover() {
        return registry.recover();
    }

    @Override
    public CompletionStage<Void> confirmLeading() {
        return watched(registry.confirmLeading());
    }

    @Override
    public CompletionStage<Void> admit(AgentInfo agent) {
        return watched(registry.admit(agent));
    }

    @Override
    public CompletionStage<Void> markUnreachable(AgentID agentId, Instant when) {
        return watched(registry.markUnreachable(agentId, when));
    }

    @Override
    public CompletionStage<Void> markGone(AgentID agentId, Instant when) {
        return watched(registry.markGone(agentId, when));
    }

    @Override
    public CompletionStage<Void> remove(AgentID agentId) {
        return watched(registry.remove(agentId));
    }

    @Override
    public CompletionStage<Void> updateWeights(Map<String, Double> changed) {
        return watched(registry.updateWeights(changed));
    }

    @Override
    public CompletionStage<Void> updateQuotas(List<QuotaConfig> changed) {
        return watched(registry.updateQuotas(changed));
    }

    @Override
    public CompletionStage<Void> saveReservations(AgentID agentId, List<Resource> reserved) {
        return watched(registry.saveReservations(agentId, reserved));
    }

    @Override
    public CompletionStage<Void> saveMaintenance(org.agora.api.registry.RegistryProtos.Maintenance maintenance,
            List<AgentID> removedAgents) {
        return watched(registry.saveMaintenance(maintenance, removedAgents));
    }

    @Override
    public void close() {
        registry.close();
    }
}
