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

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the agent knows about who may talk to it and how it presents itself: HTTP authentication and
 * authorization of its endpoints, executors' tokens, and its own credential for the master. Built once, from the
 * options, at the agent's start; reading the key and credential files then, so that a missing or malformed file
 * stops the agent with a message naming it.
 */
public final class AgentSecurity {
    private static final Logger LOG = LoggerFactory.getLogger(AgentSecurity.class);

    private final SecurityOptions options;
    private final HttpAuthentication http;
    private final ExecutorAuthentication executors;
    private final Optional<AgentCredential> credential;

    private AgentSecurity(SecurityOptions options, HttpAuthentication http, ExecutorAuthentication executors,
            Optional<AgentCredential> credential) {
        this.options = options;
        this.http = http;
        this.executors = executors;
        this.credential = credential;
    }

    /**
     * @param workDir where a generated executor key is kept
     * @param authentication where Authenticators run (they may block)
     * @throws IllegalArgumentException naming the key or credential file that cannot be used
     */
    public static AgentSecurity create(SecurityOptions options, Path workDir, Executor authentication) {
        ExecutorAuthentication executors = ExecutorAuthentication.off();
        if (options.authenticateExecutors()) {
            Path keyFile = options.executorSecretKeyFile(workDir);
            byte[] key = options.executorSecretKey().isPresent() ? ExecutorSecretKey.read(keyFile)
                    : ExecutorSecretKey.readOrGenerate(keyFile);
            executors = ExecutorAuthentication.required(new ExecutorTokens(key));
        } else {
            LOG.warn("Executors are not authenticated (authenticate.http.executors=false): any local process can "
                    + "act as any executor on the executor API");
        }
        Optional<AgentCredential> credential = options.credential().map(AgentCredential::read);
        credential.ifPresent(c -> LOG.info("The agent presents the {} to the master", c));
        return new AgentSecurity(options, new HttpAuthentication(options, authentication), executors, credential);
    }

    public SecurityOptions options() {
        return options;
    }

    /** Authentication and authorization of the agent's HTTP endpoints. */
    public HttpAuthentication http() {
        return http;
    }

    /** Executors' tokens, and their check on the executor API. */
    public ExecutorAuthentication executors() {
        return executors;
    }

    /** The headers the agent sends with its channel's WebSocket upgrade: its credential, when it has one. */
    public Map<String, String> masterChannelHeaders() {
        return credential.map(c -> Map.of("Authorization", c.basicAuthorization())).orElse(Map.of());
    }
}
