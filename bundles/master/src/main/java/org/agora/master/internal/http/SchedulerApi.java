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

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.http.Encoding;
import org.agora.http.HttpException;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.master.internal.Master;
import org.agora.master.internal.NotLeaderException;
import org.agora.master.internal.MasterAccess;
import org.agora.master.internal.framework.FrameworkInfoChecks;
import org.agora.master.internal.framework.SchedulerStream;
import org.agora.master.internal.role.RoleNames;
import org.agora.master.internal.security.Caller;
import org.agora.master.internal.security.Guard;
import org.agora.master.internal.security.NotAuthorizedException;
import org.agora.master.internal.term.CallRefusedException;

/**
 * {@code POST /api/v1/scheduler}: the Mesos v1 scheduler API. SUBSCRIBE answers 200 with a chunked RecordIO stream
 * of events and a {@code Mesos-Stream-Id}; every other call must carry that id and answers 202 (UPDATE_FRAMEWORK 200)
 * once the master has taken it, with results arriving as events. Calls to a follower are redirected to the leader.
 */
final class SchedulerApi {
    static final String STREAM_ID = "Mesos-Stream-Id";
    private static final String RECORDIO = "application/recordio";

    private final MasterAccess master;

    SchedulerApi(MasterAccess master) {
        this.master = master;
    }

    CompletableFuture<Response> handle(Request request) {
        return Authenticated.call(master, request, Guard.Need.FRAMEWORK, caller -> handle(request, caller));
    }

    private CompletableFuture<Response> handle(Request request, Caller caller) {
        Encoding in = Encoding.ofRequest(request);
        Call call = in.decode(request.body(), Call.newBuilder());
        return switch (call.getType()) {
            case SUBSCRIBE -> subscribe(request, call, caller);
            case UNKNOWN -> throw HttpException.badRequest("Expecting 'type' to be present");
            default -> call(request, call, caller);
        };
    }

    private CompletableFuture<Response> subscribe(Request request, Call call, Caller caller) {
        boolean recordIo = request.header("Accept").map(a -> a.contains(RECORDIO)).orElse(false);
        Encoding out = recordIo ? Encoding.accepted(request, "Message-Accept") : Encoding.accepted(request, "Accept");
        if (request.header(STREAM_ID).isPresent()) {
            throw HttpException.badRequest("Subscribe calls should not include the '" + STREAM_ID + "' header");
        }
        if (!call.hasSubscribe()) {
            throw HttpException.badRequest("Expecting 'subscribe' to be present");
        }
        FrameworkInfo info = call.getSubscribe().getFrameworkInfo();
        if (call.hasFrameworkId() && info.hasId() && !call.getFrameworkId().equals(info.getId())) {
            throw HttpException.badRequest("'framework_id' differs from 'subscribe.framework_info.id'");
        }
        if (call.hasFrameworkId() && !info.hasId()) {
            info = info.toBuilder().setId(call.getFrameworkId()).build();
        }
        FrameworkInfoChecks.problem(info).ifPresent(problem -> {
            throw HttpException.badRequest(problem);
        });
        Optional<String> badRole = RoleNames.validate(info);
        if (badRole.isPresent()) {
            throw HttpException.badRequest(badRole.get());
        }
        Set<String> suppressed = new HashSet<>(call.getSubscribe().getSuppressedRolesList());
        FrameworkInfo requested = info;
        return master.call(m -> {
            Master.Subscription subscription;
            try {
                subscription = m.subscribe(requested, caller);
            } catch (NotLeaderException e) {
                return Response.redirect(MasterRoutes.leaderUrl(e.leader(), request.path()));
            } catch (NotAuthorizedException e) {
                throw Authenticated.forbidden(e);
            } catch (IllegalStateException e) {
                // as Mesos does: the refusal arrives as an ERROR event on the stream
                return Response.stream(200, contentType(out, recordIo), stream -> {
                    new SchedulerStream("refused", out, stream).send(Event.newBuilder().setType(Event.Type.ERROR)
                            .setError(Event.Error.newBuilder().setMessage(e.getMessage())).build());
                    stream.close();
                });
            }
            String streamId = subscription.admission().streamId();
            Response r = Response.stream(200, contentType(out, recordIo), stream -> {
                SchedulerStream s = new SchedulerStream(streamId, out, stream);
                master.call(mm -> {
                    mm.open(subscription, s, suppressed);
                    return null;
                });
                stream.onClose(() -> master.call(mm -> {
                    mm.closed(subscription);
                    return null;
                }));
            }).header(STREAM_ID, streamId);
            if (recordIo) {
                r.header("Message-Content-Type", out.mediaType());
            }
            return r;
        });
    }

    private static String contentType(Encoding out, boolean recordIo) {
        return recordIo ? RECORDIO : out.mediaType();
    }

    private CompletableFuture<Response> call(Request request, Call call, Caller caller) {
        String streamId = request.header(STREAM_ID).orElseThrow(() -> HttpException.badRequest(
                "All non-subscribe calls should include the '" + STREAM_ID + "' header"));
        if (!call.hasFrameworkId()) {
            throw HttpException.badRequest("Expecting 'framework_id' to be present");
        }
        CallChecks.check(call);
        return master.call(m -> {
            try {
                m.schedulerCall(call, streamId, caller);
            } catch (NotLeaderException e) {
                return Response.redirect(MasterRoutes.leaderUrl(e.leader(), request.path()));
            } catch (CallRefusedException e) {
                throw switch (e.reason()) {
                    case NOT_CONNECTED, FORBIDDEN -> HttpException.forbidden(e.getMessage());
                    case INVALID, NOT_SUBSCRIBED, WRONG_STREAM -> HttpException.badRequest(e.getMessage());
                };
            } catch (UnsupportedOperationException e) {
                throw new HttpException(501, e.getMessage());
            }
            return call.getType() == Call.Type.UPDATE_FRAMEWORK ? Response.of(200, null, new byte[0])
                    : Response.accepted();
        });
    }
}
