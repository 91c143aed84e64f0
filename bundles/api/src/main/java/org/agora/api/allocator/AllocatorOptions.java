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
