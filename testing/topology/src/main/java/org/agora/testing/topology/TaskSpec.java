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
package org.agora.testing.topology;

import java.util.Optional;

/**
 * A task for a {@link TrackingFramework} to launch: {@code command} runs with {@code sh -c} in {@code cpus} and
 * {@code mem} (MB) of unreserved resources; {@code agentId}, when given, pins it to that agent's offers.
 */
public record TaskSpec(String id, double cpus, double mem, String command, Optional<String> agentId) {

    /** A task that may run on any agent. */
    public TaskSpec(String id, double cpus, double mem, String command) {
        this(id, cpus, mem, command, Optional.empty());
    }

    /** The same task, pinned to agent {@code agentId}. */
    public TaskSpec on(String agentId) {
        return new TaskSpec(id, cpus, mem, command, Optional.of(agentId));
    }
}
