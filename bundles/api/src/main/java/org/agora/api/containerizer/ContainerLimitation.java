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

import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.TaskStatus;

/**
 * A limit the kernel (or an isolator's own check) enforced on a container, for example an OOM kill. The agent reports
 * the task's end with {@code reason} and {@code message}.
 *
 * @param reason for example {@code REASON_CONTAINER_LIMITATION_MEMORY}
 * @param message what happened, for a person ("memory limit 64 MB exceeded: 65.1 MB used")
 * @param resources the resources whose limit was hit
 */
public record ContainerLimitation(TaskStatus.Reason reason, String message, Resources resources) {
}
