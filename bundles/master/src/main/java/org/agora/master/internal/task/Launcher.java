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
package org.agora.master.internal.task;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.agora.api.hook.MasterHook;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.master.internal.agent.AgentLinks;
import org.agora.master.internal.allocation.AllocatorHost;
import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.offer.OfferManager;
import org.agora.master.internal.role.Reservations;
import org.agora.master.internal.role.RoleCalls;
import org.agora.master.internal.security.Caller;
import org.agora.master.internal.security.Permissions;
import org.agora.api.security.Action;
import org.agora.api.security.Principal;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.framework.Statuses;
import org.agora.master.internal.framework.TaskRecord;
import org.agora.master.internal.offer.OfferManager.OfferRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ACCEPT and DECLINE: checks the offers and every task as Mesos does, sends valid tasks to their agent, reports
 * invalid ones (TASK_ERROR, or TASK_DROPPED / TASK_LOST when the offers are not valid), and gives unused resources
 * back to the allocator with the framework's filter. A task with a custom executor starts that executor on the agent
 * unless the framework runs it there already; LAUNCH_GROUP goes to {@link GroupLauncher}. Actor thread only.
 */
public final class Launcher {
    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
    private static final double DEFAULT_REFUSE_SECONDS = 5.0;

    private final OfferManager offers;
    private final FrameworkManager frameworks;
    private final AgentLinks agents;
    private final TaskManager tasks;
    private final AllocatorHost allocation;
    private final List<MasterHook> hooks;
    private final ReservationOperations reservations;
    private final RoleCalls roles;
    private final Permissions permissions;
    private final Executor actor;
    private final GroupLauncher groups;

    /**
     * @param hooks the live, thread-safe list of installed master hooks, run on every task in order
     */
    public Launcher(OfferManager offers, FrameworkManager frameworks, AgentLinks agents, TaskManager tasks,
            AllocatorHost allocation, List<MasterHook> hooks, Reservations reservations, RoleCalls roles,
            Permissions permissions, Executor actor) {
        this.offers = offers;
        this.frameworks = frameworks;
        this.agents = agents;
        this.tasks = tasks;
        this.allocation = allocation;
        this.hooks = hooks;
        this.permissions = permissions;
        this.reservations = new ReservationOperations(reservations, roles, permissions);
        this.roles = roles;
        this.actor = actor;
        this.groups = new GroupLauncher(this, agents, tasks);
    }

    public void decline(FrameworkRecord f, Call.Decline decline) {
        double refuse = decline.hasFilters() ? decline.getFilters().getRefuseSeconds() : DEFAULT_REFUSE_SECONDS;
        for (var id : decline.getOfferIdsList()) {
            Optional<OfferRecord> offer = offers.get(id.getValue())
                    .filter(o -> o.frameworkId().equals(f.id()));
            offer.ifPresent(o -> {
                offers.remove(o.id());
                f.offers().remove(o.id());
                allocation.recoverResources(f.id(), o.agentId(), o.resources(), refuse);
            });
        }
    }

