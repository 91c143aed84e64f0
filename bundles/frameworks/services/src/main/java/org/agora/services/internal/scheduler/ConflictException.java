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
package org.agora.services.internal.scheduler;

import java.util.List;

/**
 * A change that collides with what exists: an app already there (create), or an app locked by a running
 * deployment (without {@code force}). The API answers 409, listing {@link #deployments()}.
 */
public final class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> deployments;

    public ConflictException(String message, List<String> deployments) {
        super(message);
        this.deployments = List.copyOf(deployments);
    }

    /** The ids of the deployments that lock the app; empty when it is not a lock. */
    public List<String> deployments() {
        return deployments;
    }
}
