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

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.agora.agent.internal.Agent;
import org.agora.agent.internal.AgentView;
import org.agora.agent.internal.files.SandboxPath;
import org.agora.agent.internal.security.Caller;
import org.agora.agent.internal.task.TasksView;
import org.agora.api.security.Action;
import org.agora.http.HttpException;

/**
 * Whether a caller may see what lies at a {@code /files} path: ACCESS_SANDBOX on the user the executor whose sandbox it
 * is runs as ({@code <agent>/frameworks/<framework>/executors/<executor>/...}). Above the sandboxes, or in one of an
 * executor the agent no longer knows, the caller must be allowed ACCESS_SANDBOX on every user (no object).
 */
final class SandboxAccess {
    private final AgentView agent;
    private final Executor decide;

    /** @param decide where the authorizer is asked (not the agent's actor) */
    SandboxAccess(AgentView agent, Executor decide) {
        this.agent = agent;
        this.decide = decide;
    }

    FilesEndpoint.Gate gate(Caller caller) {
        if (!caller.authorizing()) {
            return path -> CompletableFuture.completedFuture(null);
        }
        return path -> userOf(path).thenAcceptAsync(user -> {
            if (!caller.may(Action.ACCESS_SANDBOX, user)) {
                throw HttpException.forbidden(caller.describe() + " may not access the sandbox of '" + path.asked()
                        + "'");
            }
        }, decide);
    }

    /** The user of the executor whose sandbox {@code path} is in; empty above the sandboxes or when unknown. */
    private CompletionStage<Optional<String>> userOf(SandboxPath path) {
        List<String> n = path.names();
        if (n.size() < 5 || !n.get(1).equals("frameworks") || !n.get(3).equals("executors")) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String frameworkId = n.get(2);
        String executorId = n.get(4);
        return agent.call(Agent::snapshot).thenApply(s -> Stream.concat(s.tasks().frameworks().stream(),
                s.tasks().completedFrameworks().stream())
                .filter(f -> f.info().getId().getValue().equals(frameworkId))
                .flatMap(f -> Stream.concat(f.executors().stream(), f.completedExecutors().stream()))
                .filter(e -> e.id().getValue().equals(executorId)).map(TasksView.ExecutorView::user).findFirst());
    }
}
