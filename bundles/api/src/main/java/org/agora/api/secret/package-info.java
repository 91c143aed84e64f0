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
 * The secret resolver SPI, as Mesos's {@code SecretResolver} module: the agent turns the {@code Secret}s a task
 * names (an {@code Environment.Variable} of type {@code SECRET}) into their values at launch through a
 * {@link org.agora.api.secret.SecretResolver} service, and the native containerizer does the same for its volumes
 * ({@code Volume.Source} of type {@code SECRET}, written to a file in the container). The values go to the task's
 * process (or its container's file) only; the agent keeps and reports the references.
 */
@Export
@Version("1.0.0")
package org.agora.api.secret;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
