package org.agora.scheduler.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

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
        return new HttpSchedulerClient(new ClientSettings(master, handler, contentType,
                Optional.ofNullable(callbackExecutor), requestTimeout, leaderTimeout));
    }

    private static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " " + value + ": must be positive");
        }
        return value;
    }
}
