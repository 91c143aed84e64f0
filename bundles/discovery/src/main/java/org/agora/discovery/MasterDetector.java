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
package org.agora.discovery;

import java.util.Optional;
import java.util.concurrent.Executor;

import org.agora.discovery.internal.ZkMasterDetector;
import org.apache.curator.framework.CuratorFramework;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Follows the leader of a Mesos-layout master group: the {@code json.info_*} child of the path with the lowest
 * sequence (other children are ignored), with that znode's data.
 *
 * <p>The detector starts with no leader and reports every change to the {@link Listener} on the caller's
 * {@link Executor}, in order, never the same value twice in a row. It copes with the path not existing yet (it
 * watches for it), with ZooKeeper being unreachable at start (the client retries; the leader stays empty until the
 * first connection) and with reconnects (it re-reads the group).
 *
 * <p>Connection loss, as Mesos's detector handles it: while the connection is only <em>suspended</em> the last
 * leader is kept, because the leader itself is probably fine (agents and schedulers talk to it directly, ZooKeeper is
 * only how they find it) and dropping it on every network blip would make all of them re-register. When the
 * <em>session is lost</em> the detector reports no leader: a session expiry means the ensemble has moved on without
 * us for longer than the session timeout, and the leader's own session may well have expired too. Either way the
 * group is read again on reconnection.
 */
@ProviderType
public interface MasterDetector extends AutoCloseable {

    /**
     * Creates a detector; nothing happens in ZooKeeper until {@link #start()}.
     *
     * @param client   a Curator client without namespace, e.g. from {@link ZooKeeperClients}; owned by the caller
     * @param path     the group's absolute path, e.g. {@link ZkUrl#path()}; need not exist yet
     * @param executor runs the listener's callbacks, one at a time in order
     * @param listener told of each leader change
     * @return a detector that is not started
     * @throws IllegalArgumentException if {@code path} is not a valid absolute znode path
     */
    static MasterDetector create(CuratorFramework client, String path, Executor executor, Listener listener) {
        return new ZkMasterDetector(client, path, executor, listener);
    }

    /**
     * Starts watching the group in the background and returns at once. The client must be started (it need not
     * be connected).
     *
     * @throws IllegalStateException if already started or closed, or if the client is not started
     */
    void start();

    /**
     * The last leader this detector has seen (possibly not yet delivered to the listener). Any thread may call it.
     *
     * @return the leader, or empty when there is none or it is not known (not connected yet, session lost)
     */
    Optional<Leader> current();

    /** Stops watching; no listener callback is started after it returns. Does not block. Idempotent. */
    @Override
    void close();

    /** Told of leader changes; callbacks run on the executor given to {@link #create}. */
    @ConsumerType
    interface Listener {

        /**
         * The leader changed.
         *
         * @param leader the new leader, or empty when there is none or it is not known any more
         */
        void leaderChanged(Optional<Leader> leader);
    }
}
