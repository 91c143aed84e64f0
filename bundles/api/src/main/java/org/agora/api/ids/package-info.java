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
 * The rule every id that becomes a file name follows (framework, executor, task and container ids: they name
 * directories of the agent's sandboxes and checkpoints), shared by master and agent so that both refuse the same ids
 * before anything touches the disk.
 */
@Export
@Version("1.0.0")
package org.agora.api.ids;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
