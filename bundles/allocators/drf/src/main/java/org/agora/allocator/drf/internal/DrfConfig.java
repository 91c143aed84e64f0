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
package org.agora.allocator.drf.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The DRF allocator's options (PID {@code org.agora.allocator.drf}, file {@code etc/org.agora.allocator.drf.cfg}). */
@ObjectClassDefinition(name = "Agora DRF allocator", description = "Mesos's hierarchical DRF allocator: fair "
        + "shares among roles and frameworks, quota, reservations, refusal filters.")
public @interface DrfConfig {

    @AttributeDefinition(description = "Comma-separated resource names left out of dominant-share computations, "
            + "for example gpus so that a few GPU users do not look rich (Mesos: --fairness_excluded_resource_names).")
    String fairness_exclude_resource_names() default "";

    @AttributeDefinition(description = "Offer agents that have GPUs only to frameworks with the GPU_RESOURCES "
            + "capability, keeping them for GPU work; when false other frameworks are offered such agents without "
            + "their GPUs (Mesos: --filter_gpu_resources).")
    boolean filter_gpu_resources() default true;

    @AttributeDefinition(description = "How many of the latest allocation runs the allocation_run_ms percentiles "
            + "are computed over.")
    int metrics_window() default 1000;
}
