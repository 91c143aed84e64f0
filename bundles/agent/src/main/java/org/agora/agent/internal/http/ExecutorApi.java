package org.agora.agent.internal.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.agora.agent.internal.AgentView;
import org.agora.agent.internal.task.ExecutorCallChecks;
import org.agora.agent.internal.task.ExecutorCallException;
import org.agora.api.v1.executor.Protos.Call;
import org.agora.http.Encoding;
import org.agora.http.HttpException;
import org.agora.http.Request;
import org.agora.http.Response;

/**
 * {@code POST /api/v1/executor}: the Mesos v1 executor API, in protobuf or JSON. SUBSCRIBE answers 200 with a chunked
 * RecordIO stream of events (refused with 400 when the agent runs no such executor); UPDATE, MESSAGE and HEARTBEAT
 * answer 202 once the agent has taken them (403 before the executor subscribed).
 */
final class ExecutorApi {
    private static final String RECORDIO = "application/recordio";

    private final AgentView agent;

    ExecutorApi(AgentView agent) {
        this.agent = agent;
    }

    CompletableFuture<Response> handle(Request request) {
        Encoding in = Encoding.ofRequest(request);
        Call call = in.decode(request.body(), Call.newBuilder());
        try {
            ExecutorCallChecks.check(call);
        } catch (ExecutorCallException e) {
            throw refused(e);
        }
        if (call.getType() == Call.Type.SUBSCRIBE) {
            return subscribe(request, call);
        }
        return agent.call(a -> {
            a.executorApi().call(call);
            return Response.accepted();
        }).exceptionally(ExecutorApi::failed);
    }

    private CompletableFuture<Response> subscribe(Request request, Call call) {
        boolean recordIo = request.header("Accept").map(a -> a.contains(RECORDIO)).orElse(false);
        Encoding out = recordIo ? Encoding.accepted(request, "Message-Accept") : Encoding.accepted(request, "Accept");
        return agent.call(a -> {
            a.executorApi().checkSubscription(call.getFrameworkId(), call.getExecutorId());
            Response r = Response.stream(200, recordIo ? RECORDIO : out.mediaType(), stream -> {
                ExecutorStream events = new ExecutorStream(out, stream);
                agent.call(b -> {
                    b.executorApi().subscribe(call, events);
                    return null;
                });
                stream.onClose(() -> agent.call(b -> {
                    b.executorApi().disconnected(events);
                    return null;
                }));
            });
            if (recordIo) {
                r.header("Message-Content-Type", out.mediaType());
            }
            return r;
        }).exceptionally(ExecutorApi::failed);
    }

    /** An executor call the agent refused becomes a 4xx with its message; anything else stays a failure. */
    private static Response failed(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ExecutorCallException e) {
            throw refused(e);
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        throw new CompletionException(cause);
    }

    private static HttpException refused(ExecutorCallException e) {
        return new HttpException(e.kind() == ExecutorCallException.Kind.FORBIDDEN ? 403 : 400, e.getMessage());
    }
}
