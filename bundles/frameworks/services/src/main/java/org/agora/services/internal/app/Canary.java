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
package org.agora.services.internal.app;

/**
 * Beyond Marathon: the canary step of an {@link UpgradeStrategy}. Before a new configuration replaces any instance,
 * {@code instances} instances of it start beside the old ones (on top of {@code maximumOverCapacity}: the old
 * instances are not touched); once all of them are ready and have stayed ready for {@code holdSeconds}, the rolling
 * replacement continues by itself ({@link Promote#AUTO}) or when an operator promotes the deployment
 * ({@link Promote#MANUAL}). A canary that turns unhealthy or ends fails the deployment, which rolls back.
 *
 * @param instances   how many instances of the new version to start first (at least 1; at most the app's count)
 * @param holdSeconds how long the canaries must stay ready before they are promoted (0: at once)
 * @param promote     who promotes them
 */
public record Canary(int instances, int holdSeconds, Promote promote) {

    /** Who ends the canary step once the canaries held. */
    public enum Promote {
        /** The scheduler, as soon as the canaries held for {@code holdSeconds}. */
        AUTO,
        /** An operator, with {@code POST /v2/deployments/{id}/promote}. */
        MANUAL
    }
}
