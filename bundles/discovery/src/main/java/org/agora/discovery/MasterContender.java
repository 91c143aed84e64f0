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

import org.agora.discovery.internal.ZkMasterContender;
import org.apache.curator.framework.CuratorFramework;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A master's membership in the leader-election group, laid out as Mesos lays it out: an
 * {@code EPHEMERAL_SEQUENTIAL} znode {@code <path>/json.info_<10-digit seq>} whose data is the master's JSON
 * {@code MasterInfo}; the {@code json.info_*} member with the lowest sequence leads. Other children of the path are
 * not members.
 *
 * <p>Life cycle: {@link #create} → {@link #start()} → {@link #close()}; a contender is started at most once.
 * Neither call blocks on ZooKeeper beyond a bounded time. Between them the contender keeps one member znode in the
 * group: it re-joins with a new znode (a new, higher sequence) after a session loss or after its znode was deleted.
 *
 * <p>Leadership is reported to the {@link Listener} on the caller's {@link Executor}: {@link Listener#elected()} and
 * {@link Listener#defeated(String)} strictly alternate, starting with {@code elected()}. This member is elected while
 * it is connected and its znode is the lowest member; it is defeated as soon as it can no longer be sure of that,
 * and before another member can be elected: its session is lost, its znode was deleted, another member is now lower,
 * or its connection has been suspended (or read-only) for a quarter of the negotiated session timeout less 100 ms.
 * The ZooKeeper client notices a silent server within two thirds of the session timeout, so the server cannot expire
 * the session before a third has passed since the suspension: a leader whose server goes away keeps leading if
 * another server takes its session over within that quarter, and steps down in time otherwise. A member defeated
 * while suspended whose connection comes back with the same session and the znode still lowest is elected again.
 *
 * <p>All ZooKeeper work runs in the background on the contender's own thread; the client is owned by the caller,
 * must be started before {@link #start()}, and must stay open until {@link #close()} has returned.
 */
@ProviderType
public interface MasterContender extends AutoCloseable {

    /**
     * Creates a contender; nothing happens in ZooKeeper until {@link #start()}.
     *
     * @param client         a Curator client without namespace, e.g. from {@link ZooKeeperClients}; owned by the caller
     * @param path           the group's absolute path, e.g. {@link ZkUrl#path()}; created if missing
     * @param masterInfoJson the data of this member's znode (the JSON {@code MasterInfo}); copied
     * @param executor       runs the listener's callbacks, one at a time in order (e.g. the master's actor)
     * @param listener       told when this member is elected and defeated
     * @return a contender that is not started
     * @throws IllegalArgumentException if {@code path} is not a valid absolute znode path
     */
    static MasterContender create(CuratorFramework client, String path, byte[] masterInfoJson,
                                  Executor executor, Listener listener) {
        return new ZkMasterContender(client, path, masterInfoJson, executor, listener);
    }

    /**
     * Joins the group in the background and returns at once. The client must be started (it need not be
     * connected yet: the contender joins when it connects).
     *
     * @throws IllegalStateException if already started or closed, or if the client is not started
     */
    void start();

    /**
     * Whether this member currently leads, as last reported to the listener (or about to be).
     *
     * @return true between an {@code elected()} and the next {@code defeated(..)}
     */
    boolean isElected();

    /**
     * This member's current znode.
     *
     * @return the full path of the member znode, empty while not (yet) a member
     */
    Optional<String> znode();

    /**
     * Leaves the group: deletes this member's znode and stops watching. Waits at most a bounded time (a couple of
     * seconds) for ZooKeeper to confirm the delete; if it cannot be confirmed, Curator keeps retrying it while the
     * client is open, and the znode is gone at the latest when the session ends. No listener callback is started
     * after {@code close()} returns; {@code defeated} is not called for the close itself. Idempotent.
     */
    @Override
    void close();

    /** Told of this member's leadership; callbacks run on the executor given to {@link #create}. */
    @ConsumerType
    interface Listener {

        /** This member now leads: it is connected and its znode is the lowest member of the group. */
        void elected();

        /**
         * This member no longer knows that it leads. Called only after {@link #elected()}.
         *
         * @param reason why, naming the znode and path (for the log)
         */
        void defeated(String reason);
    }
}
