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

import java.time.Duration;

/**
 * What an agent's recovery found and did.
 *
 * @param frameworks checkpointing frameworks with tasks taken over
 * @param adopted tasks whose process still ran and was adopted
 * @param endedWhileDown tasks whose process ended while no agent ran, reported now
 * @param awaitingAcknowledgement tasks already ended before the restart whose terminal update still waits for its
 *     acknowledgement
 * @param killed processes killed at once because nothing can manage them: tasks of shut-down frameworks, of unreadable
 *     checkpoints or of a former agent id (adopted tasks that cleanup mode kills count as adopted)
 * @param errors malformed or unreadable checkpoint files, skipped
 * @param took from reading the checkpoint to having every task in its state
 */
public record RecoverySummary(int frameworks, int adopted, int endedWhileDown, int awaitingAcknowledgement,
        int killed, int errors, Duration took) {

    /** Tasks the agent knows again. */
    public int tasks() {
        return adopted + endedWhileDown + awaitingAcknowledgement;
    }
}
