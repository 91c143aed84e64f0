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
package org.agora.master.internal.http;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.agora.api.Versions;
import org.agora.api.v1.Protos.Flag;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TimeInfo;
import org.agora.api.v1.Protos.VersionInfo;
import org.agora.api.v1.master.Protos.Call;
import org.agora.api.v1.master.Protos.Response.GetAgents;
import org.agora.api.v1.master.Protos.Response.GetFlags;
import org.agora.api.v1.master.Protos.Response.GetFrameworks;
import org.agora.api.v1.master.Protos.Response.GetHealth;
import org.agora.api.v1.master.Protos.Response.GetMaster;
import org.agora.api.v1.master.Protos.Response.GetState;
import org.agora.api.v1.master.Protos.Response.GetTasks;
import org.agora.api.v1.master.Protos.Response.GetVersion;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.agora.http.Encoding;
import org.agora.http.HttpException;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.Master;
import org.agora.master.internal.MasterAccess;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.NotLeaderException;
import org.agora.master.internal.agent.AgentSnapshot;
import org.agora.master.internal.agent.AgentState;
import org.agora.master.internal.registry.RegistryException;
import org.agora.master.internal.role.ConflictException;
import org.agora.master.internal.security.Caller;
import org.agora.master.internal.term.OperatorCalls;
import org.agora.master.internal.term.OperatorEvents;
import org.agora.master.internal.security.Guard;
import org.agora.master.internal.security.NotAuthorizedException;
import org.agora.api.security.Action;

/**
 * {@code POST /api/v1}: the Mesos v1 operator API, in protobuf or JSON. Calls about this master itself are answered by
 * any master; calls about the cluster are redirected to the leader (307), as Mesos does.
 */
final class OperatorApi {
    private static final Set<Call.Type> ANSWERED_BY_ANY_MASTER =
            EnumSet.of(Call.Type.GET_HEALTH, Call.Type.GET_VERSION, Call.Type.GET_FLAGS);

    private final MasterAccess master;
    private final GetStateJson getStateJson = new GetStateJson();
    private final MasterMetrics metrics;

    OperatorApi(MasterAccess master, MasterMetrics metrics) {
        this.master = master;
        this.metrics = metrics;
    }

    CompletableFuture<Response> handle(Request request) {
        Encoding in = Encoding.ofRequest(request);
        Encoding out = Encoding.accepted(request, "Accept");
        Call call = in.decode(request.body(), Call.newBuilder());
        if (call.getType() == Call.Type.UNKNOWN) {
            throw HttpException.badRequest(unknownType(in, request.body()));
        }
        return handle(request, call, out);
    }

    /** A decoded call, answered in {@code out} (also the way the legacy maintenance endpoints make their calls). */
    CompletableFuture<Response> handle(Request request, Call call, Encoding out) {
        if (LoggingLevelCalls.answers(call.getType())) {
            return Authenticated.call(master, request, LoggingLevelCalls.need(call.getType()),
                    caller -> LoggingLevelCalls.answer(master, call, out, caller));
        }
        if (call.getType() == Call.Type.SUBSCRIBE) {
            return Authenticated.call(master, request, Guard.Need.READONLY, caller -> subscribe(request, out, caller));
        }
        if (call.getType() == Call.Type.GET_MAINTENANCE_SCHEDULE
                || call.getType() == Call.Type.GET_MAINTENANCE_STATUS) {
            return Authenticated.call(master, request, Guard.Need.READONLY, caller -> {
                MaintenanceViews.authorize(master, caller, call.getType());
                return maintenance(request, call.getType(), out);
            });
        }
        boolean mutating = MUTATING.contains(call.getType());
        if (mutating) {
            requirePayload(call);
        }
        return Authenticated.call(master, request, mutating ? Guard.Need.READWRITE : Guard.Need.READONLY,
                caller -> mutating ? change(request, call, caller) : read(request, call, out, caller));
    }

    /** A change, on the leader's actor; its stage completes once the change is persisted and applied. */
    private CompletableFuture<Response> change(Request request, Call call, Caller caller) {
        return master.call(m -> {
            try {
                return apply(m, call, caller);
            } catch (NotLeaderException e) {
                return CompletableFuture.completedFuture(Response.redirect(MasterRoutes.leaderUrl(e.leader(),
                        request.path())));
            }
        }).thenCompose(stage -> stage);
    }

