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
package org.agora.agent.internal.health;

/**
 * A change the executor reports for a task's health: a TASK_RUNNING update with {@code healthy} set, and, with
 * {@code kill}, the end of the task.
 *
 * @param consecutiveFailures the failures in a row so far (0 for a healthy report)
 * @param kill the failures reached the check's {@code consecutive_failures}: the executor kills the task
 * @param reason why the last check failed; empty for a healthy report
 */
public record HealthReport(boolean healthy, long consecutiveFailures, boolean kill, String reason) {
}