    public void accept(FrameworkRecord f, Call.Accept accept) {
        double refuse = accept.hasFilters() ? accept.getFilters().getRefuseSeconds() : DEFAULT_REFUSE_SECONDS;
        List<OfferRecord> used = new ArrayList<>();
        String invalid = null;
        Set<String> seen = new HashSet<>();
        for (var id : accept.getOfferIdsList()) {
            Optional<OfferRecord> o = offers.get(id.getValue());
            if (!seen.add(id.getValue())) {
                invalid = "Offer " + id.getValue() + " is listed twice";
            } else if (o.isEmpty()) {
                invalid = "Offer " + id.getValue() + " is no longer valid";
            } else if (!o.get().frameworkId().equals(f.id())) {
                invalid = "Offer " + id.getValue() + " belongs to another framework";
            } else if (!used.isEmpty() && !used.get(0).agentId().equals(o.get().agentId())) {
                invalid = "Aggregated offers must belong to the same agent";
            } else {
                used.add(o.get());
            }
        }
        if (accept.getOfferIdsCount() == 0) {
            invalid = "No offers given";
        }
        // every offer named is used up, valid or not, as in Mesos
        Resources available = Resources.empty();
        for (OfferRecord o : used) {
            offers.remove(o.id());
            f.offers().remove(o.id());
            available = available.plus(o.resources());
        }
        if (invalid != null) {
            LOG.warn("Framework {}: ACCEPT refused: {}", f.idValue(), invalid);
            for (var op : accept.getOperationsList()) {
                for (TaskInfo t : tasksOf(op)) {
                    tasks.refuse(f, Statuses.master(t.getTaskId(), t.getAgentId(),
                            TaskState.TASK_DROPPED, TaskStatus.Reason.REASON_INVALID_OFFERS, invalid));
                }
            }
            if (!used.isEmpty()) {
                allocation.recoverResources(f.id(), used.get(0).agentId(), available, refuse);
            }
            return;
        }
        Offer offer = used.get(0).offer();
        Resources offered = available;
        boolean reserves = accept.getOperationsList().stream().anyMatch(ReservationOperations::isReservation);
        if (!reserves) {
            run(f, offer, accept.getOperationsList(), offered, refuse, List.of());
            return;
        }
        // registry first: plan the reservations against the reservations the previous change left, persist the
        // agent's reservations as this ACCEPT leaves them, and only then apply every operation in order
        roles.serially(() -> {
            ReservationOperations.Plan plan = reservations.plan(f, offer, accept.getOperationsList(), offered);
            if (plan.changes().isEmpty()) {
                run(f, offer, accept.getOperationsList(), offered, refuse, plan.changes());
                return CompletableFuture.completedFuture(null);
            }
            return roles.persistReservations(offer.getAgentId(), plan.reserved()).handleAsync((v, e) -> {
                if (e != null) {
                    LOG.error("Framework {}: RESERVE/UNRESERVE on agent {} dropped: the registry write failed: {}",
                            f.idValue(), offer.getAgentId().getValue(), e.getMessage());
                }
                run(f, offer, accept.getOperationsList(), offered, refuse, e == null ? plan.changes() : List.of());
                return null;
            }, actor);
        });
    }

    /**
     * Applies the operations in order, each to what the ones before left (a RESERVE then a LAUNCH on it), and gives
     * the rest back to the allocator. {@code planned} are the reservation changes already persisted, one per
     * reservation operation that is to apply (empty: none applies).
     */
    private void run(FrameworkRecord f, Offer offer, List<Offer.Operation> operations, Resources offered,
            double refuse, List<ReservationOperations.Change> planned) {
        Resources available = offered;
        if (frameworks.get(f.idValue()).orElse(null) != f) {
            // torn down while its reservations were being persisted: nothing of this ACCEPT happens
            allocation.recoverResources(f.id(), offer.getAgentId(), available, 0);
            return;
        }
        Set<String> idsInThisAccept = new HashSet<>();
        List<Outgoing> outgoing = new ArrayList<>();
        int reservation = 0;
        for (var op : operations) {
            if (op.getType() != Offer.Operation.Type.LAUNCH) {
                send(f, offer, outgoing); // what came before reaches the agent before what follows
            }
            switch (op.getType()) {
                case LAUNCH -> {
                    for (TaskInfo t : op.getLaunch().getTaskInfosList()) {
                        Optional<Resources> used = launch(f, offer, t, available, idsInThisAccept, outgoing);
                        if (used.isPresent()) {
                            available = available.minus(used.get());
                        }
                    }
                }
                case LAUNCH_GROUP -> {
                    Optional<Resources> used = groups.launch(f, offer, op.getLaunchGroup(), available,
                            idsInThisAccept);
                    if (used.isPresent()) {
                        available = available.minus(used.get());
                    }
                }
                case RESERVE, UNRESERVE -> {
                    int index = reservation++;
                    Optional<ReservationOperations.Change> change = planned.stream()
                            .filter(c -> c.operationIndex() == index).findFirst();
                    if (change.isPresent()) {
                        available = reservations.apply(f, offer, change.get(), available);
                    }
                }
                default -> LOG.warn("Framework {}: offer operation {} ignored", f.idValue(), op.getType());
            }
        }
        send(f, offer, outgoing);
        allocation.recoverResources(f.id(), offer.getAgentId(), available, refuse);
    }

