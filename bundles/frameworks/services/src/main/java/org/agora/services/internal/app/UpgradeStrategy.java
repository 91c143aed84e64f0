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

import java.util.Optional;

/**
 * How a new version replaces the instances of the old one.
 *
 * @param minimumHealthCapacity share of {@code instances} that must stay healthy during the upgrade; default 1
 * @param maximumOverCapacity   share of {@code instances} that may run on top of them; default 1
 * @param deadlineSeconds       beyond Marathon: a deployment to this version not finished after this many
 *                              seconds is rolled back by itself (the instances never became healthy, say); 0, the
 *                              default, waits for ever as Marathon does
 * @param crashLoopLimit        beyond Marathon: a deployment to this version whose new instances ended unexpectedly
 *                              this many times stops relaunching them, fails (with the last task's status) and
 *                              rolls back; 0, the default, relaunches with backoff for ever as Marathon does
 * @param canary                beyond Marathon: a canary step before the rolling replacement; empty, the default,
 *                              replaces at once as Marathon does
 */
public record UpgradeStrategy(double minimumHealthCapacity, double maximumOverCapacity, int deadlineSeconds,
        int crashLoopLimit, Optional<Canary> canary) {
    public static final UpgradeStrategy DEFAULT = new UpgradeStrategy(1.0, 1.0, 0, 0);

    /** Without a canary step. */
    public UpgradeStrategy(double minimumHealthCapacity, double maximumOverCapacity, int deadlineSeconds,
            int crashLoopLimit) {
        this(minimumHealthCapacity, maximumOverCapacity, deadlineSeconds, crashLoopLimit, Optional.empty());
    }

    /** Marathon's two fields, without a deadline or crash-loop limit. */
    public UpgradeStrategy(double minimumHealthCapacity, double maximumOverCapacity) {
        this(minimumHealthCapacity, maximumOverCapacity, 0, 0);
    }
}