    /**
     * SUBSCRIBE: on the actor thread, the subscriber joins the term's event stream and gets its SUBSCRIBED event (the
     * state it may see, now), so that the events after it are exactly the changes since; then the stream opens.
     */
    private CompletableFuture<Response> subscribe(Request request, Encoding out, Caller caller) {
        boolean recordIo = request.header("Accept").map(a -> a.contains(RECORDIO)).orElse(false);
        return master.call(m -> {
            MasterSnapshot s = m.snapshot();
            if (!s.leading()) {
                return Response.redirect(MasterRoutes.leaderUrl(s.leader(), request.path()));
            }
            MasterSnapshot visible = Views.visible(s, caller, master.permissions());
            OperatorSubscriber subscriber = new OperatorSubscriber(out, caller, master.permissions());
            subscriber.send(org.agora.api.v1.master.Protos.Event.newBuilder()
                    .setType(org.agora.api.v1.master.Protos.Event.Type.SUBSCRIBED)
                    .setSubscribed(org.agora.api.v1.master.Protos.Event.Subscribed.newBuilder()
                            .setGetState(getState(visible))
                            .setHeartbeatIntervalSeconds(OperatorEvents.HEARTBEAT_INTERVAL.toSeconds()))
                    .build());
            m.operatorEvents().add(subscriber);
            Response r = Response.stream(200, recordIo ? RECORDIO : out.mediaType(), subscriber::opened);
            if (recordIo) {
                r.header("Message-Content-Type", out.mediaType());
            }
            return r;
        });
    }

    private static final String RECORDIO = "application/recordio";

    /** GET_MAINTENANCE_SCHEDULE and GET_MAINTENANCE_STATUS, read on the leader's actor. */
    private CompletableFuture<Response> maintenance(Request request, Call.Type type, Encoding out) {
        return master.call(m -> {
            MasterSnapshot s = m.snapshot();
            if (!s.leading()) {
                return Response.redirect(MasterRoutes.leaderUrl(s.leader(), request.path()));
            }
            return out.respond(MaintenanceViews.answer(type, m.maintenance()));
        });
    }

    private CompletableFuture<Response> read(Request request, Call call, Encoding out, Caller caller) {
        if (call.getType() == Call.Type.GET_FLAGS && !master.permissions().allows(caller, Action.VIEW_FLAGS,
                Optional.empty())) {
            throw HttpException.forbidden("Principal '" + caller.describe() + "' is not authorized to view flags");
        }
        if (call.getType() == Call.Type.GET_METRICS && !master.permissions().allows(caller,
                Action.GET_ENDPOINT_WITH_PATH, "/metrics/snapshot")) {
            throw HttpException.forbidden("Principal '" + caller.describe() + "' is not authorized to GET "
                    + "/metrics/snapshot");
        }
        return master.render(snapshot -> {
            if (!snapshot.leading() && !ANSWERED_BY_ANY_MASTER.contains(call.getType())) {
                return Response.redirect(MasterRoutes.leaderUrl(snapshot.leader(), request.path()));
            }
            // GET_METRICS counts what /metrics/snapshot counts, whatever the caller may view of the frameworks
            org.agora.api.v1.master.Protos.Response answer = call.getType() == Call.Type.GET_METRICS
                    ? answer(call.getType(), snapshot)
                    : answer(call.getType(), Views.visible(snapshot, caller, master.permissions()));
            if (call.getType() == Call.Type.GET_STATE) {
                // tens of MB at 10,000 agents: sent while it is written
                return out == Encoding.JSON
                        ? StreamedView.of(master, "GET_STATE", Response.JSON, sink -> getStateJson.write(answer, sink))
                        : StreamedView.of(master, "GET_STATE", Response.PROTOBUF,
                                sink -> StreamedView.protobuf(answer, sink));
            }
            return out.respond(answer);
        });
    }

    private static final Set<Call.Type> MUTATING = EnumSet.of(Call.Type.TEARDOWN, Call.Type.MARK_AGENT_GONE,
            Call.Type.DRAIN_AGENT,
            Call.Type.DEACTIVATE_AGENT, Call.Type.REACTIVATE_AGENT, Call.Type.UPDATE_WEIGHTS, Call.Type.UPDATE_QUOTA,
            Call.Type.SET_QUOTA, Call.Type.REMOVE_QUOTA, Call.Type.RESERVE_RESOURCES, Call.Type.UNRESERVE_RESOURCES,
            Call.Type.UPDATE_MAINTENANCE_SCHEDULE, Call.Type.START_MAINTENANCE, Call.Type.STOP_MAINTENANCE);

