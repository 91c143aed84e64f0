package org.agora.scheduler.client;

import java.util.Objects;
import java.util.Optional;

/**
 * How a subscription's event stream ended, as reported to {@link EventHandler#disconnected}.
 *
 * @param reason  what ended it
 * @param master  the {@code host:port} of the master the stream came from
 * @param message what happened, for a log line or a user
 * @param cause   the exception behind a {@link Reason#STREAM_FAILED}, if there is one
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
        HEARTBEAT_MISSED
    }

    /** {@code reason from master: message}. */
    @Override
    public String toString() {
        return reason + " from master " + master + ": " + message;
    }
}
