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
/**
 * The scheduler: one actor ({@code ServicesScheduler}) owns apps, instances, deployments and launch delays for one
 * leadership term ({@code Term}); scheduler-client events and API calls are handed to it. Offers are matched ({@code
 * ResourcePool}, {@code Placement}) and turned into tasks ({@code TaskFactory}, {@code Launcher}); status updates are
 * stored before they are acknowledged ({@code StatusUpdates}); a new term reconciles first ({@code Reconciliation}) and
 * deployments advance in {@code DeploymentDriver}, through a canary step ({@code CanaryStep}) and readiness checks
 * ({@code ReadinessChecks}) where an app asks for them; groups and task kills are {@code GroupCommands}, {@code
 * GroupViews} and {@code TaskKill}.
 */
package org.agora.services.internal.scheduler;
