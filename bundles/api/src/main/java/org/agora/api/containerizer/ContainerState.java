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
package org.agora.api.containerizer;

import java.nio.file.Path;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.ContainerID;

/**
 * A container the agent knew of before it (or a plugin) restarted, as checkpointed: what recovery starts from.
 *
 * @param containerId the container
 * @param pid the process id of the container's top process, as launched
 * @param sandbox its working directory
 * @param resources what it was last given
 */
public record ContainerState(ContainerID containerId, long pid, Path sandbox, Resources resources) {
}