    /** A task accepted and recorded, to be sent to its agent. */
    private record Outgoing(TaskInfo info, TaskRecord record) {
    }

    /**
     * Sends the accepted tasks to their agent in one message (no round trip per task; the agent launches them without
     * waiting for each other), or reports them lost when the agent is not connected.
     */
    private void send(FrameworkRecord f, Offer offer, List<Outgoing> outgoing) {
        if (outgoing.isEmpty()) {
            return;
        }
        if (!agents.sendTasks(offer.getAgentId(), f.info(), outgoing.stream().map(Outgoing::info).toList())) {
            outgoing.forEach(o -> lost(f, o.record()));
        }
        outgoing.clear();
    }

    /** Launches one task from {@code available}; the resources it took, or empty when it was refused. */
    private Optional<Resources> launch(FrameworkRecord f, Offer offer, TaskInfo task, Resources available,
            Set<String> idsInThisAccept, List<Outgoing> outgoing) {
        String role = offer.getAllocationInfo().getRole();
        TaskInfo t = withAllocationRole(task, role);
        if (t.hasExecutor()) {
            t = t.toBuilder().setExecutor(ExecutorChecks.complete(t.getExecutor(), f.id(), role)).build();
        }
        Optional<String> error = TaskChecks.validate(f, offer.getAgentId(), t, idsInThisAccept);
        // summed only once every resource is known to be well formed (NaN, infinite or negative amounts are errors)
        Resources needed = error.isEmpty() ? Resources.of(t.getResourcesList()) : Resources.empty();
        if (error.isEmpty() && t.hasExecutor() == t.hasCommand()) {
            error = Optional.of("Task should have at least one (but not both) of CommandInfo or ExecutorInfo present");
        }
        boolean newExecutor = false;
        if (error.isEmpty() && t.hasExecutor()) {
            // an executor's resources count against the offer once: when it first starts on the agent
            ExecutorInfo executor = t.getExecutor();
            Optional<ExecutorInfo> existing = f.executor(offer.getAgentId(), executor.getExecutorId());
            error = ExecutorChecks.validate(executor, f.id(), existing).or(() -> ExecutorChecks.forTask(executor));
            newExecutor = existing.isEmpty();
            if (newExecutor && error.isEmpty()) {
                needed = needed.plus(Resources.of(executor.getResourcesList()));
            }
        }
        if (error.isEmpty() && !available.contains(needed)) {
            error = Optional.of("Total resources " + needed + " required by task and its executor is more than "
                    + "available " + available);
        }
        if (error.isEmpty()) {
            error = runAsAllowed(f, t);
        }
        if (error.isEmpty()) {
            HookResult hooked = runHooks(f, t);
            error = hooked.error();
            t = hooked.task();
        }
        if (error.isPresent()) {
            LOG.info("Framework {}: task {} refused: {}", f.idValue(), t.getTaskId().getValue(), error.get());
            tasks.refuse(f, Statuses.master(t.getTaskId(), offer.getAgentId(), TaskState.TASK_ERROR,
                    TaskStatus.Reason.REASON_TASK_INVALID, error.get()));
            return Optional.empty();
        }
        if (newExecutor) {
            f.addExecutor(offer.getAgentId(), t.getExecutor());
        }
        ExecutorID executorId = t.hasExecutor() ? t.getExecutor().getExecutorId()
                : ExecutorID.newBuilder().setValue(t.getTaskId().getValue()).build();
        outgoing.add(new Outgoing(t, record(f, offer.getAgentId(), t, executorId, idsInThisAccept)));
        return Optional.of(needed);
    }

