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
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** {@code cgroups/io} (cgroup v2 only): the configured per-device throttles as {@code io.max} lines. */
@Component(service = Isolator.class, property = "isolator.name=" + IoIsolator.NAME, configurationPid = IoIsolator.PID)
@Designate(ocd = ThrottleConfig.class)
public final class IoIsolator extends ThrottlingIsolator {
    public static final String NAME = "cgroups/io";
    static final String PID = "org.agora.isolator.cgroups.io";

    @Activate
    public IoIsolator(@Reference Cgroups cgroups, Map<String, Object> properties) {
        super(cgroups, properties, NAME, PID, "io", CgroupVersion.V2, BlkioIsolator.NAME);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    @Override
    protected void write(String container, String device, Throttles.Limits limits) {
        cgroup("io", container).write("io.max", ioMax(device, limits));
    }

    /** One io.max line; "max" lifts a limit, so every key is written. */
    static String ioMax(String device, Throttles.Limits limits) {
        return device + " rbps=" + max(limits.readBps()) + " wbps=" + max(limits.writeBps()) + " riops="
                + max(limits.readIops()) + " wiops=" + max(limits.writeIops());
    }

    private static String max(long value) {
        return value == 0 ? "max" : Long.toString(value);
    }
}
