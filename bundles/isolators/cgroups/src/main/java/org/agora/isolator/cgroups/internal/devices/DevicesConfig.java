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

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Options of {@code cgroups/devices} (PID {@code org.agora.isolator.cgroups.devices}). */
@ObjectClassDefinition(name = "Agora cgroups/devices isolator", description = "Containers may open and mknod only "
        + "the devices listed (cgroup v1 devices controller).")
public @interface DevicesConfig {

    @AttributeDefinition(description = "The devices every container may use, comma-separated, each as "
            + "devices.allow takes it: type (a, b or c), major:minor (a number or *), access (r, w, m). The default "
            + "is Mesos's list: mknod of any device, the console and ttys, /dev/pts, /dev/ptmx, /dev/net/tun, "
            + "/dev/null, /dev/zero, /dev/full, /dev/tty, /dev/urandom, /dev/random.")
    String allowed_devices() default "c *:* m, b *:* m, c 5:1 rwm, c 4:0 rwm, c 4:1 rwm, c 136:* rwm, c 5:2 rwm, "
            + "c 10:200 rwm, c 1:3 rwm, c 1:5 rwm, c 1:7 rwm, c 5:0 rwm, c 1:9 rwm, c 1:8 rwm";
}
