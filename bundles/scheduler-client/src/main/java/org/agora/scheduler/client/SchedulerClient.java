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
package org.agora.scheduler.client;

import com.google.protobuf.ByteString;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One framework's connection to the Mesos v1 scheduler API of the leading master.
 *
 * <p><b>Subscribing.</b> {@link #subscribe} posts SUBSCRIBE to {@code /api/v1/scheduler} of the master given to
 * {@link #builder} ({@code host:port}, or the leader found under a {@code zk://} URL), following {@code 307}
 * redirects to the leader (their {@code Location} is {@code //host:port/path}); later calls go to the master that
 * answered. The answer's {@code Mesos-Stream-Id} is kept and sent with every call. The chunked RecordIO stream is
 * read on a thread of the client; every event goes to the {@link EventHandler}. When the stream ends (closed,
 * broken, or no event, heartbeats included, within five {@code heartbeat_interval_seconds}, 15 s by default) the
 * handler hears it once through {@link EventHandler#disconnected}. The client does not re-subscribe by itself
 * unless built with {@link SchedulerClientBuilder#failover}; {@link #resubscribe} does it with the known framework
 * id and a backoff.
 *
 * <p><b>Following the leader.</b> For a {@code zk://} master the client watches the leader's znode in ZooKeeper
 * (it does not poll). When ZooKeeper names another master as the leader while a stream is open, the client closes
 * the stream to the old master and reports {@link Disconnect.Reason#LEADER_CHANGED} (since 1.1), and a
 * re-subscription under way tries the new leader at once instead of waiting for its backoff. With a
 * {@code host:port} master, re-subscriptions follow the backoff, and {@code 307} redirects to the leader.
 *
 * <p><b>Calls.</b> Every call method sends one {@link Call} with this framework's id and returns a future that
 * completes when the master accepted it ({@code 202}; {@code 200} for UPDATE_FRAMEWORK), or fails with a
 * {@link SchedulerClientException}: {@link CallRejectedException} with the status and the master's message for any
 * other answer, {@link MasterUnreachableException} when there is no answer, {@link NotSubscribedException} before
 * the first successful subscription or after {@link #close()}. Results of calls arrive as events. Calls may be
 * made from any thread, the handler's included; dependent stages of the futures may run on the client's threads
 * and must not block.
 *
 * <p>Thread-safe. {@link #close()} ends the stream without a TEARDOWN (the framework stays registered until its
 * failover timeout) and releases the client's threads and ZooKeeper connection.
 */
@ProviderType
public interface SchedulerClient extends AutoCloseable {

    /**
     * Starts configuring a client.
     *
     * @param master {@code host:port} (port 5050 if omitted, IPv6 in brackets, {@code http://} accepted),
     *               {@code https://host:port} (HTTPS, see {@link SchedulerClientBuilder#tls}) or
     *               {@code zk://[user:password@]host:port[,...]/path}
     * @return a builder; nothing connects before {@link #subscribe}
     */
    static SchedulerClientBuilder builder(String master) {
        return new SchedulerClientBuilder(master);
    }

    /**
     * Subscribes the framework; with {@code frameworkInfo.id} set this is a re-subscription of that framework (the
     * id is also sent as {@code Call.framework_id}). A subscription whose stream is still open is closed first,
     * without a {@link EventHandler#disconnected} report.
     *
     * @param frameworkInfo the framework; {@code user} and {@code name} are required
     * @return completes with the {@code SUBSCRIBED} event's payload when it arrives (the handler gets the event
     *     too); fails with {@link CallRejectedException} for a non-200 answer, {@link SubscriptionFailedException}
     *     when the stream ends or brings ERROR first, {@link MasterUnreachableException} without an answer
     */
    CompletableFuture<Event.Subscribed> subscribe(FrameworkInfo frameworkInfo);

    /**
     * Subscribes again with the last {@link FrameworkInfo} given to {@link #subscribe} (or
     * {@link #updateFramework}) and the framework id the master assigned, retrying while the master cannot be
     * reached, answers 5xx or the stream ends before SUBSCRIBED. The first attempt is made at once; each retry
     * waits for {@code backoff}'s delay or, for a {@code zk://} master, for ZooKeeper to name another leader,
     * whichever comes first (since 1.1: before, only the backoff). While one re-subscription is running (also one
     * the client started by itself, see {@link SchedulerClientBuilder#failover}), calling this again returns its
     * future. A {@link #subscribe} call ends a running re-subscription: its future fails.
     *
     * @param backoff the delays between attempts and their limit
     * @return completes with SUBSCRIBED; fails with the last failure when it is final (a 4xx answer, an ERROR
     *     event), when the attempts are used up, or with {@link NotSubscribedException} when the client is closed
     *     or {@link #subscribe} was never called
     */
    CompletableFuture<Event.Subscribed> resubscribe(Backoff backoff);

    /** The framework id from the last SUBSCRIBED event, or given to {@link #subscribe}; empty before either. */
    Optional<FrameworkID> frameworkId();

    /** The {@code Mesos-Stream-Id} of the last subscription the master answered; empty before. */
    Optional<String> streamId();

    /** The {@code host:port} of the master that answered the last subscription (the leader); empty before. */
    Optional<String> master();

    /** True while a subscription's event stream is open. */
    boolean isConnected();

    /**
     * Sends any call but SUBSCRIBE; {@code framework_id} is filled in when unset.
     *
     * @param call the call; its {@code type} decides the status that means success
     * @return completes when the master accepted the call
     * @throws IllegalArgumentException if {@code call} is a SUBSCRIBE
     */
    CompletableFuture<Void> call(Call call);

    /** ACCEPT: applies {@code operations} to the offers; unused offered resources are declined with {@code filters}. */
    CompletableFuture<Void> accept(Collection<OfferID> offerIds, Collection<Offer.Operation> operations,
            Filters filters);

    /** ACCEPT with one LAUNCH operation of {@code tasks}; the rest of the offers is declined with {@code filters}. */
    CompletableFuture<Void> launch(Collection<OfferID> offerIds, Collection<TaskInfo> tasks, Filters filters);

    /** DECLINE the offers; {@code filters} says for how long (refuse_seconds; the master's default is 5 s). */
    CompletableFuture<Void> decline(Collection<OfferID> offerIds, Filters filters);

    /** KILL a task whose agent is not known to the caller. */
    CompletableFuture<Void> kill(TaskID taskId);

    /** KILL a task on the given agent. */
    CompletableFuture<Void> kill(TaskID taskId, AgentID agentId);

    /**
     * ACKNOWLEDGE a status update. Updates without a {@code uuid} need no acknowledgement: then nothing is sent and
     * the returned future is already complete.
     *
     * @param status the status from an UPDATE event; needs {@code agent_id} when it has a {@code uuid}
     */
    CompletableFuture<Void> acknowledge(TaskStatus status);

    /**
     * RECONCILE the given tasks (explicit reconciliation); an empty collection asks for all tasks the master knows
     * of this framework (implicit reconciliation). Answers arrive as UPDATE events without uuid.
     */
    CompletableFuture<Void> reconcile(Collection<Call.Reconcile.Task> tasks);

    /** REVIVE: clears offer filters and un-suppresses offers for the roles (all roles when empty). */
    CompletableFuture<Void> revive(Collection<String> roles);

    /** SUPPRESS: stops offers for the roles (all roles when empty) until REVIVE. */
    CompletableFuture<Void> suppress(Collection<String> roles);

    /** TEARDOWN: the master kills all tasks and executors of the framework and removes it. */
    CompletableFuture<Void> teardown();

    /** MESSAGE: passes {@code data} to an executor. */
    CompletableFuture<Void> message(AgentID agentId, ExecutorID executorId, ByteString data);

    /** SHUTDOWN: asks the agent to shut an executor down. */
    CompletableFuture<Void> shutdown(ExecutorID executorId, AgentID agentId);

    /**
     * UPDATE_FRAMEWORK: replaces the framework's info (roles, capabilities, ...); synchronous, so success is
     * {@code 200}. The info is remembered for {@link #resubscribe}.
     */
    CompletableFuture<Void> updateFramework(FrameworkInfo frameworkInfo);

    /**
     * Closes the event stream (no TEARDOWN), fails a running {@link #resubscribe}, stops the client's threads and
     * its ZooKeeper connection. No handler callback starts after it returns. Calls already sent still complete.
     * Idempotent.
     */
    @Override
    void close();
}
