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
package org.agora.master.internal.role;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs registry-backed changes one after another on the actor thread: each change checks its input against the
 * state the previous one left, writes the registry, and applies itself once the write succeeded, before the next
 * change starts. Two operator calls in flight can therefore not both pass a check that only one of them may pass
 * (two quotas that each fit the cluster, but not together), nor overwrite each other's registry entry.
 */
public final class SerialChanges {
    private final Executor actor;
    private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

    public SerialChanges(Executor actor) {
        this.actor = actor;
    }

    /**
     * Queues {@code change}; it starts on the actor once every change queued before has completed (successfully or
     * not). The returned stage completes as the change's stage does.
     */
    public <T> CompletableFuture<T> submit(Supplier<? extends CompletionStage<T>> change) {
        CompletableFuture<T> result = last.handle((v, e) -> null)
                .thenComposeAsync(ignored -> {
                    try {
                        return change.get();
                    } catch (RuntimeException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                }, actor);
        last = result;
        return result;
    }
}
