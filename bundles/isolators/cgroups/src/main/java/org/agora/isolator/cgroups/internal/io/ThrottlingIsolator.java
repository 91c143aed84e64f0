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
package org.agora.isolator.cgroups.internal.io;

import java.util.List;
import java.util.Map;
import org.agora.api.config.TypedConfig;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.isolator.IsolatorException;
import org.agora.api.resources.Resources;
import org.agora.isolator.cgroups.internal.CgroupIsolator;
import org.agora.isolator.cgroups.internal.Cgroups;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;

/**
 * What {@code cgroups/blkio} (v1) and {@code cgroups/io} (v2) share: the configured per-device throttles, their live
 * reconfiguration, and the refusal to run on the other cgroup version, naming the isolator to use there. Each
 * subclass only writes the throttles in its controller's format.
 */
abstract class ThrottlingIsolator extends CgroupIsolator {
    private final String name;
    private final String pid;
    private final String controller;
    private final CgroupVersion version;
    private final String other;
    protected volatile Throttles throttles;

    ThrottlingIsolator(Cgroups cgroups, Map<String, Object> properties, String name, String pid, String controller,
            CgroupVersion version, String other) {
        super(cgroups);
        this.name = name;
        this.pid = pid;
        this.controller = controller;
        this.version = version;
        this.other = other;
        configure(properties);
    }

    /** A new configuration applies to containers prepared from now on. */
    final void configure(Map<String, Object> properties) {
        throttles = Throttles.parse(pid, TypedConfig.read(ThrottleConfig.class, pid, properties));
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    protected final List<String> controllers(CgroupVersion machine) {
        if (machine != version) {
            throw new IsolatorException(name + ": this machine has cgroup " + machine.name().toLowerCase()
                    + ", which has no " + controller + " controller: use the " + other + " isolator instead");
        }
        return List.of(controller);
    }

    @Override
    protected final void apply(String container, Resources resources, boolean created) {
        throttles.devices().forEach((device, limits) -> write(container, device, limits));
        if (!throttles.devices().isEmpty()) {
            log.debug("{}: container {}: throttled {}", name, container, throttles.devices());
        }
    }

    /** Writes one device's limits into the container's cgroup, clearing those not set. */
    protected abstract void write(String container, String device, Throttles.Limits limits);

    @Override
    protected final ContainerUsage measure(String container, Resources resources, long processes) {
        return new ContainerUsage(now(), -1, -1, -1, -1, -1, processes);
    }
}
