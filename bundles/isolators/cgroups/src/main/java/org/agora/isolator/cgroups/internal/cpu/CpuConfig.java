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
package org.agora.isolator.cgroups.internal.cpu;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Options of {@code cgroups/cpu} (PID {@code org.agora.isolator.cgroups.cpu}). */
@ObjectClassDefinition(name = "Agora cgroups/cpu isolator", description = "CPU shares (v1 cpu.shares, v2 "
        + "cpu.weight) from each container's cpus, and optionally a hard limit with the CFS bandwidth controller.")
public @interface CpuConfig {

    @AttributeDefinition(description = "Also cap each container at its cpus with a CFS quota (cpu.cfs_quota_us, "
            + "v2 cpu.max), so it cannot use idle cores beyond its share (Mesos: --cgroups_enable_cfs). Applies to "
            + "containers prepared or updated after the change.")
    boolean cfs_enabled() default false;

    @AttributeDefinition(description = "The CFS period in microseconds; the quota is cpus times this.")
    long cfs_period_us() default 100_000;
}
