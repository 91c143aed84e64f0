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
package org.agora.api.hook;

import java.util.Map;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskStatus;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Called by the agent on its actor thread. Hooks must be quick and must not block; an exception thrown by a hook is
 * logged and the hook is skipped for that call.
 */
@ConsumerType
public interface AgentHook {

    /** Environment variables to add to the task's command; {@code environment} is what it has so far (read-only). */
    default Map<String, String> decorateEnvironment(FrameworkInfo framework, TaskInfo task,
            Map<String, String> environment) {
        return Map.of();
    }

    /** A status update for a task is about to be sent to the master. */
    default void taskStatusChanged(FrameworkInfo framework, TaskStatus status) {
    }
}
