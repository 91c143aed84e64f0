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
package org.agora.agent.internal.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.agora.api.security.Authenticator;
import org.agora.api.security.Authorizer;
import org.agora.api.security.Principal;
import org.agora.http.HttpHandler;
import org.agora.http.Request;
import org.agora.http.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP Basic authentication of the agent's endpoints (Mesos's {@code --authenticate_http_readonly} and
 * {@code --authenticate_http_readwrite}), against the Authenticator service chosen by the {@code authenticator} option,
 * and the Authorizer chosen by {@code authorizer} for what follows. Missing or wrong credentials answer 401 with
 * {@code WWW-Authenticate: Basic realm="agora"}; when authentication is required but no authenticator (or not the one
 * named) is installed, every request is refused with 503: the agent never serves such a realm unauthenticated. The
 * authenticator runs on {@code executor}, off the Netty event loop, since a JAAS realm may block. The services are
 * chosen anew for each request, so one installed or removed at runtime takes effect at once.
 */
public final class HttpAuthentication {
    private static final Logger LOG = LoggerFactory.getLogger(HttpAuthentication.class);
    /** The challenge of a 401. */
    public static final String CHALLENGE = "Basic realm=\"agora\"";

    private final SecurityOptions options;
    private final Executor executor;
    private final RankedServices<Authenticator> authenticators = new RankedServices<>(Authenticator::name);
    private final RankedServices<Authorizer> authorizers = new RankedServices<>(Authorizer::name);
    private final OnceLog logged = new OnceLog();

    /** @param executor where authenticators run */
    public HttpAuthentication(SecurityOptions options, Executor executor) {
        this.options = options;
        this.executor = executor;
    }

    public void addAuthenticator(Authenticator a, Map<String, ?> properties) {
        authenticators.add(a, properties);
    }

    public void removeAuthenticator(Authenticator a) {
        authenticators.remove(a);
    }

    public void addAuthorizer(Authorizer a, Map<String, ?> properties) {
        authorizers.add(a, properties);
    }

    public void removeAuthorizer(Authorizer a) {
        authorizers.remove(a);
    }

    /** {@code handler} behind the read-only realm: authenticated when {@code authenticate.http.readonly} is set. */
    public HttpHandler readonly(SecuredHandler handler) {
        return guard(options.authenticateReadonly(), handler);
    }

    /** {@code handler} behind the read-write realm: authenticated when {@code authenticate.http.readwrite} is set. */
    public HttpHandler readwrite(SecuredHandler handler) {
        return guard(options.authenticateReadwrite(), handler);
    }

    private HttpHandler guard(boolean authenticate, SecuredHandler handler) {
        return request -> {
            Optional<Authorizer> authorizer = authorizers.choose(options.authorizer());
            if (authorizer.isEmpty() && !options.authorizer().isEmpty()) {
                return unavailable("Authorizer '" + options.authorizer() + "' is configured but not installed"
                        + installed(authorizers));
            }
            if (!authenticate) {
                return handler.handle(request, new Caller(Optional.empty(), authorizer));
            }
            Optional<Authenticator> authenticator = authenticators.choose(options.authenticator());
            if (authenticator.isEmpty()) {
                return unavailable("Authentication is required but " + (options.authenticator().isEmpty()
                        ? "no authenticator is installed" : "authenticator '" + options.authenticator()
                        + "' is not installed" + installed(authenticators)));
            }
            Optional<String[]> credentials = basic(request.header("Authorization"));
            if (credentials.isEmpty()) {
                return unauthorized("This endpoint needs HTTP Basic credentials");
            }
            String principal = credentials.get()[0];
            return CompletableFuture.supplyAsync(() -> authenticator.get().authenticate(principal,
                    credentials.get()[1]), executor)
                    .handle((found, error) -> outcome(request, authenticator.get(), principal, found, error))
                    .thenCompose(o -> o.refusal() != null ? CompletableFuture.completedFuture(o.refusal())
                            : handler.handle(request, new Caller(Optional.of(o.principal()), authorizer)));
        };
    }

    /** What authentication found: the principal, or the answer that refuses the request. */
    private record Outcome(Principal principal, Response refusal) {
    }

    private Outcome outcome(Request request, Authenticator authenticator, String principal,
            Optional<Principal> found, Throwable error) {
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            LOG.warn("Authenticator {} failed for principal '{}' on {}: {}", authenticator.name(), principal,
                    request, cause.toString());
            return new Outcome(null, Response.text(503, "Authentication is not possible now: the authenticator "
                    + "failed"));
        }
        if (found == null || found.isEmpty()) {
            if (logged.first(principal)) {
                LOG.info("HTTP request {} refused: wrong credentials for principal '{}' (logged once per "
                        + "principal)", request, principal);
            }
            return new Outcome(null, challenge("Invalid credentials for principal '" + principal + "'"));
        }
        return new Outcome(found.get(), null);
    }

    private static String installed(RankedServices<?> services) {
        return services.names().isEmpty() ? "" : " (installed: " + String.join(", ", services.names()) + ")";
    }

    /** Principal and secret of an {@code Authorization: Basic} header; empty when missing or malformed. */
    static Optional<String[]> basic(Optional<String> header) {
        String h = header.orElse("").trim();
        if (!h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }

    private static CompletionStage<Response> unauthorized(String message) {
        return CompletableFuture.completedFuture(challenge(message));
    }

    private static Response challenge(String message) {
        return Response.text(401, message).header("WWW-Authenticate", CHALLENGE);
    }

    private static CompletionStage<Response> unavailable(String message) {
        return CompletableFuture.completedFuture(Response.text(503, message));
    }
}
