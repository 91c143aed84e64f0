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
package org.agora.isolator.cgroups.devices;

import java.nio.file.Path;
import java.util.List;
import org.agora.api.isolator.IsolatorException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The devices cgroup that {@code cgroups/devices} gives each container: created in its {@code prepare}, every device
 * denied, then its configured list allowed, and removed in its {@code cleanup}. An isolator that grants more devices
 * adds rules here in its own {@code prepare}, which the containerizer calls after {@code cgroups/devices}'s for the
 * same container. Rules are the kernel's {@code devices.allow} syntax: {@code <a|b|c> <major|*>:<minor|*> <rwm>}.
 *
 * <p>Calls for one container must not overlap (the isolator SPI's rule); calls for different containers may.
 */
@ProviderType
public interface DeviceCgroups {

    /**
     * Checks that devices cgroups can be used here.
     *
     * @throws IsolatorException saying why not (cgroup v2, where device access is an eBPF program; no devices
     *     hierarchy mounted)
     */
    void require();

    /**
     * Lets container {@code container} open the devices of {@code rules} as well.
     *
     * @throws IsolatorException when the container has no devices cgroup (cgroups/devices is not in the agent's
     *     isolation, or has not prepared it), when a rule is malformed, or when the kernel refuses a rule
     */
    void allow(String container, List<String> rules);

    /**
     * The rules in force for the container as the kernel lists them ({@code devices.list}); empty when it has no
     * devices cgroup.
     */
    List<String> allowed(String container);

    /** The container's devices cgroup directory, which need not exist. */
    Path path(String container);
}
