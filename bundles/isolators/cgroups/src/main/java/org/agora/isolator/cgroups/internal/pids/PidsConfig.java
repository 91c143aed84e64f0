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

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Options of {@code cgroups/pids} (PID {@code org.agora.isolator.cgroups.pids}). */
@ObjectClassDefinition(name = "Agora cgroups/pids isolator", description = "A per-container limit on processes "
        + "and threads (pids.max), so a fork bomb stays inside its container.")
public @interface PidsConfig {

    @AttributeDefinition(description = "The most processes and threads one container may have; fork and clone "
            + "fail with EAGAIN beyond it. 0 counts without limiting. Applies to containers prepared or updated "
            + "after the change.")
    long max_processes() default 4096;
}
