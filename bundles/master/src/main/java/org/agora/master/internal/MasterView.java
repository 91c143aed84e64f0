package org.agora.master.internal;

import java.util.concurrent.CompletableFuture;

/** Read access to the master for the shell and tests: consistent snapshots taken on the master's actor thread. */
public interface MasterView {
    CompletableFuture<MasterSnapshot> snapshot();
}
