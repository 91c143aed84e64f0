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
package org.agora.isolator.cgroups.internal.pids;

import java.util.List;
import java.util.Map;
import org.agora.api.config.TypedConfig;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.isolator.Isolator;
import org.agora.api.resources.Resources;
import org.agora.isolator.cgroups.internal.CgroupIsolator;
import org.agora.isolator.cgroups.internal.Cgroups;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code cgroups/pids}: every container may hold at most {@code max_processes} tasks ({@code pids.max}, same file
 * on v1 and v2). The limit comes from configuration, not from the task's resources: Mesos has no such resource.
 */
@Component(service = Isolator.class, property = "isolator.name=" + PidsIsolator.NAME,
        configurationPid = PidsIsolator.PID)
@Designate(ocd = PidsConfig.class)
public final class PidsIsolator extends CgroupIsolator {
    public static final String NAME = "cgroups/pids";
    static final String PID = "org.agora.isolator.cgroups.pids";

    private volatile PidsConfig config;

    @Activate
    public PidsIsolator(@Reference Cgroups cgroups, Map<String, Object> properties) {
        super(cgroups);
        this.config = read(properties);
    }

    private static PidsConfig read(Map<String, Object> properties) {
        PidsConfig config = TypedConfig.read(PidsConfig.class, PID, properties);
        if (config.max_processes() < 0) {
            throw new IllegalArgumentException(PID + ": max.processes=" + config.max_processes()
                    + " must be 0 (no limit) or more");
        }
        return config;
    }

    @Modified
    void modified(Map<String, Object> properties) {
        config = read(properties);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected List<String> controllers(CgroupVersion version) {
        return List.of("pids");
    }

    @Override
    protected void apply(String name, Resources resources, boolean created) {
        long max = config.max_processes();
        cgroup("pids", name).write("pids.max", max == 0 ? "max" : Long.toString(max));
        log.debug("{}: container {}: at most {} processes", NAME, name, max == 0 ? "unlimited" : max);
    }

    @Override
    protected ContainerUsage measure(String name, Resources resources, long processes) {
        return new ContainerUsage(now(), -1, -1, -1, -1, -1, processes);
    }
}
