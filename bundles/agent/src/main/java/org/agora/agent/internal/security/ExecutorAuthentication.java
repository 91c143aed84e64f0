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

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor API's check of who calls it (Mesos's {@code --authenticate_http_executors}): every call carries
 * {@code Authorization: Bearer <token>} with the token the agent signed for the executor, and the token's claims name
 * the framework and executor the call is made as. A missing, malformed, forged or expired token is a 401; another
 * executor's token is a 403. Each refusal is logged once per executor (and reason), not once per request.
 * Thread-safe.
 */
public final class ExecutorAuthentication {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorAuthentication.class);
    /** The challenge of a 401, as Mesos's JWT authenticator words it. */
    public static final String CHALLENGE = "Bearer realm=\"agora-executor\"";

    private final Optional<ExecutorTokens> tokens;
    private final OnceLog logged = new OnceLog();

    private ExecutorAuthentication(Optional<ExecutorTokens> tokens) {
        this.tokens = tokens;
    }

    /** Executors are not asked for a token; none is given to them. */
    public static ExecutorAuthentication off() {
        return new ExecutorAuthentication(Optional.empty());
    }

    /** Executors get tokens signed by {@code tokens} and must present them. */
    public static ExecutorAuthentication required(ExecutorTokens tokens) {
        return new ExecutorAuthentication(Optional.of(tokens));
    }

    /** What signs the tokens executors get; empty when executors are not authenticated. */
    public Optional<ExecutorTokens> tokens() {
        return tokens;
    }

    /** A call refused for who made it. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        /** 401 (no valid token) or 403 (another executor's token). */
        public int status() {
            return status;
        }
    }

    /**
     * Checks the token of a call.
     *
     * @param authorization the request's Authorization header
     * @param frameworkId the framework the call is made for, for logs; empty when the call could not be read
     * @param executorId the executor the call is made as, likewise
     * @return the token's claims; empty when executors are not authenticated
     * @throws Refused 401 for a missing, malformed, forged or expired token
     */
    public Optional<ExecutorClaims> authenticate(Optional<String> authorization, String frameworkId,
            String executorId) throws Refused {
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        String who = "executor " + executorId + " of framework " + frameworkId;
        String header = authorization.orElse("").trim();
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw refused(401, who, "missing", "Executor API calls need 'Authorization: Bearer <token>' with the "
                    + "token in the executor's " + ExecutorTokens.ENVIRONMENT_VARIABLE);
        }
        try {
            return Optional.of(tokens.get().verify(header.substring(7).trim()));
        } catch (InvalidTokenException e) {
            throw refused(401, who, "invalid", "Invalid executor token: " + e.getMessage());
        }
    }

    /**
     * Checks that the token was given to the executor the call is made as.
     *
     * @throws Refused 403 for another executor's token
     */
    public void authorize(Optional<ExecutorClaims> claims, String frameworkId, String executorId) throws Refused {
        if (claims.isPresent() && !claims.get().names(frameworkId, executorId)) {
            String who = "executor " + executorId + " of framework " + frameworkId;
            throw refused(403, who, "other:" + claims.get().frameworkId() + "/" + claims.get().executorId(),
                    "The token of " + claims.get() + " does not allow calls as " + who);
        }
    }

    private Refused refused(int status, String who, String reason, String message) {
        if (logged.first(reason.startsWith("other:") ? reason + "->" + who : reason + ":" + who)) {
            LOG.warn("Refusing executor API calls made as {} ({}): {} (logged once per executor)", who, status,
                    message);
        }
        return new Refused(status, message);
    }
}
