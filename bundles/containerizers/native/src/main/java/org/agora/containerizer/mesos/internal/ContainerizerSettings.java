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
package org.agora.containerizer.mesos.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checked options. An isolator name nobody knows stops the containerizer (and so the agent) with the known ones
 * listed, as Mesos refuses an unknown {@code --isolation}; a known name whose bundle is not installed yet only
 * makes launches wait for it to be reported missing.
 *
 * @param isolators isolator services to apply, in order
 * @param namespaces namespaces the launcher itself creates ({@code pid} for namespaces/pid, {@code mnt} for
 *     filesystem/linux)
 */
/**
 * @param hostPaths the host paths {@code host_path} volumes may bind ({@code volumes.host.allowed})
 */
record ContainerizerSettings(List<String> isolators, Set<String> namespaces, HostPathAllowList hostPaths) {
    static final String PID = "org.agora.containerizer.mesos";

    /** Isolators implemented as services in their own bundles. */
    static final List<String> SERVICE_ISOLATORS = List.of("cgroups/cpu", "cgroups/mem", "cgroups/pids",
            "cgroups/blkio", "cgroups/io", "cgroups/devices", "disk/du", "gpu/nvidia", "network/cni");
    /** Isolators the launcher implements itself. */
    static final List<String> BUILT_IN = List.of("namespaces/pid", "filesystem/linux");

    /** Containers worked on at once by default: enough to keep two cores busy while each waits on the kernel. */
    static final int DEFAULT_THREADS = 8;

    /** {@code launcher} values. */
    static final String NATIVE = "native";
    static final String SCRIPT = "script";

    /**
     * The native launcher to use, installed; empty: the scripts ({@code launcher = script}, or the binary cannot be
     * used here, which {@link LauncherBinary} logs).
     *
     * @throws IllegalArgumentException for a {@code launcher} other than native or script
     */
    static Optional<Path> launcher(ContainerizerConfig c) {
        switch (c.launcher().trim()) {
            case NATIVE:
                return LauncherBinary.install(c.launcher_dir().isBlank() ? LauncherBinary.defaultDir()
                        : Path.of(c.launcher_dir().trim()));
            case SCRIPT:
                return Optional.empty();
            default:
                throw new IllegalArgumentException(PID + ": launcher=" + c.launcher() + ": expected "
                        + NATIVE + " or " + SCRIPT);
        }
    }

    /** @throws IllegalArgumentException for an unknown isolator or a host path prefix that is not absolute */
    static ContainerizerSettings from(ContainerizerConfig c) {
        return parse(c.isolation()).withHostPaths(HostPathAllowList.parse(c.volumes_host_allowed()));
    }

    ContainerizerSettings withHostPaths(HostPathAllowList allowed) {
        return new ContainerizerSettings(isolators, namespaces, allowed);
    }

    /** @throws IllegalArgumentException when {@code parallel.launches} is below 1 */
    static int threads(ContainerizerConfig c) {
        if (c.parallel_launches() < 1) {
            throw new IllegalArgumentException(PID + ": parallel.launches=" + c.parallel_launches()
                    + " must be at least 1");
        }
        return c.parallel_launches();
    }

    static ContainerizerSettings parse(String isolation) {
        List<String> services = new ArrayList<>();
        Set<String> namespaces = new LinkedHashSet<>();
        for (String raw : isolation.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("namespaces/pid")) {
                namespaces.add("pid");
            } else if (name.equals("filesystem/linux")) {
                namespaces.add("mnt");
            } else if (SERVICE_ISOLATORS.contains(name)) {
                if (!services.contains(name)) {
                    services.add(name);
                }
            } else {
                List<String> known = new ArrayList<>(SERVICE_ISOLATORS);
                known.addAll(BUILT_IN);
                throw new IllegalArgumentException(PID + ": isolation: unknown isolator '" + name + "'; known: "
                        + String.join(", ", known));
            }
        }
        // gpu/nvidia adds its GPUs to the devices cgroup that cgroups/devices sets up: it must come after it, and
        // without it there is no such cgroup (Mesos refuses gpu/nvidia without cgroups/devices too)
        if (services.remove("gpu/nvidia")) {
            if (!services.contains("cgroups/devices")) {
                throw new IllegalArgumentException(PID + ": isolation: gpu/nvidia needs cgroups/devices (it allows "
                        + "each container its GPUs in the devices cgroup that cgroups/devices sets up): add "
                        + "cgroups/devices to isolation");
            }
            services.add("gpu/nvidia");
        }
        return new ContainerizerSettings(List.copyOf(services), Set.copyOf(namespaces), HostPathAllowList.ALL);
    }
}
