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
package org.agora.agent.internal.checkpoint;

import java.nio.charset.StandardCharsets;

/**
 * A kill under way when the agent stopped: a restarted agent finishes it (SIGKILL once the deadline passed) and
 * reports the task killed rather than failed.
 *
 * @param deadlineEpochMillis when the grace period ends (wall clock: it must mean the same to the next agent)
 * @param maxCompletionTime the kill was for reaching the task's max_completion_time (reported as TASK_FAILED)
 */
public record KillMarker(long deadlineEpochMillis, boolean maxCompletionTime) {

    byte[] encode() {
        return (deadlineEpochMillis + " " + (maxCompletionTime ? "completion" : "kill"))
                .getBytes(StandardCharsets.US_ASCII);
    }

    static KillMarker decode(byte[] bytes) {
        String[] f = new String(bytes, StandardCharsets.US_ASCII).split(" ");
        if (f.length != 2 || !(f[1].equals("completion") || f[1].equals("kill"))) {
            throw new IllegalArgumentException("expected '<deadline ms> kill|completion'");
        }
        return new KillMarker(Long.parseLong(f[0]), f[1].equals("completion"));
    }
}
