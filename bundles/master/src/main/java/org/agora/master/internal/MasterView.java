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

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.agora.master.internal.term.OperatorCalls;

/** Read access to the master for the shell and tests: consistent snapshots taken on the master's actor thread. */
public interface MasterView {
    CompletableFuture<MasterSnapshot> snapshot();

    /**
     * The maintenance schedule and status, read on the leader's actor; fails with {@link NotLeaderException} on a
     * follower.
     */
    CompletableFuture<org.agora.master.internal.maintenance.MaintenanceReport> maintenance();

    /** Every allocator service the master can use now. */
    List<AllocatorService> allocators();

    /** The allocator the operator chose by name ({@code allocator} option); empty for the highest ranked. */
    String allocatorChoice();

    /**
     * Makes a change through the operator API's own calls, on the leader's actor thread, exactly as the operator API
     * does for the same call (the shell's {@code agora:quota}, {@code agora:weights}, {@code agora:drain}).
     *
     * @return completes once the change is persisted in the registry and applied; fails with
     *     {@link NotLeaderException} on a follower, {@link UnknownObjectException} naming an unknown id,
     *     {@link IllegalArgumentException} for bad input, and as the calls themselves fail otherwise
     */
    CompletableFuture<Void> operate(Function<OperatorCalls, CompletionStage<Void>> change);
}
