package org.agora.http;

import java.util.concurrent.CompletionStage;

/**
 * Serves one route. Called on a Netty I/O thread: hand state changes to the owning actor and return a stage that the
 * actor completes. A stage completed exceptionally with an {@link HttpException} becomes that status; anything else
 * becomes a 500 with the exception's message.
 */
@FunctionalInterface
public interface HttpHandler {
    CompletionStage<Response> handle(Request request);
}
