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

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.agora.api.recordio.RecordIoDecoder;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.ContentType;
import org.agora.scheduler.client.Disconnect;

/**
 * One subscription's event stream: a thread reads the chunked body, splits it into RecordIO records whatever the
 * chunk boundaries, decodes each into an {@link Event} and passes it on; a watchdog on the shared timer ends the
 * stream when no event arrives within {@value #MISSED_HEARTBEATS} heartbeat intervals. The end (EOF, read error,
 * watchdog) is passed on exactly once, unless the owner {@link #close()}d the stream first.
 */
final class EventStream {

    /** Heartbeats that may be missed before the stream counts as dead, as Mesos advises schedulers. */
    static final int MISSED_HEARTBEATS = 5;
    /** The master's default {@code heartbeat_interval_seconds}, assumed until SUBSCRIBED says otherwise. */
    static final double DEFAULT_HEARTBEAT_SECONDS = 15.0;

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Told of what the stream brings; called on the reader thread or the timer, never concurrently for an end. */
    interface Listener {
        void event(EventStream stream, Event event);

        void ended(EventStream stream, Disconnect disconnect);
    }

    private final HostPort master;
    private final InputStream body;
    private final ContentType contentType;
    private final Listener listener;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Object watchdogLock = new Object();

    private volatile long lastEventNanos;
    private volatile double heartbeatSeconds = DEFAULT_HEARTBEAT_SECONDS;
    private ScheduledFuture<?> watchdog; // guarded by watchdogLock

    EventStream(HostPort master, InputStream body, ContentType contentType, Listener listener,
            ScheduledExecutorService timer) {
        this.master = master;
        this.body = body;
        this.contentType = contentType;
        this.listener = listener;
        this.timer = timer;
    }

    HostPort master() {
        return master;
    }

    /** Starts the reader thread and the watchdog. */
    void start() {
        lastEventNanos = System.nanoTime();
        armWatchdog();
        Thread reader = new Thread(this::read, "agora-scheduler-stream-" + THREADS.incrementAndGet());
        reader.setDaemon(true);
        reader.start();
    }

    /** The interval from SUBSCRIBED; the stream is dead after {@value #MISSED_HEARTBEATS} of them in silence. */
    void heartbeatInterval(double seconds) {
        if (seconds > 0 && Double.isFinite(seconds)) {
            heartbeatSeconds = seconds;
            armWatchdog();
        }
    }

    boolean isOpen() {
        return !ended.get();
    }

    /** Ends the stream without telling the listener. Idempotent. */
    void close() {
        if (ended.compareAndSet(false, true)) {
            shutDown();
        }
    }

    private void read() {
        RecordIoDecoder decoder = new RecordIoDecoder();
        byte[] buffer = new byte[64 * 1024];
        try {
            int n;
            while ((n = body.read(buffer)) >= 0 && !ended.get()) {
                for (byte[] record : decoder.feed(buffer, 0, n)) {
                    Event event = WireFormat.decode(record, contentType);
                    lastEventNanos = System.nanoTime();
                    if (ended.get()) {
                        return;
                    }
                    listener.event(this, event);
                }
            }
            if (!ended.get()) {
                decoder.finish();
                end(Disconnect.Reason.CLOSED_BY_MASTER, "the master closed the event stream", null);
            }
        } catch (IOException | RuntimeException e) {
            end(Disconnect.Reason.STREAM_FAILED, "reading the event stream failed: " + MasterRequests.describe(e), e);
        }
    }

    private void armWatchdog() {
        synchronized (watchdogLock) {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            if (ended.get()) {
                return;
            }
            long due = lastEventNanos + timeoutNanos() - System.nanoTime();
            try {
                watchdog = timer.schedule(this::checkHeartbeat, Math.max(0, due), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                watchdog = null; // the client is closing
            }
        }
    }

    private void checkHeartbeat() {
        long silentNanos = System.nanoTime() - lastEventNanos;
        if (silentNanos >= timeoutNanos()) {
            end(Disconnect.Reason.HEARTBEAT_MISSED, String.format(java.util.Locale.ROOT,
                    "no event for %.1f s (%d heartbeat intervals of %s s)", silentNanos / 1e9, MISSED_HEARTBEATS,
                    heartbeatSeconds), null);
        } else {
            armWatchdog();
        }
    }

    private long timeoutNanos() {
        return (long) (heartbeatSeconds * MISSED_HEARTBEATS * 1e9);
    }

    private void end(Disconnect.Reason reason, String message, Throwable cause) {
        if (ended.compareAndSet(false, true)) {
            shutDown();
            listener.ended(this, new Disconnect(reason, master.authority(), message, Optional.ofNullable(cause)));
        }
    }

    private void shutDown() {
        synchronized (watchdogLock) {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
        try {
            body.close(); // wakes the reader thread, which then sees `ended`
        } catch (IOException e) {
            // closing a broken stream
        }
    }
}
