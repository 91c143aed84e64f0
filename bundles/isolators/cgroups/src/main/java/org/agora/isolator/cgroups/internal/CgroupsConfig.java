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
package org.agora.isolator.cgroups.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where the cgroups isolators put containers (PID {@code org.agora.isolator.cgroups}). */
@ObjectClassDefinition(name = "Agora cgroups", description = "Where the cgroups isolators find the controllers and "
        + "create one cgroup per container.")
public @interface CgroupsConfig {

    @AttributeDefinition(description = "Directory, relative to each controller's hierarchy root, under which every "
            + "container gets its cgroup (Mesos: --cgroups_root). Everything under it belongs to this agent: "
            + "cgroups of containers the agent does not know are killed and removed on recovery.")
    String cgroups_root() default "agora";

    @AttributeDefinition(description = "Where the cgroup hierarchies are (Mesos: --cgroups_hierarchy): a cgroup2 "
            + "mount, or a directory of v1 hierarchies named for their controllers. Empty: found in "
            + "/proc/self/mountinfo, v1 where any controller is mounted as v1, else the cgroup2 mount.")
    String cgroups_hierarchy() default "";

    @AttributeDefinition(description = "How long destroying a container's cgroup may take to kill its processes "
            + "before it fails, in milliseconds.")
    long destroy_timeout_ms() default 10_000;
}
