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
package org.agora.services.internal.app;

import java.time.Duration;

/**
 * Delays before relaunching the instances of an app whose instances keep failing: {@code backoffSeconds} after the
 * first failure, multiplied by {@code backoffFactor} after each further one, at most {@code maxLaunchDelaySeconds}.
 *
 * @param backoffSeconds        first delay; Marathon's default 1
 * @param backoffFactor         growth per failure; Marathon's default 1.15
 * @param maxLaunchDelaySeconds the longest delay; Marathon's default 300 (1.x docs; 3600 in 0.x)
 */
public record BackoffStrategy(double backoffSeconds, double backoffFactor, double maxLaunchDelaySeconds) {
    public static final BackoffStrategy DEFAULT = new BackoffStrategy(1, 1.15, 300);

    /** The delay after {@code failures} failures in a row (0 for none). */
    public Duration delayAfter(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        double seconds = backoffSeconds * Math.pow(backoffFactor, failures - 1);
        return Duration.ofMillis((long) (Math.min(seconds, maxLaunchDelaySeconds) * 1000));
    }
}
