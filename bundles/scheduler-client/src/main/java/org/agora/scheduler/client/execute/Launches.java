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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Environment;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.scheduler.client.CallRejectedException;
import org.agora.scheduler.client.SchedulerClient;

/**
 * The tasks of one {@code agora-execute} run: which instances wait for an offer, which were sent to a master and
 * what became of them. A task is launched at most once: an instance goes back to waiting only when a master said
 * for certain that it did not launch it (its ACCEPT was refused, or the task was dropped for offers a new leader
 * never made); a launch whose answer got lost in a failover stays launched and is reconciled. Actor thread only.
 */
final class Launches {

    /** Offers that are of no use once every task is launched: keep them away for long. */
    private static final Filters DONE_FILTERS = Filters.newBuilder().setRefuseSeconds(3600).build();
    private static final Filters LAUNCH_FILTERS = Filters.newBuilder().setRefuseSeconds(1).build();

    /** What a run offers its tasks. */
    interface Run {
        SchedulerClient client();

        /** How many SUBSCRIBED events the run has seen: a new one after each failover. */
        int epoch();

        /** True between SUBSCRIBED and the next disconnection. */
        boolean connected();

        boolean finishing();

        void finish(int code, String why);

        void warn(String call, Throwable failure);

        /** Runs {@code task} on the run's actor thread (answers to calls come on other threads). */
        void onActor(Runnable task);

        /** The launch of these tasks got no answer: find out from the master whether it took them. */
        void reconcile(List<String> taskIds);
    }

    /** A task sent to a master, and the last state printed for it. */
    private static final class Launched {
        final int instance;
        final String agentId;
        final int epoch;
        TaskState printed;

        Launched(int instance, String agentId, int epoch) {
            this.instance = instance;
            this.agentId = agentId;
            this.epoch = epoch;
        }
    }

    private final ExecuteOptions options;
    private final Run run;
    private final PrintStream out;
    private final OfferSlicer slicer;
    private final String runId;
    private final TreeSet<Integer> waiting = new TreeSet<>();
    private final Map<String, Launched> launched = new LinkedHashMap<>();
    private final Map<String, TaskStatus> ends = new LinkedHashMap<>();
    private final Map<String, String> hostnames = new HashMap<>();
    private final Set<String> smallAgents = new HashSet<>();
    private boolean suppressed;

    Launches(ExecuteOptions options, Run run, PrintStream out, String runId) {
        this.options = options;
        this.run = run;
        this.out = out;
        this.runId = runId;
        this.slicer = new OfferSlicer(options.cpus(), options.mem());
        for (int i = 0; i < options.instances(); i++) {
            waiting.add(i);
        }
    }

    /** Uses the offer for waiting tasks, or declines it. */
    void offer(Offer offer) {
        SchedulerClient client = run.client();
        hostnames.put(offer.getAgentId().getValue(), offer.getHostname());
        List<OfferID> ids = List.of(offer.getId());
        if (run.finishing() || waiting.isEmpty()) {
            client.decline(ids, DONE_FILTERS).exceptionally(e -> warn("DECLINE", e));
            return;
        }
        List<List<Resource>> pieces = slicer.slice(offer, waiting.size());
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
        int epoch = run.epoch();
        for (List<Resource> resources : pieces) {
            int instance = waiting.pollFirst();
            TaskInfo task = task(instance, offer, resources);
            tasks.add(task);
            launched.put(task.getTaskId().getValue(), new Launched(instance, offer.getAgentId().getValue(), epoch));
            out.println("task " + task.getTaskId().getValue() + " launching on agent "
                    + offer.getAgentId().getValue() + " (" + offer.getHostname() + ")");
        }
        String sentTo = client.master().orElse("");
        client.launch(ids, tasks, LAUNCH_FILTERS).whenComplete((ok, failure) -> {
            if (failure != null) {
                run.onActor(() -> launchFailed(tasks, offer, failure, epoch, sentTo));
            }
        });
        suppressWhenAllSent();
    }

    /**
     * An ACCEPT failed. Refused by the master that made the offer, on the stream that brought it: a real error,
     * the run ends. Refused anywhere else (a redirect to a new leader, a stream that ended meanwhile): the tasks
     * were not launched and wait for another offer. No answer at all: they may have been launched; reconciliation
     * after the re-subscription tells.
     */
    private void launchFailed(List<TaskInfo> tasks, Offer offer, Throwable failure, int epoch, String sentTo) {
        Throwable cause = Execution.cause(failure);
        if (!(cause instanceof CallRejectedException rejected)) {
            // no answer: launched or not, the master knows (reconciled now, or after the re-subscription)
            run.reconcile(tasks.stream().map(task -> task.getTaskId().getValue()).toList());
            return;
        }
        boolean sameStream = epoch == run.epoch() && run.connected() && rejected.master().equals(sentTo);
        if (sameStream && !rejected.isTransient()) {
            run.finish(1, "agora-execute: launching on agent " + offer.getAgentId().getValue() + " failed: "
                    + rejected.getMessage());
            return;
        }
        for (TaskInfo task : tasks) {
            relaunchLater(task.getTaskId().getValue(), rejected.getMessage());
        }
    }

    /** Handles an update: acknowledges it, prints a new state, records an end. */
    void update(TaskStatus status) {
        SchedulerClient client = run.client();
        client.acknowledge(status).exceptionally(e -> warn("ACKNOWLEDGE", e));
        String id = status.getTaskId().getValue();
        Launched task = launched.get(id);
        if (task == null || ends.containsKey(id)) {
            return; // not ours (an older run's), or a retried update after the end
        }
        if ((status.getState() == TaskState.TASK_DROPPED || status.getState() == TaskState.TASK_LOST)
                && status.getReason() == TaskStatus.Reason.REASON_INVALID_OFFERS && task.epoch != run.epoch()) {
            relaunchLater(id, status.getMessage()); // offers of the master before the failover: never launched
            return;
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
                run.finish(TaskReports.exitStatus(ends.values()), null);
            }
        }
    }

    /** After a re-subscription: the new master knows nothing of our suppression. */
    void resubscribed() {
        suppressed = false;
        suppressWhenAllSent();
    }

    /** The launched tasks that have not ended, with their agents: what to reconcile. */
    List<Call.Reconcile.Task> unsettled() {
        List<Call.Reconcile.Task> tasks = new ArrayList<>();
        launched.forEach((id, task) -> {
            if (!ends.containsKey(id)) {
                tasks.add(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue(id))
                        .setAgentId(AgentID.newBuilder().setValue(task.agentId)).build());
            }
        });
        return tasks;
    }

    /** True while {@code taskId} is launched and has not ended. */
    boolean isUnsettled(String taskId) {
        return launched.containsKey(taskId) && !ends.containsKey(taskId);
    }

    private void relaunchLater(String id, String why) {
        Launched task = launched.get(id);
        if (task == null || ends.containsKey(id) || task.printed != null) {
            return; // a task that something was heard of was launched
        }
        launched.remove(id);
        waiting.add(task.instance);
        out.println("task " + id + " was not launched (" + why.strip() + "); it waits for another offer");
        if (suppressed && run.connected()) {
            suppressed = false;
            run.client().revive(List.of(options.role())).exceptionally(e -> warn("REVIVE", e));
        }
    }

    private void suppressWhenAllSent() {
        if (waiting.isEmpty() && !suppressed && run.connected()) {
            suppressed = true; // every task is launched: no more offers, please
            run.client().suppress(List.of(options.role())).exceptionally(e -> warn("SUPPRESS", e));
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

    private Void warn(String call, Throwable failure) {
        run.warn(call, failure);
        return null;
    }
}
