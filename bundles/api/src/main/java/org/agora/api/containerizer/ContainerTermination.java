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

import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a container ended.
 *
 * @param status the wait status of the top process as {@code waitpid} reports it (exit code in bits 8-15, signal in
 *     0-6), empty when it is not known (the process was not our child, for example after an agent restart)
 * @param limitation the limit that ended it, if one did
 * @param message a line for a person
 */
public record ContainerTermination(OptionalInt status, Optional<ContainerLimitation> limitation, String message) {
}
