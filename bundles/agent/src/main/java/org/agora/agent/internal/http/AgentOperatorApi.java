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
package org.agora.agent.internal.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.agora.agent.internal.Agent;
import org.agora.agent.internal.AgentView;
import org.agora.agent.internal.events.OperatorEventStream;
import org.agora.agent.internal.security.Caller;
import org.agora.agent.internal.task.TasksView;
import org.agora.api.json.JsonTree;
import org.agora.api.security.Action;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.agent.Protos.Call;
import org.agora.api.agentevents.AgentEvents.Event;
import org.agora.api.v1.agent.Protos.Response;
import org.agora.http.Encoding;
import org.agora.http.HttpException;
import org.agora.http.Request;

/**
 * {@code POST /api/v1} on the agent: the Mesos v1 agent operator API, in protobuf or JSON. This class answers the
 * calls about the agent's state (GET_FLAGS, GET_VERSION, GET_STATE, GET_FRAMEWORKS, GET_EXECUTORS, GET_TASKS,
 * GET_AGENT), its sandboxes (LIST_FILES, READ_FILE), KILL_CONTAINER, GET_ and SET_LOGGING_LEVEL (see
 * {@link org.agora.http.LoggingLevel}), GET_OPERATIONS (always empty) and the agent's own SUBSCRIBE; the others go to
 * {@link ContainersEndpoint} (GET_HEALTH, GET_CONTAINERS, and a 501 naming what Agora does not implement). A call
 * without a type we know is a 400 naming the type the body gave.
 */
final class AgentOperatorApi {
    private static final String RECORDIO = "application/recordio";

    private final AgentView agent;
    private final ContainersEndpoint containers;
    private final OperatorFiles files;
    private final SandboxAccess sandboxes;
    private final Executor io;

    /** @param io where file I/O and authorizer decisions run (not a Netty thread, not the agent's actor) */
    AgentOperatorApi(AgentView agent, ContainersEndpoint containers, SandboxAccess sandboxes, Executor io) {
        this.agent = agent;
        this.containers = containers;
        this.files = new OperatorFiles(agent.settings().workDir().resolve("slaves"), io);
        this.sandboxes = sandboxes;
        this.io = io;
    }

    CompletableFuture<org.agora.http.Response> handle(Request request, Caller caller) {
        Encoding in = Encoding.ofRequest(request);
        // a stream asked as application/recordio says the encoding of its records in Message-Accept
        Encoding out = recordIo(request) ? Encoding.accepted(request, "Message-Accept")
                : Encoding.accepted(request, "Accept");
        Call call = in.decode(request.body(), Call.newBuilder());
        Response.Builder r = Response.newBuilder();
        return switch (call.getType()) {
            case UNKNOWN -> throw HttpException.badRequest(unknownType(in, request.body()));
            case GET_FLAGS -> {
                if (!caller.may(Action.VIEW_FLAGS, Optional.empty())) {
                    throw HttpException.forbidden(caller.describe() + " is not allowed to view the flags");
                }
                yield done(out.respond(r.setType(Response.Type.GET_FLAGS)
                        .setGetFlags(AgentStateProtos.flags(agent.settings().flags())).build()));
            }
            case GET_VERSION -> done(out.respond(r.setType(Response.Type.GET_VERSION).setGetVersion(
                    Response.GetVersion.newBuilder().setVersionInfo(AgentStateProtos.version())).build()));
            // the snapshot is immutable: filtered by the authorizer and encoded off the actor
            case GET_STATE -> snapshot().thenApply(s -> out.respond(r.setType(Response.Type.GET_STATE)
                    .setGetState(AgentStateProtos.state(s, caller)).build()));
            case GET_FRAMEWORKS -> snapshot().thenApply(s -> out.respond(r.setType(Response.Type.GET_FRAMEWORKS)
                    .setGetFrameworks(AgentStateProtos.frameworks(s, caller)).build()));
            case GET_EXECUTORS -> snapshot().thenApply(s -> out.respond(r.setType(Response.Type.GET_EXECUTORS)
                    .setGetExecutors(AgentStateProtos.executors(s, caller)).build()));
            case GET_TASKS -> snapshot().thenApply(s -> out.respond(r.setType(Response.Type.GET_TASKS)
                    .setGetTasks(AgentStateProtos.tasks(s, caller)).build()));
            case GET_AGENT -> snapshot().thenApply(s -> out.respond(r.setType(Response.Type.GET_AGENT)
                    .setGetAgent(AgentStateProtos.agent(s)).build()));
            case LIST_FILES -> {
                require(call.hasListFiles(), "list_files");
                yield files.list(call.getListFiles().getPath(), sandboxes.gate(caller)).thenApply(l -> out.respond(
                        r.setType(Response.Type.LIST_FILES).setListFiles(l).build()));
            }
            case READ_FILE -> {
                require(call.hasReadFile(), "read_file");
                Call.ReadFile read = call.getReadFile();
                long length = read.hasLength() ? read.getLength() : OperatorFiles.MAX_LENGTH;
                yield files.read(read.getPath(), read.getOffset(), length, sandboxes.gate(caller)).thenApply(f ->
                        out.respond(r.setType(Response.Type.READ_FILE).setReadFile(f).build()));
            }
            case KILL_CONTAINER -> {
                require(call.hasKillContainer(), "kill_container");
                yield killContainer(call.getKillContainer(), caller);
            }
            case GET_LOGGING_LEVEL -> CompletableFuture.supplyAsync(() -> out.respond(r.setType(
                    Response.Type.GET_LOGGING_LEVEL).setGetLoggingLevel(Response.GetLoggingLevel.newBuilder()
                    .setLevel(agent.loggingLevel().level())).build()), io);
            case SET_LOGGING_LEVEL -> {
                require(call.hasSetLoggingLevel(), "set_logging_level");
                // as Mesos authorizes /logging/toggle
                if (!caller.may(Action.GET_ENDPOINT_WITH_PATH, Optional.of("/logging/toggle"))) {
                    throw HttpException.forbidden(caller.describe() + " is not allowed to set the logging level");
                }
                Call.SetLoggingLevel set = call.getSetLoggingLevel();
                yield CompletableFuture.supplyAsync(() -> {
                    agent.loggingLevel().set(set.getLevel(), Duration.ofNanos(set.getDuration().getNanoseconds()));
                    return org.agora.http.Response.of(200, null, new byte[0]);
                }, io);
            }
            // the agent applies no offer operations (the master applies reservations): none is ever pending
            case GET_OPERATIONS -> done(out.respond(r.setType(Response.Type.GET_OPERATIONS)
                    .setGetOperations(Response.GetOperations.getDefaultInstance()).build()));
            case SUBSCRIBE -> subscribe(request, out, caller);
            default -> containers.operator(request, caller);
        };
    }

