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
package org.agora.services.internal.instance;

import java.time.Instant;
import java.util.Optional;

/**
 * The health of one instance as its {@code TaskStatus.healthy} reported it, in the shape of Marathon's
 * {@code healthCheckResults}.
 *
 * @param alive               the last result; empty before the first
 * @param consecutiveFailures unhealthy reports in a row
 * @param firstSuccess        the first healthy report
 * @param lastSuccess         the last healthy report
 * @param lastFailure         the last unhealthy report
 */
public record Health(Optional<Boolean> alive, int consecutiveFailures, Optional<Instant> firstSuccess,
        Optional<Instant> lastSuccess, Optional<Instant> lastFailure) {

    public static final Health UNKNOWN = new Health(Optional.empty(), 0, Optional.empty(), Optional.empty(),
            Optional.empty());

    /** The health after a report of {@code healthy} at {@code at}. */
    public Health reported(boolean healthy, Instant at) {
        if (healthy) {
            return new Health(Optional.of(true), 0, firstSuccess.or(() -> Optional.of(at)), Optional.of(at),
                    lastFailure);
        }
        return new Health(Optional.of(false), consecutiveFailures + 1, firstSuccess, lastSuccess, Optional.of(at));
    }
}
