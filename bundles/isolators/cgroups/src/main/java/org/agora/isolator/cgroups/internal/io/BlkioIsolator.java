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

import java.util.Map;
import org.agora.api.isolator.Isolator;
import org.agora.isolator.cgroups.internal.Cgroups;
import org.agora.isolator.cgroups.internal.hierarchy.Cgroup;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** {@code cgroups/blkio} (cgroup v1 only): the configured per-device throttles in {@code blkio.throttle.*}. */
@Component(service = Isolator.class, property = "isolator.name=" + BlkioIsolator.NAME,
        configurationPid = BlkioIsolator.PID)
@Designate(ocd = ThrottleConfig.class)
public final class BlkioIsolator extends ThrottlingIsolator {
    public static final String NAME = "cgroups/blkio";
    static final String PID = "org.agora.isolator.cgroups.blkio";

    @Activate
    public BlkioIsolator(@Reference Cgroups cgroups, Map<String, Object> properties) {
        super(cgroups, properties, NAME, PID, "blkio", CgroupVersion.V1, IoIsolator.NAME);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    @Override
    protected void write(String container, String device, Throttles.Limits limits) {
        Cgroup cgroup = cgroup("blkio", container);
        // 0 removes a limit, so writing every field also clears what an earlier configuration set
        cgroup.write("blkio.throttle.read_bps_device", device + " " + limits.readBps());
        cgroup.write("blkio.throttle.write_bps_device", device + " " + limits.writeBps());
        cgroup.write("blkio.throttle.read_iops_device", device + " " + limits.readIops());
        cgroup.write("blkio.throttle.write_iops_device", device + " " + limits.writeIops());
    }
}
