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
package org.agora.isolator.disk.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The disk/du isolator's options (PID {@code org.agora.isolator.disk}). */
@ObjectClassDefinition(name = "Agora disk/du isolator", description = "Measures sandboxes with du and ends "
        + "containers that outgrow their disk resource.")
public @interface DiskConfig {

    @AttributeDefinition(description = "How often each sandbox is measured, in milliseconds (Mesos: "
            + "--container_disk_watch_interval, 15 s).")
    long check_interval_ms() default 15_000;

    @AttributeDefinition(description = "End a container whose sandbox is larger than its disk resource; false only "
            + "measures (Mesos: --enforce_container_disk_quota).")
    boolean enforce() default true;

    @AttributeDefinition(description = "The du program to run.")
    String du() default "du";
}
