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
 * Deployments: what a change of an app takes ({@code DeploymentPlanner}: start, scale, restart, stop steps), Marathon's
 * rolling-upgrade arithmetic ({@code UpgradeMath}) and, per pass, what to launch and what to kill to converge on the
 * target ({@code Convergence}); the order {@code dependencies} impose ({@code Dependencies}). Pure functions over
 * values: no I/O, no threads, so they are tested alone.
 */
package org.agora.services.internal.deploy;
