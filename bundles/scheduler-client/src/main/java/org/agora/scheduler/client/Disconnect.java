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

import java.util.Objects;
import java.util.Optional;

/**
 * How a subscription's event stream ended, as reported to {@link EventHandler#disconnected}; or, for a client
 * built with {@link SchedulerClientBuilder#failover}, that its own re-subscription failed for good
 * ({@link Reason#RESUBSCRIBE_FAILED}).
 *
 * @param reason  what ended it
 * @param master  the {@code host:port} of the master the stream came from
 * @param message what happened, for a log line or a user
 * @param cause   the exception behind a {@link Reason#STREAM_FAILED} or {@link Reason#RESUBSCRIBE_FAILED}, if
 *                there is one
 */
public record Disconnect(Reason reason, String master, String message, Optional<Throwable> cause) {

    /** @throws NullPointerException if a component is null */
    public Disconnect {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(cause, "cause");
    }

    /** What ended an event stream. */
    public enum Reason {
        /** The master ended the stream (e.g. after an ERROR event, a TEARDOWN, a newer subscription, failover). */
        CLOSED_BY_MASTER,
        /** Reading failed: a broken connection, invalid RecordIO, or an event that could not be decoded. */
        STREAM_FAILED,
        /** No event, heartbeats included, arrived within five heartbeat intervals; the client closed the stream. */
        HEARTBEAT_MISSED,
        /**
         * ZooKeeper named another master as the leader while the stream was open; the client closed the stream to
         * the old one (which no longer leads), as Mesos's scheduler library does. Only for {@code zk://} masters.
         *
         * @since 1.1
         */
        LEADER_CHANGED,
        /**
         * Final: the re-subscription that the client started by itself ({@link SchedulerClientBuilder#failover})
         * failed for good, because the master refused the framework (a 4xx answer, or an ERROR event such as
         * "Framework ... has been removed") or the backoff's attempts were used up. {@link #cause()} holds the last
         * failure. Reported once; the client makes no further attempt. {@link #master()} is the master that was
         * lost.
         *
         * @since 1.1
         */
        RESUBSCRIBE_FAILED
    }

    /** True for {@link Reason#RESUBSCRIBE_FAILED}: no re-subscription follows this report. */
    public boolean isFinal() {
        return reason == Reason.RESUBSCRIBE_FAILED;
    }

    /** {@code reason from master: message}. */
    @Override
    public String toString() {
        return reason + " from master " + master + ": " + message;
    }
}