    private static void requirePayload(Call call) {
        boolean present = switch (call.getType()) {
            case TEARDOWN -> call.hasTeardown();
            case MARK_AGENT_GONE -> call.hasMarkAgentGone();
            case DRAIN_AGENT -> call.hasDrainAgent();
            case DEACTIVATE_AGENT -> call.hasDeactivateAgent();
            case REACTIVATE_AGENT -> call.hasReactivateAgent();
            case UPDATE_WEIGHTS -> call.hasUpdateWeights();
            case UPDATE_QUOTA -> call.hasUpdateQuota();
            case SET_QUOTA -> call.hasSetQuota();
            case REMOVE_QUOTA -> call.hasRemoveQuota();
            case RESERVE_RESOURCES -> call.hasReserveResources();
            case UNRESERVE_RESOURCES -> call.hasUnreserveResources();
            case UPDATE_MAINTENANCE_SCHEDULE -> call.hasUpdateMaintenanceSchedule();
            case START_MAINTENANCE -> call.hasStartMaintenance();
            case STOP_MAINTENANCE -> call.hasStopMaintenance();
            default -> true;
        };
        if (!present) {
            throw HttpException.badRequest("Expecting '" + call.getType().name().toLowerCase() + "' to be present");
        }
    }

    /**
     * Calls that change the cluster, on the leader's actor; answered 200 (202 for reservations) once persisted and
     * applied.
     *
     * @throws NotLeaderException on a follower
     */
    static CompletableFuture<Response> apply(Master m, Call call, Caller caller) {
        Response ok = Response.of(200, null, new byte[0]);
        Response accepted = Response.of(202, null, new byte[0]);
        try {
            OperatorCalls ops = m.operatorCalls();
            CompletionStage<Void> change = switch (call.getType()) {
                case TEARDOWN -> ops.teardownFramework(call.getTeardown().getFrameworkId().getValue(), caller);
                case UPDATE_WEIGHTS -> ops.updateWeights(call.getUpdateWeights().getWeightInfosList(), caller);
                case UPDATE_QUOTA -> ops.updateQuota(call.getUpdateQuota().getQuotaConfigsList(),
                        call.getUpdateQuota().getForce(), caller);
                case SET_QUOTA -> ops.updateQuota(List.of(Quotas.fromRequest(call.getSetQuota().getQuotaRequest())),
                        call.getSetQuota().getQuotaRequest().getForce(), caller);
                case REMOVE_QUOTA -> ops.updateQuota(List.of(QuotaConfig.newBuilder()
                        .setRole(call.getRemoveQuota().getRole()).build()), true, caller);
                case RESERVE_RESOURCES -> ops.reserve(call.getReserveResources().getAgentId(),
                        call.getReserveResources().getResourcesList(), call.getReserveResources().getSourceList(),
                        caller);
                case UNRESERVE_RESOURCES -> ops.unreserve(call.getUnreserveResources().getAgentId(),
                        call.getUnreserveResources().getResourcesList(), caller);
                case MARK_AGENT_GONE -> ops.markAgentGone(call.getMarkAgentGone().getAgentId(), caller);
                case DEACTIVATE_AGENT -> ops.deactivateAgent(call.getDeactivateAgent().getAgentId(), true, caller);
                case REACTIVATE_AGENT -> ops.deactivateAgent(call.getReactivateAgent().getAgentId(), false, caller);
                case DRAIN_AGENT -> ops.drainAgent(call.getDrainAgent().getAgentId(), drainConfig(call.getDrainAgent()),
                        caller);
                case UPDATE_MAINTENANCE_SCHEDULE -> ops.updateMaintenanceSchedule(
                        call.getUpdateMaintenanceSchedule().getSchedule(), caller);
                case START_MAINTENANCE -> ops.startMaintenance(call.getStartMaintenance().getMachinesList(), caller);
                case STOP_MAINTENANCE -> ops.stopMaintenance(call.getStopMaintenance().getMachinesList(), caller);
                default -> throw new IllegalStateException("not a mutating call: " + call.getType());
            };
            boolean reservation = call.getType() == Call.Type.RESERVE_RESOURCES
                    || call.getType() == Call.Type.UNRESERVE_RESOURCES;
            return change.toCompletableFuture().handle((v, e) -> {
                if (e != null) {
                    throw failure(e);
                }
                return reservation ? accepted : ok;
            });
        } catch (IllegalArgumentException | ConflictException | NotAuthorizedException e) {
            return CompletableFuture.failedFuture(failure(e));
        }
    }

