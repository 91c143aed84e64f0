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
package org.agora.scheduler.client.execute;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.scheduler.client.Disconnect;

/**
 * What {@code agora-execute} does between losing its master and carrying on with the next one, as
 * {@code mesos-execute} does: one line when the master is lost; a deadline ({@code --failover-wait}) for the
 * client to re-subscribe; one line when it did; then an explicit RECONCILE of the launched tasks that have not
 * ended. A new leader does not know a task until its agent has re-registered with it, and answers "unknown"
 * meanwhile (TASK_LOST with REASON_RECONCILIATION, as the framework is not partition-aware, or TASK_UNKNOWN): such
 * answers are not taken as the task's end but asked again, after 1 s doubling up to 8 s, until
 * {@code --failover-wait} after the re-subscription; the answers to the last question count. Actor thread only.
 */
final class Reconnection {

    private static final Duration FIRST_ASK = Duration.ofSeconds(1);
    private static final Duration LAST_ASK = Duration.ofSeconds(8);

    private final Duration wait;
    private final Launches launches;
    private final Launches.Run run;
    private final ScheduledExecutorService actor;
    private final PrintStream out;
    private final PrintStream err;
    private final Set<String> asking = new LinkedHashSet<>();

    private ScheduledFuture<?> deadline;
    private ScheduledFuture<?> nextAsk;
    private Duration askDelay = FIRST_ASK;
    private long askUntilNanos;

    Reconnection(Duration wait, Launches launches, Launches.Run run, ScheduledExecutorService actor,
            PrintStream out, PrintStream err) {
        this.wait = wait;
        this.launches = launches;
        this.run = run;
        this.actor = actor;
        this.out = out;
        this.err = err;
    }

    /** The stream to the master ended (the client re-subscribes by itself): wait for it, up to the deadline. */
    void lost(Disconnect disconnect) {
        cancel(nextAsk);
        if (deadline != null) {
            return; // one line per loss, not per failed attempt
        }
        err.println("agora-execute: lost master " + disconnect.master() + " (" + disconnect.message()
                + "); waiting up to " + seconds(wait) + " s for a leading master");
        deadline = actor.schedule(() -> run.finish(1, "agora-execute: no master took the framework back within "
                + seconds(wait) + " s (--failover-wait); giving up"), wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** SUBSCRIBED after a loss: say so, and find out what became of the tasks meanwhile. */
    void resubscribed(String master, String frameworkId) {
        cancel(deadline);
        deadline = null;
        out.println("re-subscribed to master " + master + " as framework " + frameworkId);
        launches.resubscribed();
        asking.clear();
        reconcile(launches.unsettled().stream().map(task -> task.getTaskId().getValue()).toList());
    }

    /**
     * Asks the master about {@code taskIds} now (if connected; else the re-subscription asks about every task), and
     * again while it does not know them, for up to {@code --failover-wait}.
     */
    void reconcile(List<String> taskIds) {
        asking.addAll(taskIds);
        askUntilNanos = System.nanoTime() + wait.toNanos();
        askDelay = FIRST_ASK;
        cancel(nextAsk);
        ask();
    }

    /**
     * True for a reconciliation answer that only says the master does not know the task yet, while it is still
     * asked about: it is not the task's end. Any other update settles the task.
     */
    boolean notKnownYet(TaskStatus status) {
        String id = status.getTaskId().getValue();
        boolean unknown = !status.hasUuid() && status.getReason() == TaskStatus.Reason.REASON_RECONCILIATION
                && (status.getState() == TaskState.TASK_LOST || status.getState() == TaskState.TASK_UNKNOWN);
        if (unknown && asking.contains(id) && System.nanoTime() - askUntilNanos < 0) {
            return true;
        }
        asking.remove(id);
        return false;
    }

    /** The run ends: no more timers. */
    void stop() {
        cancel(deadline);
        cancel(nextAsk);
    }

    private void ask() {
        asking.removeIf(id -> !launches.isUnsettled(id));
        if (asking.isEmpty() || !run.connected() || run.finishing()) {
            return;
        }
        List<Call.Reconcile.Task> tasks = launches.unsettled().stream()
                .filter(task -> asking.contains(task.getTaskId().getValue())).toList();
        run.client().reconcile(tasks).exceptionally(e -> {
            run.warn("RECONCILE", e);
            return null;
        });
        if (System.nanoTime() - askUntilNanos > 0) {
            asking.clear(); // that was the last question: its answers count, whatever they are
            return;
        }
        nextAsk = actor.schedule(this::ask, askDelay.toNanos(), TimeUnit.NANOSECONDS);
        askDelay = askDelay.multipliedBy(2).compareTo(LAST_ASK) > 0 ? LAST_ASK : askDelay.multipliedBy(2);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
    }
}