    /**
     * Whether the framework's principal may run the task (and its executor) as the user it would run as (RUN_TASK);
     * the error when not.
     */
    Optional<String> runAsAllowed(FrameworkRecord f, TaskInfo t) {
        Caller subject = f.info().getPrincipal().isEmpty() ? Caller.ANONYMOUS
                : Caller.of(new Principal(f.info().getPrincipal()));
        String user = userOf(f, t);
        if (!permissions.allows(subject, Action.RUN_TASK, user)) {
            return Optional.of("Not authorized to run tasks as user '" + user + "' (principal '"
                    + subject.describe() + "')");
        }
        return Optional.empty();
    }

    /** What the master hooks made of a task: refused (error set) or decorated. */
    record HookResult(TaskInfo task, Optional<String> error) {
    }

    HookResult runHooks(FrameworkRecord f, TaskInfo task) {
        TaskInfo t = task;
        for (MasterHook hook : hooks) {
            try {
                Optional<String> error = hook.validateTask(f.info(), t);
                if (error.isPresent()) {
                    return new HookResult(t, error);
                }
                TaskInfo decorated = hook.decorateTask(f.info(), t);
                // as Mesos's masterLaunchTaskLabelDecorator: a hook changes the labels, nothing else (the
                // resources were allocated and validated already)
                if (decorated != null && decorated != t) {
                    t = decorated.hasLabels() ? t.toBuilder().setLabels(decorated.getLabels()).build()
                            : t.toBuilder().clearLabels().build();
                }
            } catch (RuntimeException e) {
                LOG.warn("Master hook {} failed on task {} of framework {}; skipped: {}", hook.getClass().getName(),
                        t.getTaskId().getValue(), f.id().getValue(), e.toString());
            }
        }
        return new HookResult(t, Optional.empty());
    }

    /** Starts tracking a task the agent is about to be told to run. */
    TaskRecord record(FrameworkRecord f, AgentID agentId, TaskInfo t, ExecutorID executorId,
            Set<String> idsInThisAccept) {
        idsInThisAccept.add(t.getTaskId().getValue());
        Task record = Task.newBuilder().setName(t.getName()).setTaskId(t.getTaskId()).setFrameworkId(f.id())
                .setAgentId(agentId).setState(TaskState.TASK_STAGING).addAllResources(t.getResourcesList())
                .setExecutorId(executorId).setLabels(t.getLabels()).setUser(userOf(f, t)).build();
        TaskRecord tr = new TaskRecord(record);
        f.putTask(tr);
        tasks.added(f, tr);
        return tr;
    }

    /** The user a task runs as: its command's, else its executor's command's, else its framework's (as Mesos). */
    static String userOf(FrameworkRecord f, TaskInfo t) {
        if (t.hasCommand() && t.getCommand().hasUser()) {
            return t.getCommand().getUser();
        }
        if (t.hasExecutor() && t.getExecutor().getCommand().hasUser()) {
            return t.getExecutor().getCommand().getUser();
        }
        return f.info().getUser();
    }

    /** The agent could not be told: the task is lost. */
    void lost(FrameworkRecord f, TaskRecord tr) {
        tasks.update(f, tr, Statuses.master(tr.task().getTaskId(), tr.agentId(), TaskState.TASK_LOST,
                TaskStatus.Reason.REASON_AGENT_DISCONNECTED, "Agent " + tr.agentId().getValue()
                        + " is not connected"));
    }

    private static List<TaskInfo> tasksOf(Offer.Operation op) {
        return op.getType() == Offer.Operation.Type.LAUNCH_GROUP ? op.getLaunchGroup().getTaskGroup().getTasksList()
                : op.getLaunch().getTaskInfosList();
    }

    /** Pre-MULTI_ROLE schedulers send resources without allocation_info: they get the offer's role, as in Mesos. */
    static TaskInfo withAllocationRole(TaskInfo t, String role) {
        if (t.getResourcesList().stream().allMatch(Resource::hasAllocationInfo)) {
            return t;
        }
        TaskInfo.Builder b = t.toBuilder().clearResources();
        for (Resource r : t.getResourcesList()) {
            b.addResources(r.hasAllocationInfo() ? r
                    : r.toBuilder().setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role)).build());
        }
        return b.build();
    }
}
