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
package org.agora.api.allocator;

import java.time.Duration;

/**
 * Settings the master passes to the allocator it activates.
 *
 * @param allocationInterval how often the master calls {@link Allocator#allocate()} on its own
 * @param minCpus smallest cpu amount worth offering on an agent (Mesos: 0.01)
 * @param minMemMb smallest memory worth offering on an agent (Mesos: 32 MB)
 */
public record AllocatorOptions(Duration allocationInterval, double minCpus, double minMemMb) {

    /** Mesos's defaults: allocate every second, offer no less than 0.01 cpus or 32 MB. */
    public static AllocatorOptions defaults() {
        return new AllocatorOptions(Duration.ofSeconds(1), 0.01, 32);
    }
}
