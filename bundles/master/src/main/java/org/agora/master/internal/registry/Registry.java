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
package org.agora.master.internal.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.agora.api.registry.RegistryProtos.Maintenance;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.quota.Protos.QuotaConfig;

/**
 * The master's durable memory: which agents were admitted, which are unreachable or gone, the operator's role weights
 * and quotas, the agents' dynamic reservations, and the operator's maintenance schedule and DOWN machines. Every
 * change is persisted before its stage completes, and the master acknowledges nothing before that. Stages complete
 * on a thread of the registry's choosing; every failure arrives through the stage, never as a thrown exception.
 * Calls are made from one thread (the master's actor).
 *
 * <h2>One registry per leadership term</h2>
 * A registry serves one term of one leader: it is created when the master is elected, {@link #recover() recovered}
 * before its first write (a write before that fails with {@link IllegalStateException}), and closed when the term
 * ends; a new term gets a new registry, which recovers again.
 *
 * <h2>Writes are fenced and compare-and-set</h2>
 * Every write is one atomic ZooKeeper transaction that first checks that the leader's member znode of this term
 * still exists (it is ephemeral, so it exists only while the leader's session lives and nobody deposed it), then
 * creates, changes or deletes its entries at the versions this registry read in {@link #recover()} or wrote since.
 * When the term is over or another writer interfered, the write fails with {@link RegistryException.Fenced} and
 * changes nothing. After any write failed (other than {@link RegistryException.TooLarge} and bad arguments) the
 * registry refuses every later write with {@code Fenced}, since it no longer knows what ZooKeeper holds: the master
 * must step down, and the next term recovers. {@link #close()} fences it too.
 *
 * <h2>Writes are bounded</h2>
 * One call is one transaction, applied whole or not at all, and never larger than {@link #MAX_ENTRIES_PER_WRITE}
 * znodes or {@link #MAX_WRITE_BYTES} bytes (counted as {@link #ENTRY_OVERHEAD_BYTES} per znode plus its path and
 * data), well under ZooKeeper's 1 MiB {@code jute.maxbuffer}, which a larger request would exceed and make ZooKeeper
 * drop the whole session. A larger call fails with {@link RegistryException.TooLarge} before anything is sent, and the
 * registry stays usable; so does a write that would let the list of one table's znode names grow over
 * {@link #MAX_LISTING_BYTES}, so that recovery can always read it back. Check an operator's call with
 * {@link #checkWeights} or {@link #checkQuotas} before applying it anywhere.
 *
 * <h2>Recovery is strict</h2>
 * {@link #recover()} fails with {@link RegistryException.Corrupt}, naming the znode and what is wrong, for any entry it
 * cannot read, instead of guessing or skipping; with {@link RegistryException.ClusterMismatch} when the registry was
 * created for another cluster name than this master's. A fresh registry gets this master's cluster name. Recovery ends
 * with a fenced transaction (which also creates what is missing), so it succeeds only while this term leads.
 */
public interface Registry extends AutoCloseable {

    /** The most znodes one write may create, change or delete (the fencing check not counted). */
    int MAX_ENTRIES_PER_WRITE = 1_000;

    /** The largest write, counted as {@link #ENTRY_OVERHEAD_BYTES} plus path and data bytes per znode: 512 KiB. */
    int MAX_WRITE_BYTES = 512 * 1024;

    /**
     * ZooKeeper's framing per znode in a transaction, counted generously (operation header, lengths, version or
     * flags and an ACL of two entries); the real request is measured again before it is sent.
     */
    int ENTRY_OVERHEAD_BYTES = 128;

    /**
     * The most bytes the list of one table's znode names may take (4 bytes plus the name per znode): recovery
     * reads each list in one ZooKeeper reply, which must stay under the client's 1 MiB {@code jute.maxbuffer}.
     * About 17,000 agent ids of a UUID and a sequence number: the agent tables are split into 256 shards, each its own
     * list, so that they hold 256 times as many.
     */
    int MAX_LISTING_BYTES = 768 * 1024;

    /** Reads everything back, as a newly elected leader must before serving; see the class comment. */
    CompletionStage<RegistryState> recover();

    /**
     * Completes when this term still leads, as seen by ZooKeeper after every change this master's clients could have
     * seen before the call: a transaction of the fencing check alone, ordered with every other write. Fails with
     * {@link RegistryException.Fenced} (and fences the registry) when the term is over. For acts a deposed master must
     * not take and that nothing else fences: an agent may leave because ZooKeeper named another leader before this
     * master heard that it lost, and telling frameworks their tasks are lost then cannot be undone.
     */
    CompletionStage<Void> confirmLeading();

    /** Records (or updates) an admitted agent; it is reachable. */
    CompletionStage<Void> admit(AgentInfo agent);

    /** Records that an admitted agent has become unreachable at {@code when}. */
    CompletionStage<Void> markUnreachable(AgentID agentId, Instant when);

    /** The operator marked the agent gone: it is no longer admitted and may never re-register under its id. */
    CompletionStage<Void> markGone(AgentID agentId, Instant when);

    /** Forgets an agent entirely (garbage collection): admitted, unreachable, gone and its reservations. */
    CompletionStage<Void> remove(AgentID agentId);

    /**
     * Sets the weight of each role in {@code changed} (finite and positive), all in one transaction; roles not in it
     * keep theirs. Fails with {@link IllegalArgumentException} for an empty role or a bad weight.
     */
    CompletionStage<Void> updateWeights(Map<String, Double> changed);

    /**
     * Sets the quota of each role in {@code changed}, all in one transaction; a config with neither guarantees nor
     * limits removes that role's quota. Fails with {@link IllegalArgumentException} for an empty or repeated role or
     * a negative or infinite amount.
     */
    CompletionStage<Void> updateQuotas(List<QuotaConfig> changed);

    /** Replaces the dynamic reservations of one agent; an empty list removes the record. */
    CompletionStage<Void> saveReservations(AgentID agentId, List<Resource> reserved);

    /**
     * Replaces the operator's maintenance (schedule and DOWN machines) and, in the same transaction, forgets the
     * admitted agents in {@code removedAgents} (admitted, unreachable and reservations entries): START_MAINTENANCE
     * removes the agents of the machines it takes down, as Mesos does, and no master may see one without the other.
     * Fails with {@link IllegalArgumentException} for an agent id that cannot be stored.
     */
    CompletionStage<Void> saveMaintenance(Maintenance maintenance, List<AgentID> removedAgents);

    /** Ends this registry's term: later writes fail with {@link RegistryException.Fenced}. Idempotent. */
    @Override
    void close();

    /**
     * Whether {@link #updateWeights updateWeights(changed)} fits in one write; checks exactly what the write checks
     * except the growth of the table's name list, which depends on what the registry holds.
     *
     * @throws RegistryException.TooLarge when it does not fit
     * @throws IllegalArgumentException for an empty role or a weight that is not finite and positive
     */
    static void checkWeights(Map<String, Double> changed) {
        RegistryWrite.weights(changed).checkLimits();
    }

    /**
     * Whether {@link #updateQuotas updateQuotas(changed)} fits in one write, as {@link #checkWeights}.
     *
     * @throws RegistryException.TooLarge when it does not fit
     * @throws IllegalArgumentException for an empty or repeated role or an amount that is negative or infinite
     */
    static void checkQuotas(List<QuotaConfig> changed) {
        RegistryWrite.quotas(changed).checkLimits();
    }
}
