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
package org.agora.http;

import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the open connections of one server and closes new ones above the cap at once, so that a flood of idle
 * connections cannot use up the process's file descriptors. Refusals are logged once per burst: one warning, then
 * at most one every {@link #WARN_EVERY_NANOS} with the number refused since. Thread-safe.
 */
final class ConnectionLimit {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);
    static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String server;
    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    ConnectionLimit(String server, int max) {
        this.server = server;
        this.max = max;
    }

    /** Admits {@code channel} (counted until it closes), or closes it and returns false. */
    boolean admit(Channel channel) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            channel.close();
            long count = refused.incrementAndGet();
            long last = lastWarning.get();
            long now = System.nanoTime();
            if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
                refused.addAndGet(-count);
                LOG.warn("{} HTTP server has {} connections open, its limit (http.max.connections): refused {} "
                        + "new connection(s), the last from {}", server, max, count, channel.remoteAddress());
            }
            return false;
        }
        channel.closeFuture().addListener(f -> open.decrementAndGet());
        return true;
    }

    int open() {
        return open.get();
    }
}