    private static org.agora.api.v1.Protos.DrainConfig drainConfig(Call.DrainAgent d) {
        var config = org.agora.api.v1.Protos.DrainConfig.newBuilder().setMarkGone(d.getMarkGone());
        if (d.hasMaxGracePeriod()) {
            config.setMaxGracePeriod(org.agora.api.v1.Protos.DurationInfo.newBuilder().setNanoseconds(
                    d.getMaxGracePeriod().getSeconds() * 1_000_000_000L + d.getMaxGracePeriod().getNanos()));
        }
        return config.build();
    }

    /**
     * The HTTP answer to a change that failed: 400 for bad input, 409 for a conflict with the cluster's state, 503
     * when the registry could not be written (nothing changed then; the call may be retried).
     */
    static HttpException failure(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof HttpException h) {
            return h;
        }
        if (e instanceof org.agora.master.internal.UnknownObjectException) {
            return new HttpException(404, e.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            return HttpException.badRequest(e.getMessage());
        }
        if (e instanceof ConflictException) {
            return new HttpException(409, e.getMessage());
        }
        if (e instanceof NotAuthorizedException n) {
            return Authenticated.forbidden(n);
        }
        if (e instanceof NotLeaderException) {
            return HttpException.unavailable(e.getMessage());
        }
        if (e instanceof RegistryException.TooLarge) {
            return HttpException.badRequest("Nothing changed: " + e.getMessage());
        }
        return HttpException.unavailable("Nothing changed: the registry could not persist the change: "
                + e.getMessage());
    }

    private org.agora.api.v1.master.Protos.Response answer(Call.Type type, MasterSnapshot s) {
        var r = org.agora.api.v1.master.Protos.Response.newBuilder();
        switch (type) {
            case GET_HEALTH -> r.setType(org.agora.api.v1.master.Protos.Response.Type.GET_HEALTH)
                    .setGetHealth(GetHealth.newBuilder().setHealthy(true));
            case GET_VERSION -> r.setType(org.agora.api.v1.master.Protos.Response.Type.GET_VERSION)
                    .setGetVersion(GetVersion.newBuilder().setVersionInfo(versionInfo()));
            case GET_FLAGS -> r.setType(org.agora.api.v1.master.Protos.Response.Type.GET_FLAGS)
                    .setGetFlags(flags());
            case GET_MASTER -> r.setType(org.agora.api.v1.master.Protos.Response.Type.GET_MASTER)
                    .setGetMaster(getMaster(s));
            case GET_AGENTS -> r.setType(org.agora.api.v1.master.Protos.Response.Type.GET_AGENTS)
                    .setGetAgents(getAgents(s));
            case GET_FRAMEWORKS -> r.setType(org.agora.api.v1.master.Protos.Response.Type.GET_FRAMEWORKS)
                    .setGetFrameworks(getFrameworks(s));
            case GET_TASKS -> r.setType(org.agora.api.v1.master.Protos.Response.Type.GET_TASKS)
                    .setGetTasks(getTasks(s));
            case GET_EXECUTORS -> r.setType(org.agora.api.v1.master.Protos.Response.Type.GET_EXECUTORS)
                    .setGetExecutors(ExecutorViews.getExecutors(s));
            case GET_ROLES -> r.setType(org.agora.api.v1.master.Protos.Response.Type.GET_ROLES)
                    .setGetRoles(Roles.of(s));
            case GET_WEIGHTS -> r.setType(org.agora.api.v1.master.Protos.Response.Type.GET_WEIGHTS)
                    .setGetWeights(Roles.weights(s));
            case GET_QUOTA -> r.setType(org.agora.api.v1.master.Protos.Response.Type.GET_QUOTA)
                    .setGetQuota(Quotas.status(s));
            case GET_STATE -> r.setType(org.agora.api.v1.master.Protos.Response.Type.GET_STATE)
                    .setGetState(getState(s));
            case GET_METRICS -> r.setType(org.agora.api.v1.master.Protos.Response.Type.GET_METRICS)
                    .setGetMetrics(metrics(s));
            default -> throw new HttpException(501, "Operator call " + type + " is not implemented by Agora "
                    + Versions.AGORA);
        }
        return r.build();
    }

    /** Why a call has no type we know: the type it names, when a JSON body names one (JSON drops unknown values). */
    private static String unknownType(Encoding in, byte[] body) {
        if (in == Encoding.JSON) {
            try {
                Object tree = org.agora.api.json.JsonTree.parse(new String(body,
                        java.nio.charset.StandardCharsets.UTF_8));
                if (tree instanceof java.util.Map<?, ?> m && m.get("type") instanceof String named) {
                    return "Unknown operator call type '" + named + "'";
                }
            } catch (RuntimeException unreadable) {
                // the body decoded as a Call already; say what is missing
            }
        }
        return "Call type is missing or unknown";
    }

