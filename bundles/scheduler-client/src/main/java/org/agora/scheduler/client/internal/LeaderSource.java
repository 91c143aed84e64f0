package org.agora.scheduler.client.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Where the leading master is: a fixed address, or whatever ZooKeeper says now. */
public interface LeaderSource extends AutoCloseable {

    /** The {@code zk://} scheme; any other master is an address. */
    String ZK_SCHEME = "zk://";

    /**
     * The source for a master as the user gave it.
     *
     * @param master        {@code host[:port]} or {@code zk://...}
     * @param leaderTimeout for {@code zk://}: how long {@link #leader()} waits for a leader
     * @throws IllegalArgumentException      if the text is not a master address or a valid zk URL
     * @throws UnsupportedOperationException for {@code zk://} when the discovery classes are missing
     */
    static LeaderSource of(String master, Duration leaderTimeout) {
        if (!master.strip().startsWith(ZK_SCHEME)) {
            return new FixedLeader(HostPort.parse(master));
        }
        try {
            return ZooKeeperLeader.start(master.strip(), leaderTimeout);
        } catch (NoClassDefFoundError e) {
            throw new UnsupportedOperationException("master " + master.replaceAll(":[^:@/]*@", ":***@")
                    + ": zk:// masters need agora-discovery, Curator and ZooKeeper on the class path (missing "
                    + e.getMessage() + "); give the leader as host:port instead", e);
        }
    }

    /**
     * The leader's address: at once for a fixed address; for ZooKeeper when a leader is known, failing with
     * {@link org.agora.scheduler.client.MasterUnreachableException} if none is within the leader timeout.
     */
    CompletableFuture<HostPort> leader();

    /** The master as given, passwords masked: for messages. */
    String describe();

    /** Stops following the leader. Idempotent. */
    @Override
    void close();

    /** A master given as {@code host:port}. */
    record FixedLeader(HostPort address) implements LeaderSource {

        @Override
        public CompletableFuture<HostPort> leader() {
            return CompletableFuture.completedFuture(address);
        }

        @Override
        public String describe() {
            return address.authority();
        }

        @Override
        public void close() {
        }
    }
}
