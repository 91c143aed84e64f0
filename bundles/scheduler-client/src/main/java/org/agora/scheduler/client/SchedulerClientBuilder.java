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

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

import org.agora.scheduler.client.internal.BasicCredentials;
import org.agora.scheduler.client.internal.ClientSettings;
import org.agora.scheduler.client.internal.HttpSchedulerClient;

/**
 * Configures a {@link SchedulerClient}; from {@link SchedulerClient#builder}. Not thread-safe; {@link #build()}
 * may be called more than once, each time for a new client.
 */
public final class SchedulerClientBuilder {

    private final String master;
    private EventHandler handler;
    private ContentType contentType = ContentType.PROTOBUF;
    private Executor callbackExecutor;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration leaderTimeout = Duration.ofSeconds(10);
    private Backoff failover;
    private SSLContext tls;
    private BasicCredentials credentials;

    SchedulerClientBuilder(String master) {
        this.master = Objects.requireNonNull(master, "master");
    }

    /** Receives the events and disconnections; required. */
    public SchedulerClientBuilder handler(EventHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** The encoding of calls and events; {@link ContentType#PROTOBUF} unless set. */
    public SchedulerClientBuilder contentType(ContentType contentType) {
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        return this;
    }

    /**
     * Where the handler's callbacks run. The executor must run tasks one at a time in the order they are given
     * (an actor's mailbox, a single-thread executor). Unless set, each client has its own daemon thread, stopped
     * by {@link SchedulerClient#close()}; a given executor is not shut down by the client.
     */
    public SchedulerClientBuilder callbackExecutor(Executor callbackExecutor) {
        this.callbackExecutor = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
        return this;
    }

    /**
     * How long connecting to the master and waiting for the headers of its answer may take, per request (for
     * SUBSCRIBE: until the stream starts, not its whole life); 10 s unless set.
     *
     * @throws IllegalArgumentException if not positive
     */
    public SchedulerClientBuilder requestTimeout(Duration requestTimeout) {
        this.requestTimeout = positive("requestTimeout", requestTimeout);
        return this;
    }

    /**
     * For {@code zk://} masters: how long a subscription waits for ZooKeeper to name a leader before it fails with
     * {@link MasterUnreachableException}; 10 s unless set.
     *
     * @throws IllegalArgumentException if not positive
     */
    public SchedulerClientBuilder leaderTimeout(Duration leaderTimeout) {
        this.leaderTimeout = positive("leaderTimeout", leaderTimeout);
        return this;
    }

    /**
     * Keeps the framework subscribed across master failovers: once a subscription got {@code SUBSCRIBED}, the
     * client re-subscribes by itself (with the framework id and the last {@link
     * org.agora.api.v1.Protos.FrameworkInfo} given) whenever its stream ends or, for a {@code zk://} master,
     * ZooKeeper names another leader. The handler hears {@link EventHandler#disconnected} for the lost stream, then
     * the new stream's {@code SUBSCRIBED} event; or, if the re-subscription fails for good (the master refuses the
     * framework, or {@code backoff}'s attempts are used up), one {@link Disconnect} with
     * {@link Disconnect.Reason#RESUBSCRIBE_FAILED} and no further attempt. Attempts that fail on the way are not
     * reported to the handler (they are logged).
     *
     * <p>When attempts are made: at once when the leader known is another master than the lost one; else at the
     * next leader change or after {@code backoff}'s delay, whichever comes first (a stream that keeps ending soon
     * after SUBSCRIBED backs off further each time). Transient failures (no answer, 5xx, redirects to a master
     * that does not serve yet) are retried the same way. No re-subscription follows a stream that brought an ERROR
     * event after SUBSCRIBED (another scheduler instance took the framework over, or it was removed).
     *
     * <p>Unless set, the client does not re-subscribe by itself: the handler may call
     * {@link SchedulerClient#resubscribe}.
     *
     * @param backoff the delays between attempts, and their limit (0 for none)
     * @since 1.1
     */
    public SchedulerClientBuilder failover(Backoff backoff) {
        this.failover = Objects.requireNonNull(backoff, "backoff");
        return this;
    }

    /**
     * Speaks HTTPS to the master: its certificate must be trusted by {@code context} (for example one from
     * {@link org.agora.api.tls.TlsMaterial#clientContext}) and name the host connected to (the address given, or
     * the one a {@code zk://} leader or a redirect names). A master given as {@code https://host:port} without this
     * uses the JDK's default context (its default CAs).
     *
     * @since 1.2
     */
    public SchedulerClientBuilder tls(SSLContext context) {
        this.tls = Objects.requireNonNull(context, "context");
        return this;
    }

    /**
     * Authenticates as {@code principal} with HTTP Basic ({@code Authorization: Basic ...}) on every request: the
     * SUBSCRIBE, every call, and the re-subscriptions after a failover, also to the masters that redirects or
     * ZooKeeper name later. A master with {@code authenticate.frameworks} on answers {@code 401} without them
     * ({@link CallRejectedException#statusCode()}); it also requires {@code FrameworkInfo.principal} to be this
     * principal, which the caller sets. Send credentials over HTTPS ({@link #tls}) only: Basic is not encrypted.
     *
     * @throws IllegalArgumentException if the principal is empty or holds a {@code :} or a control character, or
     *     the secret is empty or holds a control character (HTTP Basic cannot carry them)
     * @since 1.3
     */
    public SchedulerClientBuilder credentials(String principal, String secret) {
        this.credentials = new BasicCredentials(principal, secret);
        return this;
    }

    /**
     * Creates the client. For a {@code zk://} master this starts following the leader in ZooKeeper in the
     * background; nothing is sent to a master before {@link SchedulerClient#subscribe}.
     *
     * @throws IllegalStateException    if no handler was set
     * @throws IllegalArgumentException if the master is neither {@code host[:port]} nor a valid {@code zk://} URL
     * @throws UnsupportedOperationException for a {@code zk://} master when the discovery classes (agora-discovery,
     *     Curator, ZooKeeper) are not available
     */
    public SchedulerClient build() {
        if (handler == null) {
            throw new IllegalStateException("scheduler client for " + master + ": no event handler set");
        }
        Optional<SSLContext> context = Optional.ofNullable(tls);
        if (context.isEmpty() && master.strip().startsWith("https://")) {
            try {
                context = Optional.of(SSLContext.getDefault());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("scheduler client for " + master + ": no default TLS context", e);
            }
        }
        return new HttpSchedulerClient(new ClientSettings(master, handler, contentType,
                Optional.ofNullable(callbackExecutor), requestTimeout, leaderTimeout, Optional.ofNullable(failover),
                context, Optional.ofNullable(credentials)));
    }

    private static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " " + value + ": must be positive");
        }
        return value;
    }
}
