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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.agora.http.HttpException;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.master.internal.MasterAccess;
import org.agora.master.internal.security.AuthenticationException;
import org.agora.master.internal.security.Caller;
import org.agora.master.internal.security.Guard;
import org.agora.master.internal.security.NotAuthorizedException;

/**
 * Runs an endpoint for the caller its credentials make it, or answers for it: 401 with a Basic challenge when the
 * credentials are missing or wrong, 503 when nothing can check them, 403 when the caller may not do what it asked.
 */
final class Authenticated {
    static final String CHALLENGE = "Basic realm=\"agora\"";

    private Authenticated() {
    }

    static CompletableFuture<Response> call(MasterAccess master, Request request, Guard.Need need,
            Function<Caller, CompletableFuture<Response>> endpoint) {
        return master.guard().authenticate(request.header("Authorization"), need)
                .handle((caller, error) -> error == null ? endpoint.apply(caller)
                        : CompletableFuture.completedFuture(refusal(error)))
                .thenCompose(r -> r);
    }

    /** The answer to a failed authentication; other failures pass through. */
    static Response refusal(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof AuthenticationException a) {
            return a.unavailable() ? Response.text(503, a.getMessage())
                    : Response.text(401, a.getMessage()).header("WWW-Authenticate", CHALLENGE);
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        throw new CompletionException(e);
    }

    /** 403 for a caller the authorizer refuses. */
    static HttpException forbidden(NotAuthorizedException e) {
        return HttpException.forbidden(e.getMessage());
    }
}
