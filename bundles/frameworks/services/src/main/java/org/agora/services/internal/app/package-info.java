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
 * App definitions as Marathon writes them: the immutable {@code AppDefinition} and its parts (ports, constraints,
 * health and readiness checks, upgrade strategy with its canary, backoff, env secrets), groups as Marathon writes them
 * ({@code GroupSpec}, {@code GroupMeta}), Marathon's JSON both ways with its defaults ({@code AppJson}), and validation
 * that names every bad field as a 422's {@code details} ({@code AppValidator}, {@code Violations}).
 */
package org.agora.services.internal.app;
