package org.agora.master.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

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
}
