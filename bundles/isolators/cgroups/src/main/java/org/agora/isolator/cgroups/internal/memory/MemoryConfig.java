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
package org.agora.isolator.cgroups.internal.memory;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Options of {@code cgroups/mem} (PID {@code org.agora.isolator.cgroups.mem}). */
@ObjectClassDefinition(name = "Agora cgroups/mem isolator", description = "A memory limit from each container's "
        + "mem; an OOM kill in the container ends it with REASON_CONTAINER_LIMITATION_MEMORY.")
public @interface MemoryConfig {

    @AttributeDefinition(description = "How often the OOM kill counters of watched containers are read, in "
            + "milliseconds (v1 memory.oom_control, v2 memory.events; Java cannot wait on the kernel's eventfd).")
    long oom_poll_ms() default 100;

    @AttributeDefinition(description = "Limit memory plus swap to mem as well, so a container cannot swap beyond "
            + "its limit (Mesos: --cgroups_limit_swap). v1 needs swap accounting (memory.memsw.*); v2 sets "
            + "memory.swap.max to 0.")
    boolean limit_swap() default false;
}
