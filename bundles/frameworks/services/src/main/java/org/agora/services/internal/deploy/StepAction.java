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

/** The actions of a deployment step, by Marathon's names (shown in {@code /v2/deployments}). */
public enum StepAction {
    /** Registers the app; no instance yet. */
    StartApplication,
    /** Brings the instance count to the target without changing the instances' configuration. */
    ScaleApplication,
    /**
     * Beyond Marathon: starts the {@code upgradeStrategy.canary} instances of the target beside the old ones and
     * holds until they stayed ready (then promoted by the scheduler or an operator); a canary that fails rolls the
     * deployment back.
     */
    CanaryApplication,
    /** Replaces the instances by the target version's, as the upgrade strategy allows. */
    RestartApplication,
    /** Kills every instance and removes the app. */
    StopApplication
}
