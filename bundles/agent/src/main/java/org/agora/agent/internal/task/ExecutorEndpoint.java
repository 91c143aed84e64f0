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
package org.agora.agent.internal.task;

import java.util.Optional;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.executor.Protos.Call;

/**
 * The agent's side of the v1 executor API ({@code POST /api/v1/executor}), for the HTTP layer. Every method runs on
 * the agent's actor thread and refuses a call with an {@link ExecutorCallException}. {@code container} is the
 * container the caller's token was given for, when executors authenticate: a call with the token of an earlier run
 * of the same executor id is refused (FORBIDDEN).
 */
public interface ExecutorEndpoint {

    /** Whether a SUBSCRIBE of this executor can be taken: the agent runs it for that framework. */
    void checkSubscription(FrameworkID frameworkId, ExecutorID executorId, Optional<String> container);

    /** A SUBSCRIBE whose event stream is open: SUBSCRIBED, then whatever is queued for the executor. */
    void subscribe(Call call, Optional<String> container, ExecutorConnection connection);

    /** The executor's event stream closed. */
    void disconnected(ExecutorConnection connection);

    /** UPDATE, MESSAGE or HEARTBEAT (checked by {@link ExecutorCallChecks}). */
    void call(Call call, Optional<String> container);
}
