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

import java.util.Locale;

/** What an agent restart does to checkpointed tasks (Mesos's {@code --recover}). */
public enum RecoveryMode {
    /** Stopping the agent leaves checkpointed tasks running; the next agent adopts them (Mesos's default). */
    RECONNECT,
    /** Stopping the agent kills every task; the next agent kills whatever an earlier one left running. */
    CLEANUP;

    /**
     * @throws IllegalArgumentException for anything but reconnect or cleanup
     */
    public static RecoveryMode parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "reconnect" -> RECONNECT;
            case "cleanup" -> CLEANUP;
            default -> throw new IllegalArgumentException("'" + value + "' is not reconnect or cleanup");
        };
    }

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
