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
package org.agora.discovery.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that owns one contender's or detector's state. Tasks run one at a time in submission order;
 * a task that throws is logged and does not stop the mailbox; after {@link #shutdown()} tasks are dropped quietly,
 * so late Curator callbacks do no harm.
 */
final class Mailbox implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);

    private final String name;
    private final ScheduledThreadPoolExecutor thread;
    private volatile boolean stopped;

    Mailbox(String name) {
        this.name = name;
        this.thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public void execute(Runnable task) {
        schedule(task, Duration.ZERO);
    }

    /** Runs {@code task} on the mailbox thread after {@code delay}, unless the mailbox is shut down by then. */
    void schedule(Runnable task, Duration delay) {
        if (stopped) {
            return;
        }
        try {
            thread.schedule(() -> runGuarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: task dropped, mailbox shut down", name);
        }
    }

    /** Drops queued tasks; a running task completes. Does not wait. */
    void shutdown() {
        stopped = true;
        thread.shutdownNow();
    }

    private void runGuarded(Runnable task) {
        if (stopped) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("{}: task failed", name, e);
        }
    }
}
