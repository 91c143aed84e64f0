package org.agora.agent.internal.security;

import java.util.concurrent.CompletionStage;
import org.agora.http.Request;
import org.agora.http.Response;

/** Serves one route once {@link HttpAuthentication} has found who calls it. */
@FunctionalInterface
public interface SecuredHandler {
    CompletionStage<Response> handle(Request request, Caller caller);
}
