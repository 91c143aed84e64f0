package org.agora.scheduler.client.execute;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Environment;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.ContentType;
import org.agora.scheduler.client.Disconnect;
import org.agora.scheduler.client.EventHandler;
import org.agora.scheduler.client.SchedulerClient;

/**
 * One run of {@code agora-execute}: a framework that launches the tasks, follows them to their ends and tears
 * itself down. All state belongs to one thread ({@code actor}), which is also the client's callback executor.
 */
final class Execution implements EventHandler {

    /** Exit status after Ctrl-C, as shells report SIGINT. */
    static final int INTERRUPTED = 130;

    private static final Duration CALL_WAIT = Duration.ofSeconds(5);
    /** Offers that are of no use once every task is launched: keep them away for long. */
    private static final Filters DONE_FILTERS = Filters.newBuilder().setRefuseSeconds(3600).build();
    private static final Filters LAUNCH_FILTERS = Filters.newBuilder().setRefuseSeconds(1).build();

    private final ExecuteOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final Duration requestTimeout;
    private final ExecutorService actor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "agora-execute");
        thread.setDaemon(true);
        return thread;
    });
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final OfferSlicer slicer;
    private final String runId = UUID.randomUUID().toString();

    // actor thread only
    private SchedulerClient client;
    private int nextInstance;
    private boolean subscribed;
    private boolean finishing;
    private boolean suppressed;
    private boolean connectionLost;
    private final Map<String, Launched> launched = new LinkedHashMap<>();
    private final Map<String, TaskStatus> ends = new LinkedHashMap<>();
    private final Map<String, String> hostnames = new HashMap<>();
    private final Set<String> smallAgents = new HashSet<>();

    /** A task sent to an agent, and the last state printed for it. */
    private static final class Launched {
        final String agentId;
        TaskState printed;

        Launched(String agentId) {
            this.agentId = agentId;
        }
    }

    Execution(ExecuteOptions options, PrintStream out, PrintStream err, Duration requestTimeout) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.requestTimeout = requestTimeout;
        this.slicer = new OfferSlicer(options.cpus(), options.mem());
    }

    /** Subscribes and runs until every task ended, something failed, or {@link #interrupt()}; the exit status. */
    int run() {
        try {
            client = SchedulerClient.builder(options.master())
                    .handler(this)
                    .callbackExecutor(actor)
                    .contentType(options.json() ? ContentType.JSON : ContentType.PROTOBUF)
                    .requestTimeout(requestTimeout)
                    .build();
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            err.println("agora-execute: " + e.getMessage());
            return 1;
        }
        try {
            client.subscribe(frameworkInfo()).whenComplete((ok, failure) -> {
                if (failure != null) {
                    actor.execute(() -> finish(1, "agora-execute: " + message(failure)));
                }
            });
            return exit.join();
        } finally {
            client.close();
            actor.shutdown();
        }
    }

    /**
     * Ctrl-C: kills the launched tasks that have not ended, tears the framework down, and waits a little for that
     * to be sent. Safe to call from any thread, also before {@link #run()} subscribed.
     */
    void interrupt() {
        if (exit.isDone()) {
            return;
        }
        try {
            actor.execute(this::killAll);
            exit.get(2 * CALL_WAIT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException | TimeoutException | InterruptedException
                | java.util.concurrent.ExecutionException e) {
            // exiting anyway
        }
    }

    // ---- actor thread from here on ----

    private void killAll() {
        if (finishing) {
            return;
        }
        if (!subscribed) {
            finish(INTERRUPTED, "agora-execute: interrupted");
            return;
        }
        List<String> running = launched.keySet().stream().filter(id -> !ends.containsKey(id)).toList();
        err.println("agora-execute: interrupted; killing " + running.size() + " task(s) and tearing down");
        CompletableFuture<?>[] kills = running.stream()
                .map(id -> client.kill(TaskID.newBuilder().setValue(id).build(),
                        org.agora.api.v1.Protos.AgentID.newBuilder().setValue(launched.get(id).agentId).build())
                        .exceptionally(e -> {
                            err.println("agora-execute: KILL " + id + ": " + message(e));
                            return null;
                        }))
                .toArray(CompletableFuture<?>[]::new);
        CompletableFuture.allOf(kills).completeOnTimeout(null, CALL_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> actor.execute(() -> finish(INTERRUPTED, null)));
    }

    @Override
    public void event(Event event) {
        switch (event.getType()) {
            case SUBSCRIBED -> {
                subscribed = true;
                out.println("framework " + event.getSubscribed().getFrameworkId().getValue() + " subscribed to master "
                        + client.master().orElse(options.master()) + "; waiting for offers of cpus "
                        + options.cpus() + ", mem " + options.mem() + " for " + options.instances() + " task(s)");
            }
            case OFFERS -> event.getOffers().getOffersList().forEach(this::offer);
            case UPDATE -> update(event.getUpdate().getStatus());
            case ERROR -> finish(1, "agora-execute: the master refused the framework: " + event.getError().getMessage());
            case FAILURE -> {
                Event.Failure failure = event.getFailure();
                err.println("agora-execute: agent " + failure.getAgentId().getValue() + " reports "
                        + (failure.hasExecutorId() ? "executor " + failure.getExecutorId().getValue() + " ended"
                        + (failure.hasStatus() ? " with status " + failure.getStatus() : "") : "a failure"));
            }
            default -> {
                // HEARTBEAT, RESCIND (offers are used or declined at once), MESSAGE, ...
            }
        }
    }

    @Override
    public void disconnected(Disconnect disconnect) {
        if (!finishing) {
            connectionLost = true;
        }
        finish(1, "agora-execute: lost the connection to master " + disconnect.master() + ": "
                + disconnect.message());
    }

    private void offer(Offer offer) {
        hostnames.put(offer.getAgentId().getValue(), offer.getHostname());
        int pending = options.instances() - nextInstance;
        List<OfferID> ids = List.of(offer.getId());
        if (finishing || pending == 0) {
            client.decline(ids, DONE_FILTERS).exceptionally(e -> warn("DECLINE", e));
            return;
        }
        List<List<Resource>> pieces = slicer.slice(offer, pending);
        if (pieces.isEmpty()) {
            if (smallAgents.add(offer.getAgentId().getValue())) {
                out.println("offer from agent " + offer.getAgentId().getValue() + " (" + offer.getHostname()
                        + ") too small: cpus " + OfferSlicer.total(offer, OfferSlicer.CPUS) + ", mem "
                        + OfferSlicer.total(offer, OfferSlicer.MEM) + "; a task needs cpus " + options.cpus()
                        + ", mem " + options.mem());
            }
            client.decline(ids, null).exceptionally(e -> warn("DECLINE", e));
            return;
        }
        List<TaskInfo> tasks = new ArrayList<>();
        for (List<Resource> resources : pieces) {
            TaskInfo task = task(nextInstance++, offer, resources);
            tasks.add(task);
            launched.put(task.getTaskId().getValue(), new Launched(offer.getAgentId().getValue()));
            out.println("task " + task.getTaskId().getValue() + " launching on agent "
                    + offer.getAgentId().getValue() + " (" + offer.getHostname() + ")");
        }
        client.launch(ids, tasks, LAUNCH_FILTERS).whenComplete((ok, failure) -> {
            if (failure != null) {
                actor.execute(() -> finish(1, "agora-execute: launching on agent " + offer.getAgentId().getValue()
                        + " failed: " + message(failure)));
            }
        });
        if (nextInstance == options.instances() && !suppressed) {
            suppressed = true; // every task is launched: no more offers, please
            client.suppress(List.of(options.role())).exceptionally(e -> warn("SUPPRESS", e));
        }
    }

    private void update(TaskStatus status) {
        client.acknowledge(status).exceptionally(e -> warn("ACKNOWLEDGE", e));
        String id = status.getTaskId().getValue();
        Launched task = launched.get(id);
        if (task == null || ends.containsKey(id)) {
            return; // not ours (an older run's), or a retried update after the end
        }
        if (task.printed != status.getState()) {
            task.printed = status.getState();
            String agent = status.hasAgentId() ? status.getAgentId().getValue() : task.agentId;
            out.println(TaskReports.line(status, agent, hostnames.getOrDefault(agent, "")));
        }
        if (TaskReports.TERMINAL.contains(status.getState())) {
            ends.put(id, status);
            if (ends.size() == options.instances()) {
                if (options.instances() > 1) {
                    out.println(TaskReports.summary(ends.values()));
                }
                finish(TaskReports.exitStatus(ends.values()), null);
            }
        }
    }

    private TaskInfo task(int instance, Offer offer, List<Resource> resources) {
        CommandInfo.Builder command = CommandInfo.newBuilder().setShell(options.shell());
        if (options.shell()) {
            command.setValue(options.command());
        } else {
            List<String> argv = options.argv();
            command.setValue(argv.get(0)).addAllArguments(argv);
        }
        if (!options.env().isEmpty()) {
            Environment.Builder env = Environment.newBuilder();
            options.env().forEach((k, v) -> env.addVariables(Environment.Variable.newBuilder().setName(k).setValue(v)));
            command.setEnvironment(env);
        }
        return TaskInfo.newBuilder()
                .setName(options.instances() == 1 ? options.name() : options.name() + "-" + instance)
                .setTaskId(TaskID.newBuilder().setValue("agora-execute-" + runId + "-" + instance))
                .setAgentId(offer.getAgentId())
                .addAllResources(resources)
                .setCommand(command)
                .build();
    }

    private FrameworkInfo frameworkInfo() {
        return FrameworkInfo.newBuilder()
                .setUser(options.user())
                .setName(options.frameworkName())
                .addRoles(options.role())
                .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.MULTI_ROLE))
                .setFailoverTimeout(0)
                .setCheckpoint(false)
                .build();
    }

    /** Ends the run once: prints {@code why} (if any), tears the framework down, then completes the exit status. */
    private void finish(int code, String why) {
        if (finishing) {
            return;
        }
        finishing = true;
        if (why != null) {
            err.println(why);
        }
        if (!subscribed) {
            exit.complete(code);
            return;
        }
        client.teardown()
                .orTimeout(CALL_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, failure) -> {
                    if (failure != null && !connectionLost) {
                        err.println("agora-execute: TEARDOWN: " + message(failure));
                    }
                    exit.complete(code);
                });
    }

    private Void warn(String call, Throwable failure) {
        if (!finishing) {
            err.println("agora-execute: " + call + ": " + message(failure));
        }
        return null;
    }

    private static String message(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return "no answer within " + CALL_WAIT.toSeconds() + " s";
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
