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

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Per-device I/O limits of {@code cgroups/blkio} (v1, PID {@code org.agora.isolator.cgroups.blkio}) and
 * {@code cgroups/io} (v2, PID {@code org.agora.isolator.cgroups.io}). Every container gets the same limits.
 */
@ObjectClassDefinition(name = "Agora cgroups I/O throttling", description = "Per-device bandwidth and IOPS limits "
        + "for every container. Each value is a comma-separated list of major:minor=limit, for example "
        + "8:0=10485760,8:16=5242880 (see /sys/block/*/dev for the numbers).")
public @interface ThrottleConfig {

    @AttributeDefinition(description = "Read bytes per second, per device (major:minor=bytes).")
    String read_bps_device() default "";

    @AttributeDefinition(description = "Write bytes per second, per device (major:minor=bytes).")
    String write_bps_device() default "";

    @AttributeDefinition(description = "Read operations per second, per device (major:minor=count).")
    String read_iops_device() default "";

    @AttributeDefinition(description = "Write operations per second, per device (major:minor=count).")
    String write_iops_device() default "";
}
