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
package org.agora.services.internal.deploy;

import org.agora.services.internal.app.UpgradeStrategy;

/**
 * Marathon's arithmetic for replacing instances (its {@code TaskReplaceActor.computeRestartStrategy}): never fewer
 * than {@code ceil(minimumHealthCapacity × instances)} ready instances, never more than
 * {@code floor((1 + maximumOverCapacity) × instances)} instances at all, and when those two bounds meet at or
 * below what runs already, one more instance is allowed, or no new instance could ever start.
 */
public final class UpgradeMath {
    private UpgradeMath() {
    }

    /** The fewest ready instances a replacement may leave: {@code ceil(instances × minimumHealthCapacity)}. */
    public static int minHealthy(int instances, UpgradeStrategy strategy) {
        return (int) Math.ceil(instances * strategy.minimumHealthCapacity());
    }

    /**
     * The most instances, old and new, that may exist at once while replacing.
     *
     * @param instances the target instance count
     * @param strategy  the target's upgrade strategy
     * @param running   how many instances (old and new, not being killed) run now
     */
    public static int maxCapacity(int instances, UpgradeStrategy strategy, int running) {
        int minHealthy = minHealthy(instances, strategy);
        int max = (int) (instances * (1 + strategy.maximumOverCapacity()));
        if (minHealthy == max && max <= running) {
            max += 1;
        }
        return max;
    }

    /** How many old instances Marathon kills at once when a replacement starts: {@code running - minHealthy}. */
    public static int killImmediately(int instances, UpgradeStrategy strategy, int oldRunning) {
        return Math.max(0, oldRunning - minHealthy(instances, strategy));
    }
}
