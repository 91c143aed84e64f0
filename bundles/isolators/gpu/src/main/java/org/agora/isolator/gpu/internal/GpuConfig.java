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
package org.agora.isolator.gpu.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The gpu/nvidia isolator's options (PID {@code org.agora.isolator.gpu}). */
@ObjectClassDefinition(name = "Agora gpu/nvidia isolator", description = "Gives containers the NVIDIA GPUs their "
        + "gpus resource asks for, and only those.")
public @interface GpuConfig {

    @AttributeDefinition(description = "Where the NVIDIA device files are (nvidia0, nvidia1, ..., nvidiactl, "
            + "nvidia-uvm).")
    String devices_dir() default "/dev";

    @AttributeDefinition(description = "nvidia-smi, used to learn each GPU's UUID; empty or absent uses minor "
            + "numbers in NVIDIA_VISIBLE_DEVICES.")
    String nvidia_smi() default "nvidia-smi";

    @AttributeDefinition(description = "Comma-separated minor numbers of the GPUs this agent may hand out; empty "
            + "uses every GPU found (Mesos: --nvidia_gpu_devices).")
    String gpu_devices() default "";
}
