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

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.FrameworkID;

/**
 * Executors' tokens, as Mesos's agent makes them with {@code --executor_secret_key}: a JWT (HS256) whose claims name
 * the framework ({@code fid}), the executor ({@code eid}) and its container ({@code cid}).
 * The agent gives each executor
 * it launches its token in {@code MESOS_EXECUTOR_AUTHENTICATION_TOKEN}; the executor presents it as
 * {@code Authorization: Bearer <token>} on the executor API. Tokens do not expire (an executor may run for months, as
 * in Mesos), but one with an {@code exp} claim in the past is refused. Thread-safe.
 */
public final class ExecutorTokens {
    /** The variable the executor finds its token in, as Mesos names it. */
    public static final String ENVIRONMENT_VARIABLE = "MESOS_EXECUTOR_AUTHENTICATION_TOKEN";

    private final HmacJwt jwt;

    public ExecutorTokens(byte[] key) {
        this(key, Clock.systemUTC());
    }

    ExecutorTokens(byte[] key, Clock clock) {
        this.jwt = new HmacJwt(key, clock);
    }

    /** The token of executor {@code executorId} of {@code frameworkId} running in {@code containerId}. */
    public String issue(FrameworkID frameworkId, ExecutorID executorId, ContainerID containerId) {
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("fid", frameworkId.getValue());
        claims.put("eid", executorId.getValue());
        claims.put("cid", containerId.getValue());
        return jwt.sign(claims);
    }

    /**
     * @return whom a token this agent signed was given to
     * @throws InvalidTokenException when the token is malformed, forged (not signed with this agent's key), expired
     *         or lacks a claim
     */
    public ExecutorClaims verify(String token) throws InvalidTokenException {
        Map<String, Object> claims = jwt.verify(token);
        return new ExecutorClaims(claim(claims, "fid"), claim(claims, "eid"), claim(claims, "cid"));
    }

    private static String claim(Map<String, Object> claims, String name) throws InvalidTokenException {
        if (claims.get(name) instanceof String value) {
            return value;
        }
        throw new InvalidTokenException("the token has no '" + name + "' claim");
    }
}
