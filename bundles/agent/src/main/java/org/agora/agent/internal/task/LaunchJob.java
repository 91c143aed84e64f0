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

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agora.agent.internal.checkpoint.PidRecorder;
import org.agora.agent.internal.fetcher.FetchException;
import org.agora.agent.internal.fetcher.Fetcher;
import org.agora.agent.internal.launcher.Account;
import org.agora.agent.internal.launcher.CommandLauncher;
import org.agora.agent.internal.launcher.ContainerizerSlot;
import org.agora.agent.internal.launcher.ExitWatcher;
import org.agora.agent.internal.launcher.LaunchException;
import org.agora.agent.internal.launcher.ProcessIdentity;
import org.agora.agent.internal.launcher.ProcessTree;
import org.agora.agent.internal.launcher.Sandbox;
import org.agora.agent.internal.launcher.SecretSlot;
import org.agora.agent.internal.launcher.UserAccounts;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerLimitation;
import org.agora.api.containerizer.Containerizer;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.ContainerStatus;

/**
 * Prepares and starts one task's command off the actor thread: looks up the user it runs as, creates the sandbox,
 * fetches the URIs, then starts the process (and checkpoints its identity, for a checkpointed task) and watches it
 * end. Reports each step to a {@link Listener}, in order; the listener hops onto the actor.
 */
