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
import java.util.Optional;

/**
 * Who may call the agent, as its options set it.
 *
 * @param authenticateReadonly HTTP Basic on the endpoints that only read (/state, /flags, /files/*,
 *        /monitor/statistics) (Mesos: --authenticate_http_readonly)
 * @param authenticateReadwrite HTTP Basic on the agent's operator API, /api/v1 (Mesos: --authenticate_http_readwrite)
 * @param authenticateExecutors executors present the token the agent signed for them on the v1 executor API
 *        (Mesos: --authenticate_http_executors)
 * @param authenticator the Authenticator service to use, by name; empty takes the best ranked one there is
 * @param authorizer the Authorizer service to use, by name; empty takes the best ranked one there is, and with none
 *        every authenticated caller may do everything (Mesos without ACLs)
 * @param executorSecretKey the file holding the key executor tokens are signed with; empty generates one under the
 *        work directory at first start (Mesos: --executor_secret_key)
 * @param credential the file with the agent's own principal and secret, which it presents to the master
 *        (Mesos: --credential)
 */
public record SecurityOptions(boolean authenticateReadonly, boolean authenticateReadwrite,
        boolean authenticateExecutors, String authenticator, String authorizer, Optional<Path> executorSecretKey,
        Optional<Path> credential) {

    /** The defaults of the agent's configuration: executors authenticate, HTTP callers do not (as in Mesos). */
    public static final SecurityOptions DEFAULTS = new SecurityOptions(false, false, true, "", "", Optional.empty(),
            Optional.empty());

    /** Nothing is authenticated: executors send no token, HTTP callers no credentials. */
    public static final SecurityOptions OPEN = new SecurityOptions(false, false, false, "", "", Optional.empty(),
            Optional.empty());

    /** These options with HTTP authentication on both realms (or off), using the authenticator named (or any). */
    public SecurityOptions withHttpAuthentication(boolean on, String authenticatorName) {
        return new SecurityOptions(on, on, authenticateExecutors, authenticatorName, authorizer, executorSecretKey,
                credential);
    }

    /** These options choosing the authorizer named (empty: the best ranked). */
    public SecurityOptions withAuthorizer(String authorizerName) {
        return new SecurityOptions(authenticateReadonly, authenticateReadwrite, authenticateExecutors, authenticator,
                authorizerName, executorSecretKey, credential);
    }

    /** These options with executor authentication on or off. */
    public SecurityOptions withExecutorAuthentication(boolean on) {
        return new SecurityOptions(authenticateReadonly, authenticateReadwrite, on, authenticator, authorizer,
                executorSecretKey, credential);
    }

    /** These options presenting the credential in {@code file} to the master. */
    public SecurityOptions withCredential(Path file) {
        return new SecurityOptions(authenticateReadonly, authenticateReadwrite, authenticateExecutors, authenticator,
                authorizer, executorSecretKey, Optional.of(file));
    }

    /** The file executors' tokens are signed with the key in: the configured one, else in the work directory. */
    public Path executorSecretKeyFile(Path workDir) {
        return executorSecretKey.orElse(workDir.resolve("executor_secret_key"));
    }
}