    /** The figures of /metrics/snapshot, as GET_METRICS answers them. */
    private org.agora.api.v1.master.Protos.Response.GetMetrics metrics(MasterSnapshot s) {
        var b = org.agora.api.v1.master.Protos.Response.GetMetrics.newBuilder();
        metrics.figures(s, Instant.now()).forEach((name, value) -> b.addMetrics(
                org.agora.api.v1.Protos.Metric.newBuilder().setName(name).setValue(value)));
        return b.build();
    }

    static GetState getState(MasterSnapshot s) {
        return GetState.newBuilder().setGetAgents(getAgents(s)).setGetFrameworks(getFrameworks(s))
                .setGetTasks(getTasks(s)).setGetExecutors(ExecutorViews.getExecutors(s)).build();
    }

    static VersionInfo versionInfo() {
        return VersionInfo.newBuilder().setVersion(Versions.MESOS_API).setGitTag("agora-" + Versions.AGORA).build();
    }

    private GetFlags flags() {
        GetFlags.Builder b = GetFlags.newBuilder();
        master.settings().flags().forEach((k, v) -> b.addFlags(Flag.newBuilder().setName(k).setValue(v)));
        return b.build();
    }

    private static GetMaster getMaster(MasterSnapshot s) {
        GetMaster.Builder b = GetMaster.newBuilder().setMasterInfo(s.self())
                .setStartTime(seconds(s.startTime()));
        s.electedTime().ifPresent(t -> b.setElectedTime(seconds(t)));
        return b.build();
    }

    static GetAgents getAgents(MasterSnapshot s) {
        GetAgents.Builder b = GetAgents.newBuilder();
        for (AgentSnapshot a : s.agents()) {
            GetAgents.Agent.Builder agent = GetAgents.Agent.newBuilder().setAgentInfo(a.info())
                    .setActive(a.state() == AgentState.ACTIVE && !a.deactivated())
                    .setDeactivated(a.state() != AgentState.ACTIVE || a.deactivated())
                    .setVersion(a.version()).setPid(StateEndpoint.agentPid(a))
                    .setRegisteredTime(time(a.registeredTime()))
                    .addAllTotalResources(a.total().toList())
                    .addAllCapabilities(a.capabilities());
            a.reregisteredTime().ifPresent(t -> agent.setReregisteredTime(time(t)));
            a.drain().ifPresent(agent::setDrainInfo);
            b.addAgents(agent);
        }
        b.addAllRecoveredAgents(s.recoveredAgents());
        return b.build();
    }

    static GetFrameworks getFrameworks(MasterSnapshot s) {
        GetFrameworks.Builder b = GetFrameworks.newBuilder();
        s.frameworks().frameworks().forEach(f -> b.addFrameworks(framework(f)));
        s.frameworks().completed().forEach(f -> b.addCompletedFrameworks(framework(f)));
        return b.build();
    }

    private static GetFrameworks.Framework framework(FrameworkSnapshot f) {
        GetFrameworks.Framework.Builder b = GetFrameworks.Framework.newBuilder().setFrameworkInfo(f.info())
                .setActive(f.active()).setConnected(f.connected()).setRecovered(f.recovered())
                .setRegisteredTime(time(f.registeredTime())).addAllOffers(f.offers())
                .addAllAllocatedResources(f.used().toList()).addAllOfferedResources(f.offered().toList());
        f.reregisteredTime().ifPresent(t -> b.setReregisteredTime(time(t)));
        f.unregisteredTime().ifPresent(t -> b.setUnregisteredTime(time(t)));
        return b.build();
    }

    static GetTasks getTasks(MasterSnapshot s) {
        GetTasks.Builder b = GetTasks.newBuilder();
        for (FrameworkSnapshot f : s.frameworks().frameworks()) {
            f.tasks().forEach(t -> {
                if (t.getState() == TaskState.TASK_UNREACHABLE) {
                    b.addUnreachableTasks(t);
                } else {
                    b.addTasks(t);
                }
            });
            b.addAllCompletedTasks(f.completedTasks());
        }
        s.frameworks().completed().forEach(f -> b.addAllCompletedTasks(f.completedTasks()));
        return b.build();
    }

    static TimeInfo time(Instant t) {
        return TimeInfo.newBuilder().setNanoseconds(t.getEpochSecond() * 1_000_000_000L + t.getNano()).build();
    }

    static double seconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }
}