    private CompletableFuture<Agent.AgentSnapshot> snapshot() {
        return agent.call(Agent::snapshot).thenApplyAsync(s -> s, io);
    }

    /**
     * KILL_CONTAINER: 404 naming a container the agent does not know, 403 unless the caller may KILL_NESTED_CONTAINER
     * as the container's user, 409 when none of its processes runs; SIGKILL unless {@code signal} asks SIGTERM.
     */
    private CompletableFuture<org.agora.http.Response> killContainer(Call.KillContainer kill, Caller caller) {
        ContainerID id = kill.getContainerId();
        int signal = kill.hasSignal() ? kill.getSignal() : 9;
        if (signal != 9 && signal != 15) {
            throw HttpException.badRequest("Container " + id.getValue() + ": signal " + signal
                    + " is not supported; 9 (SIGKILL, the default) or 15 (SIGTERM)");
        }
        return snapshot().thenApply(s -> {
            TasksView.ExecutorView executor = executors(s).filter(e -> e.containerId().equals(id)).findFirst()
                    .orElseThrow(() -> HttpException.notFound("Container " + id.getValue()
                            + " is unknown to this agent"));
            if (!caller.may(Action.KILL_NESTED_CONTAINER, Optional.of(executor.user()))) {
                throw HttpException.forbidden(caller.describe() + " is not allowed to kill container "
                        + id.getValue());
            }
            return executor;
        }).thenCompose(e -> agent.call(a -> a.killContainer(id, signal == 9))).thenApply(outcome -> switch (outcome) {
            case SIGNALLED -> org.agora.http.Response.of(200, null, new byte[0]);
            case NOT_RUNNING -> throw new HttpException(409, "Container " + id.getValue()
                    + " has no running process to kill");
            case UNKNOWN -> throw HttpException.notFound("Container " + id.getValue() + " is unknown to this agent");
        });
    }

    private static Stream<TasksView.ExecutorView> executors(Agent.AgentSnapshot s) {
        return s.tasks().frameworks().stream().flatMap(f -> f.executors().stream());
    }

    /**
     * SUBSCRIBE: on the actor, the subscriber joins the event stream at the instant the state is taken, so the
     * events after SUBSCRIBED are exactly the changes since; the state is filtered for the caller off the actor.
     */
    private CompletableFuture<org.agora.http.Response> subscribe(Request request, Encoding out, Caller caller) {
        boolean recordIo = recordIo(request);
        AgentSubscriber subscriber = new AgentSubscriber(out, caller, io);
        return agent.call(a -> {
            Agent.AgentSnapshot s = a.snapshot();
            a.operatorEvents().add(subscriber);
            return s;
        }).thenApplyAsync(s -> {
            subscriber.subscribed(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(
                    Event.Subscribed.newBuilder().setGetState(AgentStateProtos.state(s, caller))
                            .setHeartbeatIntervalSeconds(OperatorEventStream.HEARTBEAT_INTERVAL.toSeconds()))
                    .build());
            org.agora.http.Response response = org.agora.http.Response.stream(200,
                    recordIo ? RECORDIO : out.mediaType(), subscriber::opened);
            if (recordIo) {
                response.header("Message-Content-Type", out.mediaType());
            }
            return response;
        }, io);
    }

    private static boolean recordIo(Request request) {
        return request.header("Accept").map(a -> a.contains(RECORDIO)).orElse(false);
    }

    private static void require(boolean present, String field) {
        if (!present) {
            throw HttpException.badRequest("Expecting '" + field + "' to be present");
        }
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** Why a call has no type we know: the type it names, when a JSON body names one (JSON drops unknown values). */
    private static String unknownType(Encoding in, byte[] body) {
        if (in == Encoding.JSON) {
            try {
                if (JsonTree.parse(new String(body, StandardCharsets.UTF_8)) instanceof Map<?, ?> m
                        && m.get("type") instanceof String named) {
                    return "Unknown agent operator call type '" + named + "'";
                }
            } catch (RuntimeException unreadable) {
                // the body decoded as a Call already; say what is missing
            }
        }
        return "Call type is missing or unknown";
    }
}
