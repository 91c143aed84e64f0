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
 * Agent membership in one term: {@code AgentManager} (the face the term uses), {@code AgentRegistrar} (registration,
 * re-registration, heartbeats over the agent channel), {@code AgentReachability} (unreachable agents, the
 * re-registration timeout after an election, garbage collection), and {@code AgentChannel} (the WebSocket endpoint).
 * Registry first: nothing is told to an agent or to the rest of the term before the registry holds it.
 */
package org.agora.master.internal.agent;
