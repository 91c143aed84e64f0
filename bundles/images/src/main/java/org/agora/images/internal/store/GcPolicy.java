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
