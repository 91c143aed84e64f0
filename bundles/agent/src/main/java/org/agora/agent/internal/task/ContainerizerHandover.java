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
package org.agora.agent.internal.task;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.agora.agent.internal.launcher.ContainerizerSlot;
import org.agora.agent.internal.launcher.ProcessIdentity;
import org.agora.agent.internal.launcher.Sandbox;
import org.agora.api.containerizer.ContainerState;
import org.agora.api.containerizer.Containerizer;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.ContainerID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the running command tasks (and custom executors in images) from one containerizer to the next: after an
 * agent restart, when one arrives late, or when its bundle is updated (the old instance is unbound, the new one
 * bound). The new one adopts the running containers through {@link Containerizer#recover}, as after an agent
 * restart, and follows those an earlier instance launched (whose {@code wait} will never complete now) to their end;
 * only then do launches go through it. Launches
 * that come meanwhile wait here, each at most the executor registration timeout (the agent's
 * {@code executor.registration.timeout.ms}, Mesos's {@code --executor_registration_timeout}: 60 s by default), and
 * then fail saying why. The containers' processes are not the containerizer bundle's: they keep running through the
 * swap, and a task that ended while none was bound is reported when the next one adopts it (once: the end of a run
 * is taken only once). Actor thread only; the slot's DS callbacks post here.
 */
final class ContainerizerHandover {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerizerHandover.class);

    /** Where the end of an adopted container goes: the run, and its exit status (null: none recorded). */
    interface Ends {
        void ended(TaskRun run, Integer exitValue);
    }

    /** Where the end of an adopted executor in an image goes: the executor, and its exit status (null: none). */
    interface ExecutorEnds {
        void ended(ExecutorRun executor, Integer exitValue);
    }

    /** A launch waiting for a containerizer. */
    private record Waiting(String what, Runnable resume, Consumer<String> fail, ScheduledFuture<?> timeout) {
    }

    private final AgentContext ctx;
    private final ContainerizerSlot slot;
    private final Duration timeout;
    private final Ends ends;
    private final ExecutorEnds executorEnds;
    private final Deque<Waiting> waiting = new ArrayDeque<>();

    ContainerizerHandover(AgentContext ctx, ContainerizerSlot slot, Duration timeout, Ends ends,
            ExecutorEnds executorEnds) {
        this.ctx = ctx;
        this.slot = slot;
        this.timeout = timeout;
        this.ends = ends;
        this.executorEnds = executorEnds;
    }

    /** A containerizer arrived (or the agent recovered its tasks and one is bound): it adopts the running tasks. */
    void arrived(Containerizer c) {
        if (slot.bound().orElse(null) != c) {
            return; // gone again
        }
        List<TaskRun> runs = running();
        List<ExecutorRun> executors = executorsInImages();
        recover(c, runs, executors).whenComplete((v, e) -> ctx.post(() -> recovered(c, runs, executors, e)));
    }

    /** The containerizer went away: launches wait for the next one. */
    void departed(Containerizer c) {
        LOG.warn("Containerizer {} is gone: running tasks keep running, new launches wait up to {} for the next one",
                c.name(), seconds(timeout));
    }

    private void recovered(Containerizer c, List<TaskRun> runs, List<ExecutorRun> executors, Throwable e) {
        if (ctx.stopped || !slot.ready(c)) {
            return; // replaced or gone meanwhile: the next one adopts them
        }
        if (e == null) {
            follow(c, runs);
            followExecutors(c, executors);
            LOG.info("Containerizer {} took over {} running tasks", c.name(), runs.size());
        } else {
            LOG.error("Containerizer {} could not recover {} running tasks: {}; the agent watches the processes of "
                    + "those an earlier instance launched itself", c.name(), runs.size(), e.getMessage());
            runs.stream().filter(r -> r.containerizer != null && r.containerizer != c).forEach(this::watchProcess);
            executors.stream().filter(x -> x.containerizer != null && x.containerizer != c)
                    .forEach(this::watchProcess);
        }
        // tasks launched through the previous instance that started while this one recovered
        List<TaskRun> late = running().stream().filter(r -> r.containerizer != null && r.containerizer != c)
                .toList();
        List<ExecutorRun> lateExecutors = executorsInImages().stream().filter(x -> x.containerizer != null
                && x.containerizer != c).toList();
        if (!late.isEmpty() || !lateExecutors.isEmpty()) {
            adopt(c, late, lateExecutors);
        }
        release();
    }

    /**
     * A task launched through {@code from} started, but {@code from} is no longer the current containerizer (it was
     * unbound while the launch was under way): the current one adopts it; with none bound, the next one will.
     */
    void startedThrough(TaskRun run, Containerizer from) {
        run.containerizer = from;
        slot.current().filter(c -> c != from).ifPresent(c -> adopt(c, List.of(run), List.of()));
    }

    /** The same for a custom executor in an image. */
    void startedThrough(ExecutorRun executor, Containerizer from) {
        executor.containerizer = from;
        slot.current().filter(c -> c != from).ifPresent(c -> adopt(c, List.of(), List.of(executor)));
    }

    private void adopt(Containerizer c, List<TaskRun> runs, List<ExecutorRun> executors) {
        recover(c, runs, executors).whenComplete((v, e) -> ctx.post(() -> {
            if (e != null) {
                LOG.error("Containerizer {} could not adopt {} tasks launched through its predecessor: {}; the agent "
                        + "watches their processes itself", c.name(), runs.size(), e.getMessage());
                runs.stream().filter(r -> !r.exited).forEach(this::watchProcess);
                executors.stream().filter(x -> !x.terminated()).forEach(this::watchProcess);
            } else if (slot.current().orElse(null) == c) {
                follow(c, runs);
                followExecutors(c, executors);
            }
        }));
    }

    /** {@code c}'s recovery of {@code runs}; one that fails at once (an instance that is stopping) fails the stage. */
    private static CompletableFuture<Void> recover(Containerizer c, List<TaskRun> runs,
            List<ExecutorRun> executors) {
        try {
            List<ContainerState> states = new ArrayList<>(states(runs));
            executors.forEach(x -> states.add(new ContainerState(x.containerId, x.process.pid(), x.sandbox,
                    Resources.of(x.info.getResourcesList()))));
            return c.recover(states).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * {@code c} runs these containers now: their limits are reported through it and, for those an earlier instance
     * launched, their end too.
     */
    private void follow(Containerizer c, List<TaskRun> runs) {
        for (TaskRun run : runs) {
            if (run.exited) {
                continue;
            }
            boolean launchedByAnother = run.containerizer != null && run.containerizer != c;
            if (run.containerizer != null) {
                run.containerizer = c;
            }
            c.wait(containerId(run)).whenComplete((t, e) -> ctx.post(() -> {
                if (t != null) {
                    t.limitation().ifPresent(l -> run.limitation = l);
                }
                if (launchedByAnother && run.containerizer == c) {
                    // its status as the containerizer saw it, else as the exit-status wrapper recorded it
                    Integer status = t == null ? null : LaunchJob.exitValue(t.status())
                            .or(() -> Sandbox.readExitStatus(run.sandbox)).orElse(null);
                    ends.ended(run, status);
                }
            }));
        }
    }

    /**
     * {@code c} runs these executors' containers now; for those an earlier instance launched (whose {@code wait} never
     * completes now) it reports their end. Executors adopted after an agent restart are watched by the agent itself.
     */
    private void followExecutors(Containerizer c, List<ExecutorRun> executors) {
        for (ExecutorRun x : executors) {
            if (x.terminated() || x.containerizer == null || x.containerizer == c) {
                continue;
            }
            x.containerizer = c;
            c.wait(x.containerId).whenComplete((t, e) -> ctx.post(() -> {
                if (x.containerizer == c) {
                    executorEnds.ended(x, t == null ? null : LaunchJob.exitValue(t.status())
                            .or(() -> Sandbox.readExitStatus(x.sandbox)).orElse(null));
                }
            }));
        }
    }

    /**
     * Nobody will report the end of this run's container: the agent watches its top process, as it does a process it
     * adopted after a restart, and takes the status the launcher recorded.
     */
    private void watchProcess(TaskRun run) {
        run.containerizer = null;
        Optional<ProcessIdentity> identity = ProcessIdentity.of(run.process.pid());
        if (identity.isEmpty()) {
            ends.ended(run, Sandbox.readExitStatus(run.sandbox).orElse(null)); // ended already
            return;
        }
        ctx.launcher.exitWatcher().watch(identity.get(), () -> ctx.post(() -> ends.ended(run,
                Sandbox.readExitStatus(run.sandbox).orElse(null))));
    }

    /** The same for a custom executor in an image. */
    private void watchProcess(ExecutorRun executor) {
        executor.containerizer = null;
        Optional<ProcessIdentity> identity = ProcessIdentity.of(executor.process.pid());
        if (identity.isEmpty()) {
            executorEnds.ended(executor, Sandbox.readExitStatus(executor.sandbox).orElse(null)); // ended already
            return;
        }
        ctx.launcher.exitWatcher().watch(identity.get(), () -> ctx.post(() -> executorEnds.ended(executor,
                Sandbox.readExitStatus(executor.sandbox).orElse(null))));
    }

    /**
     * Runs {@code resume} now if launches may go ahead, else once a containerizer is current; {@code fail} is called
     * instead if none is within the launch timeout, or the agent stops.
     */
    void whenReady(String what, Runnable resume, Consumer<String> fail) {
        if (!slot.mustWait()) {
            resume.run();
            return;
        }
        Waiting[] self = new Waiting[1];
        ScheduledFuture<?> timer = ctx.actor.schedule(() -> {
            if (waiting.remove(self[0])) {
                fail.accept("no containerizer was available within " + seconds(timeout) + " (its bundle is being "
                        + "updated, or is not installed or not active): the launch gave up");
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        self[0] = new Waiting(what, resume, fail, timer);
        waiting.add(self[0]);
        LOG.info("{} waits for a containerizer ({} waiting)", what, waiting.size());
    }

    /** Launches that waited go ahead, in the order they came. */
    private void release() {
        if (!waiting.isEmpty()) {
            LOG.info("{} launches waited for the containerizer: they go ahead", waiting.size());
        }
        while (!waiting.isEmpty() && !slot.mustWait()) {
            Waiting w = waiting.poll();
            w.timeout().cancel(false);
            w.resume().run();
        }
    }

    /** How many launches wait now. */
    int waiting() {
        return waiting.size();
    }

    /** The agent stops: launches that wait are given up. */
    void stop() {
        while (!waiting.isEmpty()) {
            Waiting w = waiting.poll();
            w.timeout().cancel(false);
            w.fail().accept("the agent is stopping");
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    private List<TaskRun> running() {
        List<TaskRun> runs = new ArrayList<>();
        for (FrameworkRecord fw : ctx.frameworks.all()) {
            for (TaskRun run : fw.runs.values()) {
                if (run.process != null && !run.exited) {
                    runs.add(run);
                }
            }
        }
        return runs;
    }

    /** Custom executors in images whose process runs: their containers are the containerizer's too. */
    private List<ExecutorRun> executorsInImages() {
        List<ExecutorRun> out = new ArrayList<>();
        for (FrameworkRecord fw : ctx.frameworks.all()) {
            for (ExecutorRun x : fw.executors.values()) {
                if (x.process != null && !x.terminated() && ExecutorProcesses.inImage(x.info)) {
                    out.add(x);
                }
            }
        }
        return out;
    }

    private static List<ContainerState> states(List<TaskRun> runs) {
        return runs.stream().map(run -> new ContainerState(containerId(run), run.process.pid(), run.sandbox,
                Resources.of(run.info.getResourcesList()))).toList();
    }

    private static ContainerID containerId(TaskRun run) {
        return ContainerID.newBuilder().setValue(ContainerizerSlot.containerId(run.sandbox, run.group != null)).build();
    }
}
