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
 * The isolator SPI: one isolation mechanism (a cgroup controller, a namespace, disk accounting, GPUs) that the
 * containerizer applies around every container it launches. Isolators are DS services; the agent selects them by
 * {@link org.agora.api.isolator.Isolator#name()} through its {@code isolation} option.
 */
@Export
@Version("1.1.0")
package org.agora.api.isolator;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
