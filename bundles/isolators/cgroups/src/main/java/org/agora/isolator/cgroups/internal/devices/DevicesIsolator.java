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
package org.agora.isolator.cgroups.internal.devices;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.agora.api.config.TypedConfig;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.isolator.Isolator;
import org.agora.api.isolator.IsolatorException;
import org.agora.api.resources.Resources;
import org.agora.isolator.cgroups.internal.CgroupIsolator;
import org.agora.isolator.cgroups.internal.Cgroups;
import org.agora.isolator.cgroups.devices.DeviceCgroups;
import org.agora.isolator.cgroups.internal.hierarchy.Cgroup;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupException;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code cgroups/devices} (cgroup v1 only): each container starts denied every device and is allowed the configured
 * list. It is also the {@link DeviceCgroups} service through which other isolators ({@code gpu/nvidia}) allow a
 * container more devices in the same cgroup. On v2 the kernel has no devices.allow file: device access is decided by an
 * eBPF program attached to the
 * cgroup ({@code BPF_CGROUP_DEVICE}), which plain Java cannot load, so {@link #validate} refuses v2.
 */
@Component(service = {Isolator.class, DeviceCgroups.class}, property = "isolator.name=" + DevicesIsolator.NAME,
        configurationPid = DevicesIsolator.PID)
@Designate(ocd = DevicesConfig.class)
public final class DevicesIsolator extends CgroupIsolator implements DeviceCgroups {
    public static final String NAME = "cgroups/devices";
    static final String PID = "org.agora.isolator.cgroups.devices";

    private volatile List<String> allowed;

    @Activate
    public DevicesIsolator(@Reference Cgroups cgroups, Map<String, Object> properties) {
        super(cgroups);
        this.allowed = read(properties);
    }

    private static List<String> read(Map<String, Object> properties) {
        return DeviceRules.parse(PID, TypedConfig.read(DevicesConfig.class, PID, properties).allowed_devices());
    }

    @Modified
    void modified(Map<String, Object> properties) {
        allowed = read(properties);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected List<String> controllers(CgroupVersion version) {
        if (version == CgroupVersion.V2) {
            throw new IsolatorException(NAME + ": not supported on cgroup v2, where device access is controlled by "
                    + "an eBPF program attached to each cgroup (BPF_CGROUP_DEVICE), not by devices.allow/deny; "
                    + "Agora does not load one yet: remove cgroups/devices from the agent's isolation");
        }
        return List.of("devices");
    }

    @Override
    protected void apply(String name, Resources resources, boolean created) {
        if (!created) {
            return;
        }
        Cgroup cgroup = cgroup("devices", name);
        // a new cgroup inherits its parent's list; start from nothing so the list below is all there is
        cgroup.write("devices.deny", "a");
        for (String rule : allowed) {
            cgroup.write("devices.allow", rule);
        }
        log.debug("{}: container {}: devices allowed {}", NAME, name, allowed);
    }

    @Override
    public void require() {
        controllers(cgroups.version());
        if (!cgroups.hierarchy().has("devices")) {
            throw new IsolatorException(NAME + ": " + cgroups.hierarchy().missing("devices"));
        }
    }

    @Override
    public void allow(String container, List<String> rules) {
        List<String> checked;
        try {
            checked = DeviceRules.parse(NAME, String.join(",", rules));
        } catch (IllegalArgumentException e) {
            throw new IsolatorException(e.getMessage(), e);
        }
        Cgroup cgroup = devicesCgroup(container);
        if (!cgroup.exists()) {
            throw new IsolatorException(NAME + ": container " + container + " has no devices cgroup (" + cgroup
                    + "): cgroups/devices must be in the agent's isolation, and prepare the container first");
        }
        try {
            for (String rule : checked) {
                cgroup.write("devices.allow", rule);
            }
        } catch (CgroupException e) {
            throw failure(container, e);
        }
        log.info("{}: container {}: devices also allowed {}", NAME, container, checked);
    }

    @Override
    public List<String> allowed(String container) {
        Cgroup cgroup = devicesCgroup(container);
        try {
            return cgroup.exists() ? List.of(cgroup.read("devices.list").split("\n")) : List.of();
        } catch (CgroupException e) {
            throw failure(container, e);
        }
    }

    @Override
    public Path path(String container) {
        return devicesCgroup(container).dir();
    }

    private Cgroup devicesCgroup(String container) {
        try {
            return cgroup("devices", container);
        } catch (CgroupException e) {
            throw new IsolatorException(NAME + ": container id " + e.getMessage(), e);
        }
    }

    @Override
    protected ContainerUsage measure(String name, Resources resources, long processes) {
        return new ContainerUsage(now(), -1, -1, -1, -1, -1, processes);
    }
}
