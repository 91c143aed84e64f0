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

import java.time.Duration;
import java.util.Optional;

/** One kind of health check, run once per call on a health-check thread. */
public interface HealthProbe {
    /**
     * Checks the task once, blocking for at most {@code timeout}; a check that takes longer fails.
     *
     * @param timeout zero for no limit (Mesos's {@code timeout_seconds: 0})
     * @return empty when the task is healthy, else why it is not
     * @throws InterruptedException when the check is abandoned (the task ended); whatever it started is stopped
     */
    Optional<String> check(Duration timeout) throws InterruptedException;

    /** What the check does, for logs: {@code HTTP GET http://127.0.0.1:8080/health}. */
    String describe();
}
