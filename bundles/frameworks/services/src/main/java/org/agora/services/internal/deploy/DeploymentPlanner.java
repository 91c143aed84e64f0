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
import java.util.Optional;
import org.agora.services.internal.app.AppDefinition;

/**
 * Turns a change of one app into a deployment's steps, as Marathon plans them: a new app is started then scaled, a
 * change of the instance count alone is a scale, any other change is a restart (a rolling replacement), a removed
 * app is stopped.
 */
public final class DeploymentPlanner {
    private DeploymentPlanner() {
    }

    /**
     * The steps from {@code original} to {@code target}; empty when nothing changes.
     *
     * @throws IllegalArgumentException when both are empty
     */
    public static List<StepAction> plan(Optional<AppDefinition> original, Optional<AppDefinition> target) {
        return plan(original, target, false);
    }

    /**
     * The steps from {@code original} to {@code target}; a restart to a target whose upgrade strategy has a canary
     * begins with {@link StepAction#CanaryApplication}, unless it is a {@code rollback} (which goes back at once) or
     * the target has no instances.
     *
     * @throws IllegalArgumentException when both are empty
     */
    public static List<StepAction> plan(Optional<AppDefinition> original, Optional<AppDefinition> target,
            boolean rollback) {
        if (original.isEmpty() && target.isEmpty()) {
            throw new IllegalArgumentException("a deployment needs an original or a target app");
        }
        if (original.isEmpty()) {
            return List.of(StepAction.StartApplication, StepAction.ScaleApplication);
        }
        if (target.isEmpty()) {
            return List.of(StepAction.StopApplication);
        }
        AppDefinition from = original.get();
        AppDefinition to = target.get();
        if (!from.lastConfigChangeAt().equals(to.lastConfigChangeAt()) || !from.sameConfig(to)) {
            if (!rollback && to.instances() > 0 && to.upgradeStrategy().canary().isPresent()) {
                return List.of(StepAction.CanaryApplication, StepAction.RestartApplication);
            }
            return List.of(StepAction.RestartApplication);
        }
        if (from.instances() != to.instances()) {
            return List.of(StepAction.ScaleApplication);
        }
        return List.of();
    }
}
