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
package org.agora.isolator.gpu.internal;

import java.util.Optional;

/**
 * One GPU of the agent.
 *
 * @param major device major number (195 for NVIDIA)
 * @param minor device minor number, the N of /dev/nvidiaN
 * @param uuid the GPU's UUID as nvidia-smi reports it, when known
 */
record Gpu(int major, int minor, Optional<String> uuid) {

    /** How NVIDIA_VISIBLE_DEVICES names it: the UUID when known (stable across reboots), else the minor. */
    String visibleName() {
        return uuid.orElse(Integer.toString(minor));
    }

    /** The devices cgroup rule that lets a container open it. */
    String rule() {
        return "c " + major + ":" + minor + " rwm";
    }
}
