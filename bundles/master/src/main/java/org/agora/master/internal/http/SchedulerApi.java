package org.agora.master.internal.http;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.http.Encoding;
import org.agora.http.HttpException;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.master.internal.Master;
import org.agora.master.internal.MasterAccess;
import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.framework.SchedulerStream;
import org.agora.master.internal.role.RoleNames;

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
        Encoding in = Encoding.ofRequest(request);
        Call call = in.decode(request.body(), Call.newBuilder());
        return switch (call.getType()) {
            case SUBSCRIBE -> subscribe(request, call);
            case UNKNOWN -> throw HttpException.badRequest("Expecting 'type' to be present");
            default -> call(request, call);
        };
    }

    private CompletableFuture<Response> subscribe(Request request, Call call) {
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
        Optional<String> badRole = RoleNames.validate(info);
        if (badRole.isPresent()) {
            throw HttpException.badRequest(badRole.get());
        }
        Set<String> suppressed = new HashSet<>(call.getSubscribe().getSuppressedRolesList());
        FrameworkInfo requested = info;
        return master.call(m -> {
            if (!m.leading()) {
                return Response.redirect(MasterRoutes.leaderUrl(m.leader(), request.path()));
            }
            FrameworkManager.Admission admission;
            try {
                admission = m.frameworks().admit(requested);
            } catch (IllegalStateException e) {
                // as Mesos does: the refusal arrives as an ERROR event on the stream
                return Response.stream(200, contentType(out, recordIo), stream -> {
                    new SchedulerStream("refused", out, stream).send(Event.newBuilder().setType(Event.Type.ERROR)
                            .setError(Event.Error.newBuilder().setMessage(e.getMessage())).build());
                    stream.close();
                });
            }
            String fid = admission.info().getId().getValue();
            Response r = Response.stream(200, contentType(out, recordIo), stream -> {
                SchedulerStream s = new SchedulerStream(admission.streamId(), out, stream);
                master.call(mm -> mm.frameworks().subscribed(admission, s, suppressed));
                stream.onClose(() -> master.call(mm -> {
                    mm.frameworks().disconnected(fid, admission.streamId());
                    return null;
                }));
            }).header(STREAM_ID, admission.streamId());
            if (recordIo) {
                r.header("Message-Content-Type", out.mediaType());
            }
            return r;
        });
    }

    private static String contentType(Encoding out, boolean recordIo) {
        return recordIo ? RECORDIO : out.mediaType();
    }

    private CompletableFuture<Response> call(Request request, Call call) {
        String streamId = request.header(STREAM_ID).orElseThrow(() -> HttpException.badRequest(
                "All non-subscribe calls should include the '" + STREAM_ID + "' header"));
        if (!call.hasFrameworkId()) {
            throw HttpException.badRequest("Expecting 'framework_id' to be present");
        }
        CallChecks.check(call);
        return master.call(m -> {
            if (!m.leading()) {
                return Response.redirect(MasterRoutes.leaderUrl(m.leader(), request.path()));
            }
            String fid = call.getFrameworkId().getValue();
            FrameworkRecord f = m.frameworks().get(fid).orElseThrow(() -> HttpException.badRequest(
                    "Framework " + fid + " is not subscribed"));
            if (f.stream() == null) {
                throw HttpException.forbidden("Framework " + fid + " is not connected; subscribe first");
            }
            if (!f.stream().id().equals(streamId)) {
                throw HttpException.badRequest("The stream ID '" + streamId + "' included in this request didn't "
                        + "match the stream ID currently associated with framework ID " + fid);
            }
            dispatch(m, f, call);
            return call.getType() == Call.Type.UPDATE_FRAMEWORK ? Response.of(200, null, new byte[0])
                    : Response.accepted();
        });
    }

    private static void dispatch(Master m, FrameworkRecord f, Call call) {
        switch (call.getType()) {
            case TEARDOWN -> m.frameworks().remove(f, "the framework asked (TEARDOWN)");
            case ACCEPT -> m.launcher().accept(f, call.getAccept());
            case DECLINE -> m.launcher().decline(f, call.getDecline());
            case REVIVE -> m.allocation().revive(f.id(), Set.copyOf(call.getRevive().getRolesList()));
            case SUPPRESS -> m.allocation().suppress(f.id(), Set.copyOf(call.getSuppress().getRolesList()));
            case KILL -> m.tasks().kill(f, call.getKill());
            case SHUTDOWN -> m.tasks().shutdown(f, call.getShutdown());
            case ACKNOWLEDGE -> m.tasks().acknowledge(f, call.getAcknowledge());
            case RECONCILE -> m.tasks().reconcile(f, call.getReconcile().getTasksList());
            case MESSAGE -> m.tasks().message(f, call.getMessage());
            case REQUEST -> { } // deprecated in Mesos; accepted and ignored
            case UPDATE_FRAMEWORK -> updateFramework(m, f, call.getUpdateFramework());
            case ACCEPT_INVERSE_OFFERS, DECLINE_INVERSE_OFFERS -> { } // no maintenance yet: no inverse offers
            default -> throw new HttpException(501, "Call " + call.getType() + " is not implemented by Agora yet");
        }
    }

    private static void updateFramework(Master m, FrameworkRecord f, Call.UpdateFramework u) {
        FrameworkInfo info = u.getFrameworkInfo();
        if (!info.getId().equals(f.id())) {
            throw HttpException.badRequest("'update_framework.framework_info.id' must be the framework's id");
        }
        RoleNames.validate(info).ifPresent(e -> {
            throw HttpException.badRequest(e);
        });
        f.info(info);
        f.suppressedRoles(Set.copyOf(u.getSuppressedRolesList()));
        for (String offerId : Set.copyOf(f.offers())) {
            m.offers().get(offerId).filter(o -> !f.roles().contains(role(o.offer())))
                    .ifPresent(o -> {
                        m.offers().remove(o.id());
                        m.rescind(o);
                    });
        }
        m.allocation().updateFramework(f.id(), info, f.suppressedRoles());
        m.allocation().allocateSoon();
    }

    private static String role(Offer o) {
        return o.getAllocationInfo().getRole();
    }
}
