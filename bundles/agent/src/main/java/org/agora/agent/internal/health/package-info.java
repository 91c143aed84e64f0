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
 * Health checks as Mesos's built-in executors run them: the settings and counting rules ({@code HealthTiming}, {@code
 * HealthHistory}, {@code HealthReport}), one probe per type ({@code HttpProbe}, {@code TcpProbe}, {@code CommandProbe},
 * the last entering the task's cgroups and namespaces through {@code ContainerEntry}), and the scheduling on threads of
 * their own ({@code HealthChecker}, {@code HealthCheckers}); results go back to the agent's actor, never run on it.
 */
package org.agora.agent.internal.health;