final class LaunchJob implements Runnable {
    /**
     * How long a launch may take once the task's sandbox is ready: the containerizer's start (pulling the task's image
     * included, as Mesos's executor registration timeout does), and any wait for a containerizer while none is bound.
     */
    static final Duration LAUNCH_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Called on launcher threads (and, for {@link #exited}, the JDK's process reaper or the exit watcher), each at most
     * once, in order.
     */
    interface Listener {
        /** The sandbox is ready and the URIs fetched: the process starts now. */
        void starting();

        /** The process runs. */
        void started(ProcessHandle process);

        /** The process ran but had ended before its handle could be taken; {@link #exited} follows. */
        default void ranBriefly() {
        }

        /** An isolator ended the container for breaching a limit; {@link #exited} follows. */
        default void limited(ContainerLimitation limitation) {
        }

        /** The process ended with {@code exitValue}. */
        void exited(int exitValue);

        /** The launch failed, before or after {@link #starting}; nothing runs. */
        void failed(String message);

        /**
         * The task is to be isolated but no containerizer can launch it now (its bundle is being updated): run
         * {@code resume} on a launcher thread once one can, or call {@link #failed} instead. Only launches that isolate
         * ({@link Request#isolate}) wait.
         */
        default void awaitContainerizer(Runnable resume) {
            failed("no containerizer is available");
        }

        /** The container was started by {@code c}; called before {@link #started}. */
        default void launchedThrough(Containerizer c) {
        }

        /**
         * What the containerizer reports of the container that runs the process (its networks' IP addresses, say),
         * for the status updates from TASK_RUNNING on; called before {@link #started} when there is something to
         * report.
         */
        default void containerStatus(ContainerStatus status) {
        }
    }

    /**
     * @param runAs the user to switch to; empty runs as the agent's user
     * @param agentVariables the agent's MESOS_* variables for the task
     * @param checkpoint set for a process that must outlive the agent: it runs under the exit-status wrapper, and its
     *     identity is checkpointed before {@link Listener#started} is called
     * @param nested the sandbox lies in an executor's sandbox (a default executor's task): no {@code latest} link
     * @param isolate the resources to hold the process to, through the containerizer when one is installed; empty
     *     runs a plain process
     * @param container the task's {@code ContainerInfo}; one of type MESOS with an image runs in that image, through
     *     the containerizer (which provisions it), and fails to launch where there is no containerizer
     */
    record Request(CommandInfo command, Path sandbox, Optional<String> runAs, Map<String, String> agentVariables,
            Optional<PidRecorder> checkpoint, boolean nested, Optional<Resources> isolate,
            Optional<ContainerInfo> container) {

        /** The task names an image: it runs in that image's root file system. */
        boolean inImage() {
            return container.filter(c -> c.getType() == ContainerInfo.Type.MESOS && c.getMesos().hasImage())
                    .isPresent();
        }

        /** The CNI networks the task names ({@code NetworkInfo.name}); the network/cni isolator joins them. */
        List<String> networkNames() {
            return container.map(ContainerInfo::getNetworkInfosList).orElse(List.of()).stream()
                    .map(n -> n.getName()).filter(n -> !n.isEmpty()).toList();
        }

        String imageName() {
            return container.map(c -> c.getMesos().getImage()).map(i -> i.hasDocker() ? i.getDocker().getName()
                    : i.getType().name()).orElse("");
        }
    }

    private final Request request;
    private final UserAccounts accounts;
    private final Fetcher fetcher;
    private final ExitWatcher exitWatcher;
    private final Listener listener;
    private final ContainerizerSlot containerizer;
    private final SecretSlot secrets;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    LaunchJob(Request request, UserAccounts accounts, Fetcher fetcher, ExitWatcher exitWatcher,
            ContainerizerSlot containerizer, SecretSlot secrets, Listener listener) {
        this.request = request;
        this.secrets = secrets;
        this.containerizer = containerizer;
        this.accounts = accounts;
        this.fetcher = fetcher;
        this.exitWatcher = exitWatcher;
        this.listener = listener;
    }

    /** The task was killed before its process started: do not start it (a process already started is the caller's). */
    void cancel() {
        cancelled.set(true);
    }

    @Override
    public void run() {
        if (cancelled.get()) {
            listener.failed("cancelled before the launch began");
            return;
        }
        Optional<Account> account;
        List<String> argv;
        List<String> wrapped;
        Map<String, String> env;
        boolean inImage = request.inImage();
        try {
            account = request.runAs().isPresent() ? Optional.of(accounts.lookup(request.runAs().get()))
                    : Optional.empty();
            // a task in an image gets its command from the containerizer, which runs it inside the image's root
            argv = inImage ? List.of() : CommandLauncher.argv(request.command(), account);
            // a checkpointed task run as a plain process runs under the agent's exit-status wrapper: it outlives the
            // agent, and the next one reads how it ended (a containerizer wraps what it runs itself)
            wrapped = inImage || request.checkpoint().isEmpty() ? argv : CommandLauncher.argv(request.command(),
                    account, Optional.of(Sandbox.exitStatusFile(request.sandbox())));
            // resolved here, on a launcher thread: the values go into the process's environment and nowhere else
            Map<String, String> secretValues = secrets.resolve(request.command());
            env = inImage ? CommandLauncher.imageEnvironment(request.agentVariables(), request.command(), secretValues)
                    : CommandLauncher.environment(request.agentVariables(), request.command(), secretValues);
            Sandbox.create(request.sandbox(), account, request.checkpoint().isPresent()
                    || request.isolate().isPresent(), !request.nested());
            if (request.command().getUrisCount() > 0) {
                fetcher.fetch(request.command().getUrisList(), request.sandbox());
                if (account.isPresent()) {
                    Sandbox.chownTree(request.sandbox(), account.get());
                }
            }
        } catch (LaunchException | FetchException e) {
            listener.failed(e.getMessage());
            return;
        } catch (RuntimeException e) {
            listener.failed(e.toString());
            return;
        }
        start(argv, wrapped, env);
    }

    /**
     * Starts the prepared command: through the current containerizer when the task is isolated and there is one, as a
     * plain process when there is none and none is needed, or later (the listener queues it) while one is awaited.
     */
    private void start(List<String> argv, List<String> wrapped, Map<String, String> env) {
        if (cancelled.get()) {
            listener.failed("cancelled before the process started");
            return;
        }
        Optional<Containerizer> c = request.isolate().flatMap(r -> containerizer.current());
        if (request.isolate().isPresent() && c.isEmpty() && containerizer.mustWait()) {
            listener.awaitContainerizer(() -> start(argv, wrapped, env));
            return;
        }
        if (request.inImage() && c.isEmpty()) {
            listener.failed("the image '" + request.imageName() + "' needs the native containerizer (feature "
                    + "agora-containerizer-native), which is not installed on this agent");
            return;
        }
        if (!request.networkNames().isEmpty() && c.isEmpty()) {
            listener.failed("the task's CNI networks " + request.networkNames() + " need the native containerizer "
                    + "(feature agora-containerizer-native) with the network/cni isolator, and no containerizer is "
                    + "installed on this agent");
            return;
        }
        if (c.isEmpty()) {
            try {
                // the containerizer makes secret volumes; never run without the file the task expects
                SecretSlot.refuseSecretVolumes(request.container());
            } catch (LaunchException e) {
                listener.failed(e.getMessage());
                return;
            }
        }
        listener.starting();
        if (c.isPresent()) {
            runContained(c.get(), argv, wrapped, env);
            return;
        }
        Process process;
        try {
            process = CommandLauncher.start(wrapped, env, request.sandbox());
        } catch (LaunchException e) {
            listener.failed(e.getMessage());
            return;
        }
        if (request.checkpoint().isEmpty()) {
            listener.started(process.toHandle());
            process.onExit().thenAccept(p -> listener.exited(p.exitValue()));
            return;
        }
        Optional<ProcessIdentity> identity = ProcessIdentity.of(process.pid());
        if (identity.isPresent() && !checkpointPid(process, identity.get(), request.checkpoint().get())) {
            return;
        }
        listener.started(process.toHandle());
        // not process.onExit(): a callback there would pin this bundle's class loader for as long as the task runs,
        // through any number of agent bundle updates; the watcher drops its callbacks when the agent stops
        if (identity.isPresent()) {
            exitWatcher.watch(identity.get(), () -> listener.exited(exitValue(process)));
        } else {
            listener.exited(exitValue(process)); // ended and reaped already
        }
    }

    /**
     * The same process, started by the containerizer inside the isolators' cgroups and namespaces; it reports the end,
     * and any limit that ended it. Nothing waits here: the launcher thread is free for the next task at once, and the
     * rest runs when the containerizer has started the container.
     */
    private void runContained(Containerizer c, List<String> argv, List<String> wrapped, Map<String, String> env) {
        ContainerID id = ContainerID.newBuilder().setValue(ContainerizerSlot.containerId(request.sandbox(),
                request.nested())).build();
        // a task in an image: the containerizer gets the task's own command and user and builds the argv that runs
        // it inside the image. Every container's launcher records the exit status (outside its namespaces, so the
        // task stays pid 1 of a pid namespace): a restarted agent, or a new instance of the containerizer that
        // adopted the container after an update of its bundle, learns how it ended without being its parent
        Optional<Path> exitStatus = Optional.of(Sandbox.exitStatusFile(request.sandbox()));
        ContainerConfig config = request.inImage()
                ? new ContainerConfig(id, request.command(), request.isolate().get(), request.sandbox(),
                        request.runAs(), request.container(), env, exitStatus)
                : new ContainerConfig(id, CommandInfo.newBuilder().setShell(false).setValue(argv.get(0))
                        .addAllArguments(argv).build(), request.isolate().get(), request.sandbox(), Optional.empty(),
                        request.container(), env, exitStatus); // its network_infos name the CNI networks to join
        CompletableFuture<Long> launched;
        try {
            launched = c.launch(config).toCompletableFuture();
        } catch (RuntimeException e) {
            launched = CompletableFuture.failedFuture(e); // an instance that stops refuses work at once
        }
        launched.orTimeout(LAUNCH_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .whenComplete((pid, e) -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof TimeoutException) {
                        c.destroy(id);
                        listener.failed("the containerizer did not start container " + id.getValue()
                                + " within " + LAUNCH_TIMEOUT.toSeconds() + " s");
                    } else if (cause != null && containerizer.current().orElse(null) != c) {
                        // its bundle was updated or stopped under the launch: the next instance launches it
                        listener.awaitContainerizer(() -> start(argv, wrapped, env));
                    } else if (cause != null) {
                        listener.failed(cause.getMessage() != null ? cause.getMessage() : cause.toString());
                    } else {
                        contained(c, id, pid);
                    }
                });
    }

    /** The container runs as {@code pid}: checkpoint it if asked, report it, and report its end. */
    private void contained(Containerizer c, ContainerID id, long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (request.checkpoint().isPresent()) {
            Optional<ProcessIdentity> identity = ProcessIdentity.of(pid);
            try {
                if (identity.isPresent()) {
                    request.checkpoint().get().writeForkedPid(identity.get());
                }
            } catch (IOException e) {
                c.destroy(id);
                listener.failed("cannot checkpoint the pid of the task's process: " + e);
                return;
            }
        }
        listener.launchedThrough(c);
        if (request.networkNames().isEmpty()) {
            // no network of its own, so nothing for TASK_RUNNING's container_status: asking would queue the start
            // behind the container's isolate() on its strand (about 10 ms per lone task with cgroups)
            started(c, id, process);
            return;
        }
        // its status (networks and their addresses) goes with TASK_RUNNING: asked before the start is told
        CompletableFuture<ContainerStatus> status;
        try {
            status = c.status(id).toCompletableFuture();
        } catch (RuntimeException e) {
            status = CompletableFuture.failedFuture(e); // an instance that stops refuses work at once
        }
        status.orTimeout(LAUNCH_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .whenComplete((s, e) -> {
                    if (s != null && s.getNetworkInfosCount() > 0) {
                        listener.containerStatus(s);
                    }
                    started(c, id, process);
                });
    }

    private void started(Containerizer c, ContainerID id, Optional<ProcessHandle> process) {
        if (process.isPresent()) {
            listener.started(process.get());
        } else {
            listener.ranBriefly(); // it ran and already ended: its end follows
        }
        c.wait(id).whenComplete((t, e) -> {
            if (t != null) {
                t.limitation().ifPresent(listener::limited);
            }
            listener.exited(t == null ? 255 : exitValue(t.status()).orElseGet(() ->
                    Sandbox.readExitStatus(request.sandbox()).orElse(255)));
        });
    }

    /** A wait status as Java's Process.exitValue() tells it: the exit code, or 128 + the signal that ended it. */
    static Optional<Integer> exitValue(java.util.OptionalInt status) {
        if (status.isEmpty()) {
            return Optional.empty();
        }
        int s = status.getAsInt();
        return Optional.of((s & 0x7f) == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f));
    }

    /** The exit value of a process that ended, once the JDK has reaped it; the wrapper's record if it takes long. */
    private int exitValue(Process process) {
        try {
            if (process.waitFor(5, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Sandbox.readExitStatus(request.sandbox()).orElse(255);
    }

    /**
     * Records the process's identity so that a restarted agent finds it; a process the agent could not record is
     * killed (nothing could recover it) and the launch fails.
     */
    private boolean checkpointPid(Process process, ProcessIdentity identity, PidRecorder checkpoint) {
        try {
            checkpoint.writeForkedPid(identity);
            return true;
        } catch (IOException e) {
            ProcessTree.kill(process.toHandle(), List.of());
            listener.failed("cannot checkpoint the pid of the task's process: " + e);
            return false;
        }
    }
}
