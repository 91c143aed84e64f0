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
package org.agora.agent.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.agora.agent.internal.security.AgentSecurity;
import org.agora.api.containerizer.Containerizer;

/** How code outside the agent's actor (HTTP handlers, the shell, tests) reaches the agent. */
public interface AgentView {

    /** Runs {@code query} on the agent's actor thread; fails with a 503 while the agent is still starting. */
    <T> CompletableFuture<T> call(Function<Agent, T> query);

    AgentSettings settings();

    /** Who may call the agent, and how executors prove who they are. */
    AgentSecurity security();

    /** The agent's logging level, as the operator API's GET_ and SET_LOGGING_LEVEL change it. */
    org.agora.http.LoggingLevel loggingLevel();

    /** The containerizer tasks launch through, when one is installed. */
    default Optional<Containerizer> containerizer() {
        return Optional.empty();
    }
}
