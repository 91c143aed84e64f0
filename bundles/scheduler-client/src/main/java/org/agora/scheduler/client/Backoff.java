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
package org.agora.scheduler.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between re-subscription attempts ({@link SchedulerClient#resubscribe}): the n-th retry (from 0) waits a
 * random time between half and all of {@code min(max, initial × 2ⁿ)}, so that many schedulers that lost the same
 * master do not come back in step.
 *
 * @param initial     the delay before the first retry; positive
 * @param max         the longest delay; at least {@code initial}
 * @param maxAttempts how many attempts in all before giving up; 0 for no limit
 */
public record Backoff(Duration initial, Duration max, int maxAttempts) {

    /** 1 s doubling up to 30 s, without limit. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0);

    /** @throws IllegalArgumentException if a delay is not positive, {@code max < initial} or attempts negative */
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || maxAttempts < 0) {
            throw new IllegalArgumentException("backoff " + initial + ".." + max + " x" + maxAttempts
                    + ": delays must be positive, max >= initial and attempts >= 0");
        }
    }

    /**
     * The delay before retry number {@code retry} (0 for the first retry).
     *
     * @throws IllegalArgumentException if {@code retry} is negative
     */
    public Duration delay(int retry) {
        if (retry < 0) {
            throw new IllegalArgumentException("retry " + retry + " is negative");
        }
        long ceiling = max.toNanos();
        long nanos = initial.toNanos();
        for (int i = 0; i < retry && nanos < ceiling; i++) {
            nanos = nanos > ceiling / 2 ? ceiling : nanos * 2;
        }
        nanos = Math.min(nanos, ceiling);
        return Duration.ofNanos(nanos / 2 + ThreadLocalRandom.current().nextLong(nanos / 2 + 1));
    }

    /** True if attempt number {@code attempt} (1 for the first) may still be made. */
    public boolean allows(int attempt) {
        return maxAttempts == 0 || attempt <= maxAttempts;
    }
}
