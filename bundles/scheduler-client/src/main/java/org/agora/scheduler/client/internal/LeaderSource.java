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
package org.agora.scheduler.client.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Where the leading master is: a fixed address, or whatever ZooKeeper says now, with word of every change. */
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

    /** The leader as last announced, without waiting: empty while none is known. A fixed address always. */
    Optional<AnnouncedLeader> current();

    /**
     * Sets the one listener told of every change of the announced leader (empty: none known any more), on a thread
     * of the source, one call at a time; it must not block. A fixed address never changes, so never calls it.
     */
    void watch(Consumer<Optional<AnnouncedLeader>> listener);

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
        public Optional<AnnouncedLeader> current() {
            return Optional.of(new AnnouncedLeader(address, ""));
        }

        @Override
        public void watch(Consumer<Optional<AnnouncedLeader>> listener) {
            // a fixed address has no changes to tell; 307 redirects are followed per request
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
