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
package org.agora.services.internal.deploy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.agora.services.internal.app.AppDefinition;

/**
 * One deployment: the change of one app from {@code original} to {@code target} as a list of steps, run in order.
 * Immutable; the scheduler replaces it when a step completes.
 *
 * @param id          the deployment id (a UUID)
 * @param version     when it was made (ISO-8601); the target's version
 * @param appId       the app it changes (and locks)
 * @param steps       the steps, one action each
 * @param currentStep index of the step running now (from 0)
 * @param original    the app before; empty when the deployment creates it
 * @param target      the app after; empty when the deployment removes it
 * @param rollback    whether it rolls another deployment back (a rollback has no deadline of its own)
 */
public record Deployment(String id, String version, String appId, List<StepAction> steps, int currentStep,
        Optional<AppDefinition> original, Optional<AppDefinition> target, boolean rollback) {

    public Deployment {
        Objects.requireNonNull(id, "id");
        steps = List.copyOf(steps);
    }

    /** A deployment that is not a rollback. */
    public Deployment(String id, String version, String appId, List<StepAction> steps, int currentStep,
            Optional<AppDefinition> original, Optional<AppDefinition> target) {
        this(id, version, appId, steps, currentStep, original, target, false);
    }

    /** The action of the current step. */
    public StepAction action() {
        return steps.get(currentStep);
    }

    /** True if the current step is the last one. */
    public boolean lastStep() {
        return currentStep >= steps.size() - 1;
    }

    /** This deployment at its next step. */
    public Deployment advanced() {
        return new Deployment(id, version, appId, steps, currentStep + 1, original, target, rollback);
    }
}
