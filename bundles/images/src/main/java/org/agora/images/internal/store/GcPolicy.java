package org.agora.images.internal.store;

import java.util.Set;

/**
 * The automatic image GC's settings (Mesos's {@code image_gc_config}).
 *
 * @param intervalMs     how often it looks; 0: never (only {@code pruneImages} removes images)
 * @param diskHeadroom   when less than this fraction of the store's file system is free, every image and layer
 *                       no container uses is removed (Mesos's {@code image_disk_headroom}); 0: never
 * @param maxUnusedAgeMs layers no container has used for longer are removed whatever the disk; 0: never
 * @param excluded       image names (as requested) whose layers are never collected (Mesos's
 *                       {@code excluded_images})
 */
public record GcPolicy(long intervalMs, double diskHeadroom, long maxUnusedAgeMs, Set<String> excluded) {
    public GcPolicy {
        excluded = Set.copyOf(excluded);
    }
}
