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
 * ended. Tasks the new leader does not know yet (their agent has not re-registered with it) are asked about again,
 * after 1 s doubling up to 8 s, until {@code --failover-wait} after the re-subscription; then they count as lost.
 * Actor thread only.
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
        launches.unsettled().forEach(task -> asking.add(task.getTaskId().getValue()));
        askUntilNanos = System.nanoTime() + wait.toNanos();
        askDelay = FIRST_ASK;
        ask();
    }

    /** An update arrived: a task the master gave a real state for needs no more asking. */
    void seen(TaskStatus status) {
        if (status.getState() != TaskState.TASK_UNKNOWN) {
            asking.remove(status.getTaskId().getValue());
        }
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
        if (System.nanoTime() - askUntilNanos > 0) {
            for (Call.Reconcile.Task task : tasks) {
                launches.giveUp(TaskStatus.newBuilder().setTaskId(task.getTaskId()).setAgentId(task.getAgentId())
                        .setState(TaskState.TASK_LOST).setSource(TaskStatus.Source.SOURCE_MASTER)
                        .setReason(TaskStatus.Reason.REASON_RECONCILIATION)
                        .setMessage("no master knew the task " + seconds(wait) + " s after the failover").build());
            }
            asking.clear();
            return;
        }
        run.client().reconcile(tasks).exceptionally(e -> {
            run.warn("RECONCILE", e);
            return null;
        });
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
