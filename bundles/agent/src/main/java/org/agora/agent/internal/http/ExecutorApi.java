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

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.agora.agent.internal.AgentView;
import org.agora.agent.internal.security.ExecutorAuthentication;
import org.agora.agent.internal.security.ExecutorClaims;
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
 * answer 202 once the agent has taken them (403 before the executor subscribed). When executors authenticate, every
 * call first shows the executor's token: 401 without a valid one, 403 with another executor's (or another run's).
 */
final class ExecutorApi {
    private static final String RECORDIO = "application/recordio";

    private final AgentView agent;
    private final ExecutorAuthentication authentication;

    ExecutorApi(AgentView agent) {
        this.agent = agent;
        this.authentication = agent.security().executors();
    }

    CompletableFuture<Response> handle(Request request) {
        Call decoded = null;
        HttpException malformed = null;
        try {
            decoded = Encoding.ofRequest(request).decode(request.body(), Call.newBuilder());
        } catch (HttpException e) {
            // who calls is checked first: a malformed call without a valid token is a 401 all the same
            malformed = e;
        }
        Optional<ExecutorClaims> claims;
        try {
            String framework = decoded == null ? "?" : decoded.getFrameworkId().getValue();
            String executor = decoded == null ? "?" : decoded.getExecutorId().getValue();
            claims = authentication.authenticate(request.header("Authorization"), framework, executor);
            if (decoded != null) {
                authentication.authorize(claims, framework, executor);
            }
        } catch (ExecutorAuthentication.Refused e) {
            Response r = Response.text(e.status(), e.getMessage());
            return CompletableFuture.completedFuture(e.status() == 401
                    ? r.header("WWW-Authenticate", ExecutorAuthentication.CHALLENGE) : r);
        }
        if (malformed != null) {
            throw malformed;
        }
        Call call = decoded;
        try {
            ExecutorCallChecks.check(call);
        } catch (ExecutorCallException e) {
            throw refused(e);
        }
        Optional<String> container = claims.map(ExecutorClaims::containerId);
        if (call.getType() == Call.Type.SUBSCRIBE) {
            return subscribe(request, call, container);
        }
        return agent.call(a -> {
            a.executorApi().call(call, container);
            return Response.accepted();
        }).exceptionally(ExecutorApi::failed);
    }

    private CompletableFuture<Response> subscribe(Request request, Call call, Optional<String> container) {
        boolean recordIo = request.header("Accept").map(a -> a.contains(RECORDIO)).orElse(false);
        Encoding out = recordIo ? Encoding.accepted(request, "Message-Accept") : Encoding.accepted(request, "Accept");
        return agent.call(a -> {
            a.executorApi().checkSubscription(call.getFrameworkId(), call.getExecutorId(), container);
            Response r = Response.stream(200, recordIo ? RECORDIO : out.mediaType(), stream -> {
                ExecutorStream events = new ExecutorStream(out, stream);
                agent.call(b -> {
                    b.executorApi().subscribe(call, container, events);
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
