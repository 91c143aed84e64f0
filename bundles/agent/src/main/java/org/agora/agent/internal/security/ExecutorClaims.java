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
package org.agora.agent.internal.security;

/**
 * Whom an executor token was given to: one executor, in one container, of one framework (Mesos's claims {@code fid},
 * {@code eid} and {@code cid}).
 */
public record ExecutorClaims(String frameworkId, String executorId, String containerId) {

    /** Whether the token was given to the executor {@code executorId} of {@code frameworkId}. */
    public boolean names(String frameworkId, String executorId) {
        return this.frameworkId.equals(frameworkId) && this.executorId.equals(executorId);
    }

    @Override
    public String toString() {
        return "executor " + executorId + " of framework " + frameworkId + " in container " + containerId;
    }
}
