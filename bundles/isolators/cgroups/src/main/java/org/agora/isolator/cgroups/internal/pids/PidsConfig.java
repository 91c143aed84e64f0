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
